import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { careTeamRows, freshToken } from '../../../../test/helpers/patients.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { appointmentRows, visitTypeId, workEveryDay } from './appointments-test-support.js';
import { appointments } from './appointments.tables.js';

/** After booking: cancel (with the cut-off), reschedule, the visit's status, lists and reads. */
const t = useTestApp();

let doctor: TestAccount;
let otherDoctor: TestAccount;
let nurse: TestAccount;
let patient: TestAccount;
let otherPatient: TestAccount;
let receptionist: TestAccount;
let followUp: string;

// The test clock starts at 2026-11-27T09:00Z.
const at = (iso: string) => `${iso}:00.000Z`;

async function bookFor(account: TestAccount, startsAt: string, staff: TestAccount = doctor, reason?: string) {
  const res = await api(t, 'POST', '/api/v1/appointments', {
    token: account.token,
    body: { staffId: staff.staffId, visitTypeId: followUp, startsAt: at(startsAt), ...(reason ? { reason } : {}) },
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string; version: number; startsAt: string; staffId: string }>();
}

const rowOf = async (id: string) => (await t.db.select().from(appointments).where(eq(appointments.id, id)))[0]!;

beforeAll(async () => {
  doctor = await createAccount(t, { role: 'doctor' });
  otherDoctor = await createAccount(t, { role: 'doctor' });
  nurse = await createAccount(t, { role: 'nurse' });
  patient = await createAccount(t, { role: 'patient' });
  otherPatient = await createAccount(t, { role: 'patient' });
  receptionist = await createAccount(t, { role: 'receptionist' });
  await workEveryDay(t.db, doctor.staffId!);
  await workEveryDay(t.db, otherDoctor.staffId!);
  followUp = await visitTypeId(t.db, 'follow_up');
});

describe('cancelling', () => {
  it('lets a patient cancel before the cut-off; the time is free again at once', async () => {
    const booked = await bookFor(patient, '2026-11-30T10:00', doctor, 'Knee pain');
    const res = await api(t, 'POST', `/api/v1/appointments/${booked.id}/cancel`, {
      token: patient.token,
      body: { reason: 'Feeling better' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', cancelledBy: patient.userId, cancelReason: 'Feeling better', version: 2 });
    expect(await rowOf(booked.id)).toMatchObject({ status: 'cancelled', cancelledBy: patient.userId, cancelReason: 'Feeling better' });
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'appointment.cancel'), eq(auditEvents.resourceId, booked.id)));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.detail)).not.toContain('Feeling');
    await bookFor(otherPatient, '2026-11-30T10:00');
  });

  it('refuses a patient inside the cut-off (422 unprocessable, telling them to call) but lets staff cancel', async () => {
    const soon = await bookFor(patient, '2026-11-28T08:30');
    const res = await api(t, 'POST', `/api/v1/appointments/${soon.id}/cancel`, { token: patient.token, body: {} });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('unprocessable');
    expect(res.json().detail).toMatch(/24 hours.*call/);
    expect((await rowOf(soon.id)).status).toBe('booked');
    const staff = await api(t, 'POST', `/api/v1/appointments/${soon.id}/cancel`, { token: receptionist.token });
    expect(staff.statusCode).toBe(200);
    expect(staff.json()).not.toHaveProperty('cancelReason');
    expect((await rowOf(soon.id)).status).toBe('cancelled');
  });

  it('answers 409 for an appointment already cancelled, and 404 for someone else’s', async () => {
    const booked = await bookFor(patient, '2026-12-01T11:00');
    const stranger = await api(t, 'POST', `/api/v1/appointments/${booked.id}/cancel`, { token: otherPatient.token, body: {} });
    expect(stranger.statusCode).toBe(404);
    expect((await rowOf(booked.id)).status).toBe('booked');
    expect((await api(t, 'POST', `/api/v1/appointments/${booked.id}/cancel`, { token: patient.token, body: {} })).statusCode).toBe(200);
    const again = await api(t, 'POST', `/api/v1/appointments/${booked.id}/cancel`, { token: patient.token, body: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('conflict');
  });
});

describe('rescheduling', () => {
  it('cancels the original and books the new time in one step, linked, keeping the reason', async () => {
    const booked = await bookFor(patient, '2026-12-07T09:00', doctor, 'Cough');
    // Moving by 15 minutes overlaps the original: it lets go of its time first.
    const res = await api(t, 'POST', `/api/v1/appointments/${booked.id}/reschedule`, {
      token: patient.token,
      body: { startsAt: at('2026-12-07T09:15') },
      headers: { 'if-match': '"1"' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'booked', rescheduledFromId: booked.id, startsAt: at('2026-12-07T09:15'), reason: 'Cough' });
    expect(await rowOf(booked.id)).toMatchObject({ status: 'cancelled', cancelledBy: patient.userId, version: 2 });
    expect(await rowOf(res.json().id)).toMatchObject({ status: 'booked', rescheduledFromId: booked.id, reason: 'Cough' });
  });

  it('refuses a stale If-Match (412) and a taken time (409 slot_taken), leaving the original booked', async () => {
    const booked = await bookFor(patient, '2026-12-08T09:00');
    await bookFor(otherPatient, '2026-12-08T10:00');
    const stale = await api(t, 'POST', `/api/v1/appointments/${booked.id}/reschedule`, {
      token: patient.token,
      body: { startsAt: at('2026-12-08T11:00') },
      headers: { 'if-match': '"7"' },
    });
    expect(stale.statusCode).toBe(412);
    const taken = await api(t, 'POST', `/api/v1/appointments/${booked.id}/reschedule`, {
      token: patient.token,
      body: { startsAt: at('2026-12-08T10:00') },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('slot_taken');
    expect(await rowOf(booked.id)).toMatchObject({ status: 'booked', version: 1 });
    expect((await appointmentRows(t.db, { patientId: patient.patientId! })).filter((r) => r.rescheduledFromId === booked.id)).toHaveLength(
      0,
    );
  });

  it('moves to another clinician, who joins the care team; a replayed reschedule answers the same', async () => {
    const booked = await bookFor(patient, '2026-12-09T09:00');
    const key = randomUUID();
    const body = { startsAt: at('2026-12-09T14:00'), staffId: otherDoctor.staffId };
    const res = await api(t, 'POST', `/api/v1/appointments/${booked.id}/reschedule`, {
      token: patient.token,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().staffId).toBe(otherDoctor.staffId);
    const replay = await api(t, 'POST', `/api/v1/appointments/${booked.id}/reschedule`, {
      token: patient.token,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual(res.json());
    expect((await careTeamRows(t, patient.patientId!)).some((m) => m.staffId === otherDoctor.staffId && m.removedAt === null)).toBe(true);
    expect((await appointmentRows(t.db, { patientId: patient.patientId! })).filter((r) => r.rescheduledFromId === booked.id)).toHaveLength(
      1,
    );
  });

  it('refuses to move a cancelled appointment (409) and a patient inside the cut-off (422)', async () => {
    const booked = await bookFor(patient, '2026-12-10T09:00');
    await api(t, 'POST', `/api/v1/appointments/${booked.id}/cancel`, { token: patient.token, body: {} });
    const moved = await api(t, 'POST', `/api/v1/appointments/${booked.id}/reschedule`, {
      token: patient.token,
      body: { startsAt: at('2026-12-10T10:00') },
    });
    expect(moved.statusCode).toBe(409);
    const soon = await bookFor(patient, '2026-11-28T08:00');
    const late = await api(t, 'POST', `/api/v1/appointments/${soon.id}/reschedule`, {
      token: patient.token,
      body: { startsAt: at('2026-12-10T10:00') },
    });
    expect(late.statusCode).toBe(422);
    expect((await rowOf(soon.id)).status).toBe('booked');
  });
});

describe('the visit’s status', () => {
  it('goes booked → checked_in → completed, each once', async () => {
    const booked = await bookFor(patient, '2026-12-11T09:00');
    const checkIn = await api(t, 'POST', `/api/v1/appointments/${booked.id}/check-in`, { token: receptionist.token });
    expect(checkIn.statusCode).toBe(200);
    expect(checkIn.json()).toMatchObject({ status: 'checked_in', checkedInAt: t.clock.now().toISOString() });
    const twice = await api(t, 'POST', `/api/v1/appointments/${booked.id}/check-in`, { token: receptionist.token });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().detail).toContain('checked in');
    const done = await api(t, 'POST', `/api/v1/appointments/${booked.id}/complete`, { token: doctor.token });
    expect(done.statusCode).toBe(200);
    expect(await rowOf(booked.id)).toMatchObject({ status: 'completed', version: 3 });
    expect((await api(t, 'POST', `/api/v1/appointments/${booked.id}/cancel`, { token: patient.token, body: {} })).statusCode).toBe(409);
  });

  it('refuses to complete a visit nobody checked in, and a no-show before the start', async () => {
    const booked = await bookFor(patient, '2026-12-12T09:00');
    const complete = await api(t, 'POST', `/api/v1/appointments/${booked.id}/complete`, { token: doctor.token });
    expect(complete.statusCode).toBe(409);
    expect(complete.json().detail).toContain('Check the patient in first');
    const early = await api(t, 'POST', `/api/v1/appointments/${booked.id}/no-show`, { token: receptionist.token });
    expect(early.statusCode).toBe(422);
    expect((await rowOf(booked.id)).status).toBe('booked');
  });

  it('marks a no-show once the start has passed, and frees nothing else', async () => {
    const booked = await bookFor(patient, '2026-11-27T10:00');
    t.clock.advance(2 * 3_600_000);
    try {
      const res = await api(t, 'POST', `/api/v1/appointments/${booked.id}/no-show`, { token: await freshToken(t, receptionist.userId) });
      expect(res.statusCode).toBe(200);
      expect((await rowOf(booked.id)).status).toBe('no_show');
    } finally {
      t.clock.advance(-2 * 3_600_000);
    }
  });

  it('keeps clinicians to their own schedule or patients they may see (404 otherwise)', async () => {
    const booked = await bookFor(otherPatient, '2026-12-14T09:00');
    const res = await api(t, 'POST', `/api/v1/appointments/${booked.id}/check-in`, { token: nurse.token });
    expect(res.statusCode).toBe(404);
    expect((await rowOf(booked.id)).status).toBe('booked');
    const own = await api(t, 'POST', `/api/v1/appointments/${booked.id}/check-in`, { token: doctor.token });
    expect(own.statusCode).toBe(200);
  });
});

describe('reading appointments', () => {
  it('shows a patient their own, upcoming soonest first and past latest first, page by page', async () => {
    const fresh = await createAccount(t, { role: 'patient' });
    const times = ['2026-12-15T09:00', '2026-12-16T09:00', '2026-12-17T09:00'];
    const ids: string[] = [];
    for (const time of times) ids.push((await bookFor(fresh, time)).id);
    const page1 = await api(t, 'GET', '/api/v1/appointments?scope=upcoming&limit=2', { token: fresh.token });
    expect(page1.statusCode).toBe(200);
    expect(page1.json().items.map((a: { startsAt: string }) => a.startsAt)).toEqual([at(times[0]!), at(times[1]!)]);
    const page2 = await api(t, 'GET', `/api/v1/appointments?scope=upcoming&limit=2&cursor=${page1.json().nextCursor}`, {
      token: fresh.token,
    });
    expect(page2.json()).toMatchObject({ items: [{ startsAt: at(times[2]!) }], nextCursor: null });
    t.clock.advance(30 * 24 * 3_600_000);
    try {
      const past = await api(t, 'GET', '/api/v1/appointments?scope=past', { token: await freshToken(t, fresh.userId) });
      expect(past.json().items.map((a: { startsAt: string }) => a.startsAt)).toEqual([at(times[2]!), at(times[1]!), at(times[0]!)]);
    } finally {
      t.clock.advance(-30 * 24 * 3_600_000);
    }
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'appointment.list'), eq(auditEvents.patientId, fresh.patientId!)))
      .orderBy(asc(auditEvents.id));
    // One row per page, naming the appointments shown in their order (never the one read only to
    // tell that more follow), written by the same statement as the page.
    expect(audit.map((r) => r.detail)).toEqual([
      { tier: 'self', appointmentIds: [ids[0], ids[1]] },
      { tier: 'self', appointmentIds: [ids[2]] },
      { tier: 'self', appointmentIds: [ids[2], ids[1], ids[0]] },
    ]);
    expect(audit[0]).toMatchObject({ actorUserId: fresh.userId, actorRole: 'patient', resourceType: 'appointment', outcome: 'success' });
  });

  it("audits a clinician's schedule with one row per patient shown, each naming only that patient's appointments", async () => {
    const own = await createAccount(t, { role: 'doctor' });
    await workEveryDay(t.db, own.staffId!);
    const ana = await createAccount(t, { role: 'patient' });
    const ben = await createAccount(t, { role: 'patient' });
    const a1 = await bookFor(ana, '2026-12-21T09:00', own);
    const b1 = await bookFor(ben, '2026-12-21T10:00', own);
    const a2 = await bookFor(ana, '2026-12-21T11:00', own);
    await bookFor(otherPatient, '2026-12-21T12:00', own);
    const page = await api(t, 'GET', '/api/v1/appointments?scope=upcoming&limit=3', { token: own.token });
    expect(page.statusCode).toBe(200);
    expect(page.json().items.map((a: { id: string }) => a.id)).toEqual([a1.id, b1.id, a2.id]);
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'appointment.list'), eq(auditEvents.actorUserId, own.userId)))
      .orderBy(asc(auditEvents.id));
    expect(audit.map((r) => ({ patientId: r.patientId, detail: r.detail, category: r.category }))).toEqual([
      { patientId: ana.patientId, detail: { tier: 'treating_clinician', appointmentIds: [a1.id, a2.id] }, category: 'clinical' },
      { patientId: ben.patientId, detail: { tier: 'treating_clinician', appointmentIds: [b1.id] }, category: 'clinical' },
    ]);
    // The fourth appointment was read (there is a next page) but not shown: its patient has no row.
    expect(page.json().nextCursor).not.toBeNull();
    expect(audit.some((r) => r.patientId === otherPatient.patientId)).toBe(false);
  });

  it('answers another patient’s list and appointment with 404', async () => {
    const mine = await bookFor(patient, '2026-12-18T09:00');
    const list = await api(t, 'GET', `/api/v1/appointments?patientId=${patient.patientId}`, { token: otherPatient.token });
    expect(list.statusCode).toBe(404);
    const one = await api(t, 'GET', `/api/v1/appointments/${mine.id}`, { token: otherPatient.token });
    expect(one.statusCode).toBe(404);
    const denied = await t.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.actorUserId, otherPatient.userId),
          eq(auditEvents.outcome, 'denied'),
          eq(auditEvents.action, 'appointment.read'),
        ),
      );
    expect(denied).toHaveLength(1);
    const own = await api(t, 'GET', `/api/v1/appointments/${mine.id}`, { token: patient.token });
    expect(own.statusCode).toBe(200);
    expect(own.headers.etag).toBe('"1"');
  });

  it('gives the front desk every appointment without reasons, and a clinician their own schedule with them', async () => {
    const booked = await bookFor(patient, '2026-12-21T09:00', otherDoctor, 'Headaches');
    const desk = await api(
      t,
      'GET',
      `/api/v1/appointments?staffId=${otherDoctor.staffId}&from=${at('2026-12-21T00:00')}&to=${at('2026-12-22T00:00')}`,
      { token: receptionist.token },
    );
    expect(desk.statusCode).toBe(200);
    expect(desk.json().items).toEqual([expect.objectContaining({ id: booked.id })]);
    expect(desk.json().items[0]).not.toHaveProperty('reason');
    const clinician = await api(t, 'GET', `/api/v1/appointments?from=${at('2026-12-21T00:00')}&to=${at('2026-12-22T00:00')}`, {
      token: otherDoctor.token,
    });
    expect(clinician.json().items).toEqual([expect.objectContaining({ id: booked.id, reason: 'Headaches' })]);
    const othersSchedule = await api(t, 'GET', `/api/v1/appointments?staffId=${otherDoctor.staffId}`, { token: doctor.token });
    expect(othersSchedule.statusCode).toBe(403);
  });
});
