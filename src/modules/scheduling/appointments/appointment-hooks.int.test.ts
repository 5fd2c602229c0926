import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, createPatientRecord } from '../../../../test/helpers/actors.js';
import { appointmentRows, visitTypeId, workEveryDay } from './appointments-test-support.js';
import { registerAppointmentHook, type AppointmentChange } from './services/appointment-hooks.js';

/** The seam later features hang on: every change reaches the hooks, inside the transaction. */
describe('appointment hooks', () => {
  const t = useTestApp();

  it('runs each registered hook with the change, and a failing hook rolls the booking back', async () => {
    const seen: AppointmentChange['kind'][] = [];
    let failNext = false;
    registerAppointmentHook(t.app.deps, async (_tx, change) => {
      if (failNext) throw new Error('hook failed');
      seen.push(change.kind);
    });
    const receptionist = await createAccount(t, { role: 'receptionist' });
    const doctor = await createAccount(t, { role: 'doctor' });
    await workEveryDay(t.db, doctor.staffId!);
    const patient = await createPatientRecord(t);
    const followUp = await visitTypeId(t.db, 'follow_up');
    const book = (startsAt: string) =>
      api(t, 'POST', '/api/v1/appointments', {
        token: receptionist.token,
        body: { patientId: patient.id, staffId: doctor.staffId, visitTypeId: followUp, startsAt },
      });

    const booked = await book('2026-12-01T09:00:00Z');
    expect(booked.statusCode).toBe(201);
    const moved = await api(t, 'POST', `/api/v1/appointments/${booked.json().id}/reschedule`, {
      token: receptionist.token,
      body: { startsAt: '2026-12-01T10:00:00Z' },
    });
    expect(moved.statusCode).toBe(201);
    expect(
      (await api(t, 'POST', `/api/v1/appointments/${moved.json().id}/cancel`, { token: receptionist.token, body: {} })).statusCode,
    ).toBe(200);
    expect(seen).toEqual(['booked', 'rescheduled', 'cancelled']);

    failNext = true;
    expect((await book('2026-12-02T09:00:00Z')).statusCode).toBe(500);
    expect(await appointmentRows(t.db, { patientId: patient.id })).toHaveLength(2); // the failed booking left nothing
  });
});
