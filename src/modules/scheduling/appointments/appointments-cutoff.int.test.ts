import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { ConfigError, loadConfig } from '../../../platform/config.js';
import { appointments } from './appointments.tables.js';
import { visitTypeId, workEveryDay } from './appointments-test-support.js';

/** APPOINTMENT_CANCEL_CUTOFF_HOURS: validated at start-up, and applied to patients. */
describe('the cancellation cut-off setting', () => {
  it('defaults to 24 hours and refuses what is not a whole number of hours from 0 to 720', () => {
    expect(loadConfig({}).appointmentCancelCutoffHours).toBe(24);
    expect(loadConfig({ APPOINTMENT_CANCEL_CUTOFF_HOURS: '2' }).appointmentCancelCutoffHours).toBe(2);
    for (const bad of ['soon', '-1', '1.5', '721']) {
      expect(() => loadConfig({ APPOINTMENT_CANCEL_CUTOFF_HOURS: bad })).toThrow(ConfigError);
    }
  });
});

describe('with a 2-hour cut-off', () => {
  const t = useTestApp({ env: { APPOINTMENT_CANCEL_CUTOFF_HOURS: '2' } });
  let doctor: TestAccount;
  let patient: TestAccount;
  let followUp: string;

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor' });
    patient = await createAccount(t, { role: 'patient' });
    await workEveryDay(t.db, doctor.staffId!);
    followUp = await visitTypeId(t.db, 'follow_up');
  });

  async function book(startsAt: string): Promise<string> {
    const res = await api(t, 'POST', '/api/v1/appointments', {
      token: patient.token,
      body: { staffId: doctor.staffId, visitTypeId: followUp, startsAt },
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  }

  it('lets a patient cancel three hours ahead, but not one hour ahead (the clock is 09:00)', async () => {
    const inThree = await book('2026-11-27T12:00:00Z');
    expect((await api(t, 'POST', `/api/v1/appointments/${inThree}/cancel`, { token: patient.token, body: {} })).statusCode).toBe(200);
    const inOne = await book('2026-11-27T10:00:00Z');
    const late = await api(t, 'POST', `/api/v1/appointments/${inOne}/cancel`, { token: patient.token, body: {} });
    expect(late.statusCode).toBe(422);
    expect(late.json().detail).toContain('less than 2 hours');
    const [row] = await t.db.select().from(appointments).where(eq(appointments.id, inOne));
    expect(row!.status).toBe('booked');
  });
});
