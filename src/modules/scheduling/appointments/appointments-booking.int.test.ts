import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../../test/helpers/actors.js';
import { careTeamRows, freshToken, putOnCareTeam } from '../../../../test/helpers/patients.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { idempotencyKeys } from '../../../platform/http/idempotency.tables.js';
import { appointmentRows, createRoom, visitTypeId, workEveryDay } from './appointments-test-support.js';

/** Booking: the rules, idempotent retries, the database's refusals and the structured log. */
const logLines: Record<string, unknown>[] = [];
const t = useTestApp({ logDestination: { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) } });

let doctor: TestAccount;
let otherDoctor: TestAccount;
let patient: TestAccount;
let otherPatient: TestAccount;
let receptionist: TestAccount;
let newPatient: string;

const MONDAY = '2026-11-30';
const at = (time: string, date = MONDAY) => `${date}T${time}:00.000Z`;
const book = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  api(t, 'POST', '/api/v1/appointments', { token, body, headers });

beforeAll(async () => {
  doctor = await createAccount(t, { role: 'doctor' });
  otherDoctor = await createAccount(t, { role: 'doctor' });
  patient = await createAccount(t, { role: 'patient' });
  otherPatient = await createAccount(t, { role: 'patient' });
  receptionist = await createAccount(t, { role: 'receptionist' });
  await workEveryDay(t.db, doctor.staffId!);
  await workEveryDay(t.db, otherDoctor.staffId!);
  newPatient = await visitTypeId(t.db, 'new_patient');
});

beforeEach(() => {
  logLines.length = 0;
});

const bookingLines = () => logLines.filter((l) => typeof l.step === 'string' && l.step.startsWith('booking.'));

describe('booking an appointment', () => {
  it('books the slot, audits it, adds the clinician to the care team and logs every step without PHI', async () => {
    const res = await book(patient.token, {
      staffId: doctor.staffId,
      visitTypeId: newPatient,
      startsAt: '2026-11-30T11:00:00+01:00',
      reason: 'Chest pain when climbing stairs',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      patientId: patient.patientId,
      staffId: doctor.staffId,
      status: 'booked',
      startsAt: at('10:00'),
      endsAt: at('10:30'),
      reason: 'Chest pain when climbing stairs',
      version: 1,
    });
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers['cache-control']).toBe('no-store');

    const [row] = await appointmentRows(t.db, { patientId: patient.patientId! });
    expect(row).toMatchObject({ id: body.id, status: 'booked', bookedBy: patient.userId, roomId: null });
    expect(row!.endsAt.toISOString()).toBe(at('10:30'));

    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'appointment.book'), eq(auditEvents.resourceId, body.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ patientId: patient.patientId, outcome: 'success', actorUserId: patient.userId });
    expect(JSON.stringify(audit[0]!.detail)).not.toContain('Chest');

    const team = await careTeamRows(t, patient.patientId!);
    expect(team.filter((m) => m.staffId === doctor.staffId && m.removedAt === null)).toHaveLength(1);

    const steps = bookingLines();
    expect(steps.map((l) => l.step)).toEqual(['booking.slot_lookup', 'booking.validation', 'booking.insert', 'booking.outcome']);
    expect(steps.at(-1)).toMatchObject({ outcome: 'booked', appointmentId: body.id, operation: 'book' });
    expect(new Set(steps.map((l) => l.requestId)).size).toBe(1);
    expect(steps[0]!.requestId).toEqual(expect.any(String));
    expect(JSON.stringify(logLines)).not.toContain('Chest pain');
  });

  it('books a second visit with the same clinician without a second care-team membership', async () => {
    const res = await book(patient.token, { staffId: doctor.staffId, visitTypeId: newPatient, startsAt: at('14:00') });
    expect(res.statusCode).toBe(201);
    const team = await careTeamRows(t, patient.patientId!);
    expect(team.filter((m) => m.staffId === doctor.staffId && m.removedAt === null)).toHaveLength(1);
  });

  it('refuses a past start (422 slot_in_past) and a time outside working hours (422 outside_availability), writing nothing', async () => {
    const before = (await appointmentRows(t.db)).length;
    const past = await book(otherPatient.token, { staffId: doctor.staffId, visitTypeId: newPatient, startsAt: '2026-11-27T08:30:00Z' });
    expect(past.statusCode).toBe(422);
    expect(past.json().code).toBe('slot_in_past');
    const late = await book(otherPatient.token, { staffId: doctor.staffId, visitTypeId: newPatient, startsAt: at('20:00') });
    expect(late.statusCode).toBe(422);
    expect(late.json().code).toBe('outside_availability');
    expect(late.json().detail).toMatch(/\w+ \w+/);
    expect((await appointmentRows(t.db)).length).toBe(before);
    expect(
      bookingLines()
        .filter((l) => l.step === 'booking.validation')
        .map((l) => l.code),
    ).toEqual(['slot_in_past', 'outside_availability']);
  });

  it('refuses a start inside the minimum notice as the pages do (422 outside_availability), and books one exactly at it', async () => {
    // The clock is 09:00 UTC on 2026-11-27 and BOOKING_MIN_NOTICE_MINUTES defaults to 60.
    expect(t.config.bookingMinNoticeMinutes).toBe(60);
    const walkIn = (await createPatientRecord(t)).id;
    const tooSoon = await book(receptionist.token, {
      patientId: walkIn,
      staffId: otherDoctor.staffId,
      visitTypeId: newPatient,
      startsAt: '2026-11-27T09:30:00Z',
    });
    expect(tooSoon.statusCode).toBe(422);
    expect(tooSoon.json()).toMatchObject({ code: 'outside_availability' });
    expect(tooSoon.json().detail).toContain('60 minutes');
    expect(await appointmentRows(t.db, { patientId: walkIn })).toHaveLength(0);
    expect(bookingLines().find((l) => l.step === 'booking.validation')).toMatchObject({ outcome: 'refused', code: 'outside_availability' });

    const atNotice = await book(receptionist.token, {
      patientId: walkIn,
      staffId: otherDoctor.staffId,
      visitTypeId: newPatient,
      startsAt: '2026-11-27T10:00:00Z',
    });
    expect(atNotice.statusCode).toBe(201);
    expect(await appointmentRows(t.db, { patientId: walkIn })).toHaveLength(1);
  });

  it('answers 404 for an unknown clinician or visit type', async () => {
    const unknownClinician = await book(otherPatient.token, { staffId: randomUUID(), visitTypeId: newPatient, startsAt: at('11:00') });
    expect(unknownClinician.statusCode).toBe(404);
    const unknownType = await book(otherPatient.token, { staffId: doctor.staffId, visitTypeId: randomUUID(), startsAt: at('11:00') });
    expect(unknownType.statusCode).toBe(404);
    const lookups = bookingLines().filter((l) => l.step === 'booking.slot_lookup');
    expect(lookups.map((l) => [l.outcome, l.code])).toEqual([
      ['refused', 'not_found'],
      ['refused', 'not_found'],
    ]);
  });

  it('rejects unknown fields and a malformed Idempotency-Key with 400', async () => {
    const extra = await book(otherPatient.token, {
      staffId: doctor.staffId,
      visitTypeId: newPatient,
      startsAt: at('11:00'),
      status: 'completed',
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().code).toBe('validation_failed');
    const badKey = await book(
      otherPatient.token,
      { staffId: doctor.staffId, visitTypeId: newPatient, startsAt: at('11:00') },
      { 'idempotency-key': 'has spaces in it' },
    );
    expect(badKey.statusCode).toBe(400);
  });
});

describe('who may book for whom', () => {
  it('gives a patient booking for another patient 404 and a denied audit row, and books nothing', async () => {
    const res = await book(patient.token, {
      patientId: otherPatient.patientId,
      staffId: doctor.staffId,
      visitTypeId: newPatient,
      startsAt: at('12:00'),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
    expect(await appointmentRows(t.db, { patientId: otherPatient.patientId! })).toHaveLength(0);
    const denied = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, patient.userId), eq(auditEvents.outcome, 'denied')));
    expect(denied.some((a) => a.action === 'appointment.book' && a.resourceId === otherPatient.patientId)).toBe(true);
  });

  it('lets the front desk book for any patient, without the reason in its answer', async () => {
    const walkIn = await createPatientRecord(t);
    const res = await book(receptionist.token, {
      patientId: walkIn.id,
      staffId: otherDoctor.staffId,
      visitTypeId: newPatient,
      startsAt: at('09:00'),
      reason: 'Follow up on blood results',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).not.toHaveProperty('reason');
    const [row] = await appointmentRows(t.db, { patientId: walkIn.id });
    expect(row).toMatchObject({ reason: 'Follow up on blood results', bookedBy: receptionist.userId });
  });

  it('requires staff to name the patient (400)', async () => {
    const res = await book(receptionist.token, { staffId: otherDoctor.staffId, visitTypeId: newPatient, startsAt: at('15:00') });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'patientId' })]);
  });

  it('lets a clinician book only for patients whose record they may open', async () => {
    const stranger = await createPatientRecord(t);
    const refused = await book(otherDoctor.token, {
      patientId: stranger.id,
      staffId: otherDoctor.staffId,
      visitTypeId: newPatient,
      startsAt: at('15:00'),
    });
    expect(refused.statusCode).toBe(404);
    expect(await appointmentRows(t.db, { patientId: stranger.id })).toHaveLength(0);
    await putOnCareTeam(t, stranger.id, otherDoctor.staffId!);
    const allowed = await book(otherDoctor.token, {
      patientId: stranger.id,
      staffId: otherDoctor.staffId,
      visitTypeId: newPatient,
      startsAt: at('15:00'),
    });
    expect(allowed.statusCode).toBe(201);
    expect(allowed.json()).toHaveProperty('reason', null);
  });
});

describe('idempotent retries', () => {
  it('replays the first answer for the same key and body, and books once', async () => {
    const key = randomUUID();
    const body = { staffId: otherDoctor.staffId, visitTypeId: newPatient, startsAt: at('10:00'), reason: 'Rash' };
    const first = await book(otherPatient.token, body, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    // Same body, keys in another order: the same request.
    const retry = await book(
      otherPatient.token,
      { reason: 'Rash', startsAt: at('10:00'), visitTypeId: newPatient, staffId: otherDoctor.staffId },
      { 'idempotency-key': key },
    );
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await appointmentRows(t.db, { patientId: otherPatient.patientId! })).toHaveLength(1);
    expect(bookingLines().at(-1)).toMatchObject({ step: 'booking.outcome', outcome: 'replayed' });
    const replayAudit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'appointment.book'), eq(auditEvents.resourceId, first.json().id)));
    expect(replayAudit).toHaveLength(2);
  });

  it('refuses the same key with a different body (422 idempotency_key_reused) and books nothing more', async () => {
    const key = randomUUID();
    const first = await book(
      otherPatient.token,
      { staffId: otherDoctor.staffId, visitTypeId: newPatient, startsAt: at('11:00') },
      { 'idempotency-key': key },
    );
    expect(first.statusCode).toBe(201);
    const other = await book(
      otherPatient.token,
      { staffId: otherDoctor.staffId, visitTypeId: newPatient, startsAt: at('11:30') },
      { 'idempotency-key': key },
    );
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_key_reused');
    expect((await appointmentRows(t.db, { patientId: otherPatient.patientId! })).map((r) => r.startsAt.toISOString())).not.toContain(
      '2026-11-30T11:30:00.000Z',
    );
  });

  it('keeps keys per principal: another person may use the same key', async () => {
    const key = randomUUID();
    const mine = await book(
      patient.token,
      { staffId: otherDoctor.staffId, visitTypeId: newPatient, startsAt: at('12:00', '2026-12-01') },
      { 'idempotency-key': key },
    );
    const theirs = await book(
      otherPatient.token,
      { staffId: otherDoctor.staffId, visitTypeId: newPatient, startsAt: at('12:30', '2026-12-01') },
      { 'idempotency-key': key },
    );
    expect([mine.statusCode, theirs.statusCode]).toEqual([201, 201]);
    expect(theirs.json().id).not.toBe(mine.json().id);
    expect(await t.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key))).toHaveLength(2);
  });

  it('forgets the key of a refused booking, so the corrected request may use it', async () => {
    const key = randomUUID();
    const taken = await book(
      patient.token,
      { staffId: otherDoctor.staffId, visitTypeId: newPatient, startsAt: at('10:00') },
      { 'idempotency-key': key },
    );
    expect(taken.statusCode).toBe(409);
    expect(await t.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key))).toHaveLength(0);
    const corrected = await book(
      patient.token,
      { staffId: otherDoctor.staffId, visitTypeId: newPatient, startsAt: at('16:00') },
      { 'idempotency-key': key },
    );
    expect(corrected.statusCode).toBe(201);
  });

  it('lets a key expire after 24 hours', async () => {
    const key = randomUUID();
    const first = await book(
      patient.token,
      { staffId: otherDoctor.staffId, visitTypeId: newPatient, startsAt: at('09:00', '2026-12-03') },
      { 'idempotency-key': key },
    );
    expect(first.statusCode).toBe(201);
    t.clock.advance(25 * 3_600_000);
    try {
      const later = await book(
        await freshToken(t, patient.userId),
        { staffId: otherDoctor.staffId, visitTypeId: newPatient, startsAt: at('09:30', '2026-12-03') },
        { 'idempotency-key': key },
      );
      expect(later.statusCode).toBe(201);
      expect(later.json().id).not.toBe(first.json().id);
    } finally {
      t.clock.advance(-25 * 3_600_000);
    }
  });
});

describe('the database refuses double booking', () => {
  it('answers 409 slot_taken naming the conflict, and logs the constraint and the appointment it collided with', async () => {
    const first = await book(patient.token, { staffId: doctor.staffId, visitTypeId: newPatient, startsAt: at('09:00', '2026-12-02') });
    expect(first.statusCode).toBe(201);
    logLines.length = 0;
    const clash = await book(otherPatient.token, { staffId: doctor.staffId, visitTypeId: newPatient, startsAt: at('09:00', '2026-12-02') });
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ code: 'slot_taken', constraint: 'appointments_clinician_no_overlap' });
    expect(clash.json().detail).toContain('clinician');
    expect(clash.json()).not.toHaveProperty('conflictingAppointmentId');
    expect(
      await appointmentRows(t.db, { patientId: otherPatient.patientId! }).then((rows) =>
        rows.filter((r) => r.startsAt.toISOString() === '2026-12-02T09:00:00.000Z'),
      ),
    ).toHaveLength(0);
    // The committed booking is seen by the pre-check: refused before any transaction, with the
    // constraint that would have refused it named all the same (races reach the constraint itself:
    // appointments-race.int.test.ts).
    const insertLine = bookingLines().find((l) => l.step === 'booking.insert');
    expect(insertLine).toMatchObject({
      outcome: 'rejected',
      precheck: true,
      constraint: 'appointments_clinician_no_overlap',
      conflictingAppointmentId: first.json().id,
      level: 40,
    });
    expect(bookingLines().at(-1)).toMatchObject({
      step: 'booking.outcome',
      outcome: 'conflict',
      code: 'slot_taken',
      constraint: 'appointments_clinician_no_overlap',
    });
  });

  it('answers 409 patient_busy when the patient already has an overlapping visit with someone else', async () => {
    const first = await book(otherPatient.token, { staffId: doctor.staffId, visitTypeId: newPatient, startsAt: at('13:00', '2026-12-02') });
    expect(first.statusCode).toBe(201);
    logLines.length = 0;
    const clash = await book(otherPatient.token, {
      staffId: otherDoctor.staffId,
      visitTypeId: newPatient,
      startsAt: at('13:00', '2026-12-02'),
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('patient_busy');
    expect(bookingLines().find((l) => l.step === 'booking.insert')).toMatchObject({
      constraint: 'appointments_patient_no_overlap',
      conflictingAppointmentId: first.json().id,
    });
  });

  it('answers 409 room_taken when two clinicians would use one room at once', async () => {
    const room = await createRoom(t.db);
    const a = await createAccount(t, { role: 'doctor' });
    const b = await createAccount(t, { role: 'doctor' });
    await workEveryDay(t.db, a.staffId!, { roomId: room });
    await workEveryDay(t.db, b.staffId!, { roomId: room });
    const first = await book(patient.token, { staffId: a.staffId, visitTypeId: newPatient, startsAt: at('08:00', '2026-12-04') });
    expect(first.statusCode).toBe(201);
    expect(first.json().roomId).toBe(room);
    logLines.length = 0;
    const clash = await book(otherPatient.token, { staffId: b.staffId, visitTypeId: newPatient, startsAt: at('08:00', '2026-12-04') });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('room_taken');
    expect(bookingLines().find((l) => l.step === 'booking.insert')).toMatchObject({
      constraint: 'appointments_room_no_overlap',
      conflictingAppointmentId: first.json().id,
      roomId: room,
    });
    expect(await appointmentRows(t.db, { staffId: b.staffId! })).toHaveLength(0);
  });

  it('lets a visit start exactly when the previous one ends (half-open intervals)', async () => {
    const res = await book(otherPatient.token, { staffId: doctor.staffId, visitTypeId: newPatient, startsAt: at('09:30', '2026-12-02') });
    expect(res.statusCode).toBe(201);
  });
});
