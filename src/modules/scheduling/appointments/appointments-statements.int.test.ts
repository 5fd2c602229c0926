import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../../test/helpers/actors.js';
import { countQueries } from '../../../../test/helpers/query-count.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { bookAppointment } from './services/book-appointment.service.js';
import { visitTypeId, workEveryDay } from './appointments-test-support.js';

const t = useTestApp();
let receptionist: TestAccount;
let doctor: TestAccount;
let newPatient: string;

beforeAll(async () => {
  receptionist = await createAccount(t, { role: 'receptionist' });
  doctor = await createAccount(t, { role: 'doctor' });
  await workEveryDay(t.db, doctor.staffId!);
  newPatient = await visitTypeId(t.db, 'new_patient');
});

const quiet = { info() {}, warn() {} };
const context = (): ServiceContext => ({
  actor: {
    kind: 'user',
    userId: receptionist.userId,
    role: 'receptionist',
    flags: { nurseLead: false, privacyOfficer: false },
    email: receptionist.email,
    locale: 'en',
    timeZone: 'UTC',
    patientId: null,
    staffId: receptionist.staffId,
    sessionId: '00000000-0000-4000-8000-000000000000',
    sessionKind: 'api',
    mfaEnrolled: true,
  },
  origin: { ip: null, userAgent: null, requestId: null },
  now: t.clock.now(),
});

describe('statements per booking', () => {
  it('counts', async () => {
    const counter = countQueries(t);
    const patientId = (await createPatientRecord(t)).id;
    const idem = { principal: `user:${receptionist.userId}`, key: 'count-key-1', scope: 'POST /api/v1/appointments', requestHash: 'x' };
    counter.reset();
    await bookAppointment(
      counter.db,
      context(),
      { patientId, staffId: doctor.staffId!, visitTypeId: newPatient, startsAt: '2026-11-30T10:00:00.000Z' },
      { logger: quiet, idempotency: idem },
    );
    console.log('WIN', counter.count(), counter.statements().join('\n'));
    const loser = (await createPatientRecord(t)).id;
    counter.reset();
    await bookAppointment(
      counter.db,
      context(),
      { patientId: loser, staffId: doctor.staffId!, visitTypeId: newPatient, startsAt: '2026-11-30T10:00:00.000Z' },
      { logger: quiet, idempotency: { ...idem, key: 'count-key-2' } },
    ).catch((e) => console.log('LOSE', e.code));
    console.log('LOSE', counter.count(), counter.statements().join('\n'));
    expect(1).toBe(1);
  });
});
