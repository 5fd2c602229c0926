import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../../test/helpers/actors.js';
import { countQueries } from '../../../../test/helpers/query-count.js';
import { serviceContextOf } from '../../../../test/helpers/service-context.js';
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

/**
 * Statements per booking (transaction control not counted), held constant so the booking path
 * cannot grow round trips unnoticed. The loser of a slot already booked is answered by the
 * pre-check, without a transaction or an insert.
 */
describe('statements per booking', () => {
  it('books in 3 statements (5 with a cold grid), and refuses a taken slot in 1 without a transaction', async () => {
    const counter = countQueries(t);
    const idempotency = {
      principal: `user:${receptionist.userId}`,
      key: 'count-key-1',
      scope: 'POST /api/v1/appointments',
      requestHash: 'a',
    };
    const at = (startsAt: string) => ({ staffId: doctor.staffId!, visitTypeId: newPatient, startsAt });
    counter.reset();
    const first = (await createPatientRecord(t)).id;
    counter.reset();
    await bookAppointment(counter.db, context(), { patientId: first, ...at('2026-11-30T09:00:00.000Z') }, { logger: quiet, idempotency });
    // The facts (the key's answer, a booking at that instant, the patient, the clinician and their
    // specialties, the visit type, a conflict, the schedule version, the care team) in one; the
    // clinician's rules and exceptions (a cold grid); then in the transaction the key (lock, prune
    // and re-read in one), and the row with its audit, the care team and its audit, the key's answer in one.
    expect(counter.count()).toBe(5);
    expect(
      counter.matching(/^with .*insert into "audit_events".*insert into "care_team_members"|^with .*insert into "care_team_members"/s),
    ).toBe(1);

    const patientId = (await createPatientRecord(t)).id;
    const wanted = at('2026-11-30T10:00:00.000Z');
    counter.reset();
    const won = await bookAppointment(
      counter.db,
      context(),
      { patientId, ...wanted },
      { logger: quiet, idempotency: { ...idempotency, key: 'count-key-3' } },
    );
    expect(won.replayed).toBe(false);
    expect(counter.count(), 'the grid is warm: no rules or exceptions read').toBe(3);
    expect(counter.matching(/from "availability_rules"/)).toBe(0);

    const loser = (await createPatientRecord(t)).id;
    counter.reset();
    await expect(
      bookAppointment(
        counter.db,
        context(),
        { patientId: loser, ...wanted },
        { logger: quiet, idempotency: { ...idempotency, key: 'count-key-2' } },
      ),
    ).rejects.toMatchObject({ code: 'slot_taken', status: 409 });
    // The facts, the clinician's booking at that instant among them: nothing else.
    expect(counter.count()).toBe(1);
    expect(counter.matching(/^insert|advisory/)).toBe(0);
  });

  it('answers every attempt that waited on the slot from ONE statement: losers refused, a retry replayed, a reused key refused', async () => {
    const counter = countQueries(t);
    const wanted = { staffId: doctor.staffId!, visitTypeId: newPatient, startsAt: '2026-11-30T11:00:00.000Z' };
    const key = (name: string, requestHash: string) => ({
      principal: `user:${receptionist.userId}`,
      key: name,
      scope: 'POST /api/v1/appointments',
      requestHash,
    });
    const [winner, other, third] = [
      (await createPatientRecord(t)).id,
      (await createPatientRecord(t)).id,
      (await createPatientRecord(t)).id,
    ];
    counter.reset();
    // All sent at once: the first runs alone, the other four wait for it in this process.
    const book = (patientId: string, idempotency?: ReturnType<typeof key>) =>
      bookAppointment(counter.db, context(), { patientId, ...wanted }, { logger: quiet, idempotency });
    const outcomes = await Promise.allSettled([
      book(winner, key('burst-key-a', 'winner')),
      book(other, key('burst-key-b', 'other')),
      book(third),
      // The winner's own retry (same key, same request) while it runs: its answer, replayed.
      book(winner, key('burst-key-a', 'winner')),
      // The winner's key on a different request: refused to that request alone.
      book(third, key('burst-key-a', 'different')),
    ]);

    const [first, lost, lostWithoutKey, retry, reused] = outcomes;
    expect(first).toMatchObject({ status: 'fulfilled', value: { replayed: false, status: 201 } });
    const booked = (first as PromiseFulfilledResult<{ body: { id: string } }>).value.body.id;
    expect(lost).toMatchObject({ status: 'rejected', reason: { code: 'slot_taken', status: 409 } });
    expect(lostWithoutKey).toMatchObject({ status: 'rejected', reason: { code: 'slot_taken', status: 409 } });
    expect(retry).toMatchObject({ status: 'fulfilled', value: { replayed: true, response: { status: 201 } } });
    expect(JSON.parse((retry as PromiseFulfilledResult<{ response: { body: string } }>).value.response.body)).toMatchObject({ id: booked });
    expect(reused).toMatchObject({ status: 'rejected', reason: { code: 'idempotency_key_reused' } });

    // The winner's 3 (facts, key, write); ONE for the four that waited (the booking at that
    // instant and their three keys' answers); the replay's audit row. (The clinician's rules and
    // exceptions are read too when the grid is cold: they are not the burst's cost.)
    expect(counter.matching(/json_to_recordset/)).toBe(1);
    expect(counter.count() - counter.matching(/from "availability_(rules|exceptions)"/)).toBe(5);
  });

  it("reads each attempt's facts in ONE statement built once per shape (staff, patient), with that attempt's own values", async () => {
    const counter = countQueries(t);
    const otherDoctor = await createAccount(t, { role: 'doctor' });
    await workEveryDay(t.db, otherDoctor.staffId!);
    const [first, second, third] = [
      (await createPatientRecord(t)).id,
      (await createPatientRecord(t)).id,
      (await createPatientRecord(t)).id,
    ];
    const self = await createAccount(t, { role: 'patient' });
    const otherSelf = await createAccount(t, { role: 'patient' });
    const factsTexts: string[] = [];
    const book = async (ctx: ServiceContext, staffId: string, startsAt: string, patientId?: string) => {
      counter.reset();
      try {
        return await bookAppointment(counter.db, ctx, { patientId, staffId, visitTypeId: newPatient, startsAt }, { logger: quiet });
      } finally {
        factsTexts.push(counter.statements()[0]!);
      }
    };
    const desk = () => serviceContextOf(t, receptionist, 'receptionist');
    const at13 = '2026-11-30T13:00:00.000Z';
    const at15 = '2026-11-30T15:00:00.000Z';

    // Each read answers for this attempt's clinician, start and patient, not the first attempt's.
    await expect(book(desk(), doctor.staffId!, at13, first)).resolves.toMatchObject({ status: 201 });
    await expect(book(desk(), otherDoctor.staffId!, at13, second)).resolves.toMatchObject({ status: 201 });
    await expect(book(desk(), doctor.staffId!, at13, third)).rejects.toMatchObject({ code: 'slot_taken' });
    await expect(book(desk(), otherDoctor.staffId!, '2026-11-30T17:00:00.000Z', third)).resolves.toMatchObject({ status: 201 });
    // A patient's own bookings: the conflict is read for this patient (busy at 15:00 with the first clinician).
    await expect(book(serviceContextOf(t, self, 'patient'), doctor.staffId!, at15)).resolves.toMatchObject({ status: 201 });
    await expect(book(serviceContextOf(t, self, 'patient'), otherDoctor.staffId!, '2026-11-30T15:10:00.000Z')).rejects.toMatchObject({
      code: 'patient_busy',
    });
    await expect(book(serviceContextOf(t, otherSelf, 'patient'), otherDoctor.staffId!, '2026-11-30T16:00:00.000Z')).resolves.toMatchObject({
      status: 201,
    });

    const [staffText, patientText] = [factsTexts[0]!, factsTexts[4]!];
    expect(factsTexts.slice(0, 4)).toEqual([staffText, staffText, staffText, staffText]);
    expect(factsTexts.slice(4)).toEqual([patientText, patientText, patientText]);
    // Only staff read the access facts (the patient and the viewer's care-team standing).
    expect(staffText).toMatch(/from "patients"/);
    expect(patientText).not.toMatch(/from "patients"/);
  });
});
