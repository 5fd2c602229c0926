import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../../test/helpers/actors.js';
import { countActiveOverlaps, createRoom, visitTypeId, workEveryDay } from './appointments-test-support.js';

/**
 * Whatever mix of bookings, cancellations and reschedules people send, no clinician, room or
 * patient ever has two overlapping active appointments. Each run uses its own day; its bookings
 * go first (all at once), then cancels, reschedules and more bookings aimed at them (all at once).
 * On PostgreSQL the requests of a phase race each other; PGlite runs them one after another.
 */
const t = useTestApp();

let receptionist: TestAccount;
const clinicians: string[] = [];
const patients: string[] = [];
const visitTypes: string[] = [];
let day = 0;

beforeAll(async () => {
  receptionist = await createAccount(t, { role: 'receptionist' });
  const room = await createRoom(t.db);
  // Two clinicians share one room (room conflicts), the third has none.
  for (const roomId of [room, room, null]) {
    const doctor = await createAccount(t, { role: 'doctor' });
    await workEveryDay(t.db, doctor.staffId!, { start: '09:00', end: '12:00', roomId });
    clinicians.push(doctor.staffId!);
  }
  for (let i = 0; i < 3; i++) patients.push((await createPatientRecord(t)).id);
  visitTypes.push(await visitTypeId(t.db, 'follow_up'), await visitTypeId(t.db, 'new_patient'));
});

// Starts on a 15-minute grid between 09:00 and 11:45: a 30-minute visit overlaps two 15-minute ones.
const slot = fc.integer({ min: 0, max: 11 });
const booking = fc.record({
  patient: fc.integer({ min: 0, max: 2 }),
  clinician: fc.integer({ min: 0, max: 2 }),
  visitType: fc.integer({ min: 0, max: 1 }),
  slot,
});
const followUp = fc.oneof(
  fc.record({ kind: fc.constant('book' as const), booking }),
  fc.record({ kind: fc.constant('cancel' as const), target: fc.nat() }),
  fc.record({
    kind: fc.constant('reschedule' as const),
    target: fc.nat(),
    slot,
    clinician: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
  }),
);

type Booking = { patient: number; clinician: number; visitType: number; slot: number };

function startOf(dayIndex: number, slotIndex: number): string {
  const date = new Date(Date.UTC(2026, 11, 1 + dayIndex, 9, 15 * slotIndex));
  return date.toISOString();
}

const send = (url: string, body: unknown) => api(t, 'POST', url, { token: receptionist.token, body });

describe('random book / cancel / reschedule sequences', () => {
  it('never leave overlapping active appointments for a clinician, a room or a patient', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(booking, { minLength: 1, maxLength: 8 }),
        fc.array(followUp, { maxLength: 10 }),
        async (bookings, followUps) => {
          const today = day++;
          // A 30-minute visit starts on the half hour (slots align to the working hours' start).
          const book = (b: Booking) =>
            send('/api/v1/appointments', {
              patientId: patients[b.patient],
              staffId: clinicians[b.clinician],
              visitTypeId: visitTypes[b.visitType],
              startsAt: startOf(today, b.visitType === 1 ? b.slot - (b.slot % 2) : b.slot),
            });
          const first = await Promise.all(bookings.map(book));
          const booked = first.filter((r) => r.statusCode === 201).map((r) => r.json().id as string);
          const second = await Promise.all(
            followUps.map((step) => {
              if (step.kind === 'book') return book(step.booking);
              const id = booked[step.target % Math.max(booked.length, 1)];
              if (!id) return book({ patient: 0, clinician: 0, visitType: 0, slot: step.kind === 'reschedule' ? step.slot : 0 });
              if (step.kind === 'cancel') return send(`/api/v1/appointments/${id}/cancel`, {});
              return send(`/api/v1/appointments/${id}/reschedule`, {
                startsAt: startOf(today, step.slot),
                ...(step.clinician !== undefined ? { staffId: clinicians[step.clinician] } : {}),
              });
            }),
          );
          for (const res of [...first, ...second]) {
            // Every refusal is one of the stated ones, never a server error. (A reschedule keeps the
            // visit type, so a 30-minute visit moved to a quarter past is outside availability.)
            expect([200, 201, 409, 422]).toContain(res.statusCode);
            if (res.statusCode === 409) expect(['slot_taken', 'room_taken', 'patient_busy', 'conflict']).toContain(res.json().code);
            if (res.statusCode === 422) expect(res.json().code).toBe('outside_availability');
          }
          expect(await countActiveOverlaps(t.db)).toEqual({ clinician: 0, room: 0, patient: 0 });
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? (process.env.TEST_DATABASE_URL ? 15 : 25)) },
    );
  }, 240_000);
});
