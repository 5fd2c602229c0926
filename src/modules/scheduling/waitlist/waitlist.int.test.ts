import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { careTeamRows } from '../../../../test/helpers/patients.js';
import { issueSession } from '../../../platform/auth/session.service.js';
import { sessionCookieName } from '../../../platform/http/cookies.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { notifications } from '../../notifications/index.js';
import { specialties, staffSpecialties } from '../../staff/index.js';
import { appointmentRows, visitTypeId, workEveryDay } from '../appointments/appointments-test-support.js';
import { expireWaitlistOffers } from './services/waitlist-offers.service.js';
import { waitlistEntries } from './waitlist.tables.js';

/** The waitlist: a freed slot is offered first come first; accept books, decline and expiry pass it on. */
describe('waitlist', () => {
  const t = useTestApp();
  let receptionist: TestAccount;
  let doctor: TestAccount;
  let specialtyId: string;
  let followUp: string;
  const waiting: TestAccount[] = [];

  const entryOf = async (patient: TestAccount) =>
    (await t.db.select().from(waitlistEntries).where(eq(waitlistEntries.patientId, patient.patientId!)))[0]!;
  const offersTo = async (patient: TestAccount) =>
    await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, patient.userId), eq(notifications.template, 'scheduling.waitlist_offer')));
  const book = async (startsAt: string, patientId?: string) => {
    const res = await api(t, 'POST', '/api/v1/appointments', {
      token: receptionist.token,
      body: { patientId: patientId ?? (await createPatientRecord(t)).id, staffId: doctor.staffId, visitTypeId: followUp, startsAt },
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>();
  };
  /** After moving the clock past the idle timeout: new sessions for everyone. */
  async function renewSessions() {
    for (const account of [receptionist, doctor, ...waiting]) {
      const now = t.clock.now();
      account.token = (await issueSession(t.db, { userId: account.userId, kind: 'api', ip: null, userAgent: 'vitest', now })).token;
      account.cookie = `${sessionCookieName(t.config)}=${(await issueSession(t.db, { userId: account.userId, kind: 'browser', ip: null, userAgent: 'vitest', now })).token}`;
    }
  }
  const cancel = (id: string) => api(t, 'POST', `/api/v1/appointments/${id}/cancel`, { token: receptionist.token, body: {} });

  beforeAll(async () => {
    receptionist = await createAccount(t, { role: 'receptionist' });
    doctor = await createAccount(t, { role: 'doctor' });
    specialtyId = (
      await t.db.insert(specialties).values({ code: 'wl-derm', name: 'Dermatology', createdAt: t.clock.now() }).returning()
    )[0]!.id;
    await t.db.insert(staffSpecialties).values({ staffId: doctor.staffId!, specialtyId });
    await workEveryDay(t.db, doctor.staffId!);
    followUp = await visitTypeId(t.db, 'follow_up');
    for (let i = 0; i < 3; i++) {
      const patient = await createAccount(t, { role: 'patient' });
      const res = await api(t, 'POST', '/api/v1/waitlist', {
        token: patient.token,
        body: { specialtyId, visitTypeId: followUp, earliestDate: '2026-11-30', latestDate: '2026-12-10' },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ patientId: patient.patientId, status: 'waiting', offer: null, timeZone: 'UTC' });
      waiting.push(patient);
      t.clock.advance(1000); // first come, first offered
    }
  });

  it('joining twice for the same specialty and visit type is a 409; bad dates are a 400', async () => {
    const [first] = waiting;
    const again = await api(t, 'POST', '/api/v1/waitlist', {
      token: first!.token,
      body: { specialtyId, visitTypeId: followUp, earliestDate: '2026-12-01', latestDate: '2026-12-02' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('conflict');
    const backwards = await api(t, 'POST', '/api/v1/waitlist', {
      token: first!.token,
      body: { specialtyId, visitTypeId: await visitTypeId(t.db, 'new_patient'), earliestDate: '2026-12-05', latestDate: '2026-12-01' },
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].path).toBe('latestDate');
    expect(await t.db.select().from(waitlistEntries).where(eq(waitlistEntries.patientId, first!.patientId!))).toHaveLength(1);
  });

  it('a cancellation offers the slot to the first waiting patient who fits, with a notification', async () => {
    const [p1, p2, p3] = waiting;
    const appointment = await book('2026-12-01T09:00:00Z');
    expect((await cancel(appointment.id)).statusCode).toBe(200);

    const entry = await entryOf(p1!);
    expect(entry.status).toBe('offered');
    expect(entry.offerStaffId).toBe(doctor.staffId);
    expect(entry.offerStartsAt?.toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(entry.offerExpiresAt?.getTime()).toBe(t.clock.now().getTime() + 60 * 60_000);
    expect((await entryOf(p2!)).status).toBe('waiting');
    expect((await entryOf(p3!)).status).toBe('waiting');
    const [note] = await offersTo(p1!);
    expect(note).toMatchObject({ category: 'appointment', link: '/portal/waitlist' });
    expect(note!.body).toContain('2026-12-01 09:00 (UTC)');
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'waitlist.offer'), eq(auditEvents.patientId, p1!.patientId!)));
    expect(audit).toHaveLength(1);

    // The patient sees it on their list (and only their own entries).
    const list = await api(t, 'GET', '/api/v1/waitlist', { token: p1!.token });
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0].offer).toMatchObject({ staffId: doctor.staffId, startsAt: '2026-12-01T09:00:00.000Z' });
  });

  it('another patient cannot see or answer someone else’s offer (404, denied audit row)', async () => {
    const [p1, p2] = waiting;
    const id = (await entryOf(p1!)).id;
    const res = await api(t, 'POST', `/api/v1/waitlist/${id}/accept`, { token: p2!.token });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
    const denied = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'waitlist.accept'), eq(auditEvents.outcome, 'denied'), eq(auditEvents.actorUserId, p2!.userId)));
    expect(denied).toHaveLength(1);
    expect((await entryOf(p1!)).status).toBe('offered');
  });

  it('declining passes the slot to the next patient; the decliner waits again', async () => {
    const [p1, p2] = waiting;
    const res = await api(t, 'POST', `/api/v1/waitlist/${(await entryOf(p1!)).id}/decline`, { token: p1!.token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'waiting', offer: null });
    const next = await entryOf(p2!);
    expect(next.status).toBe('offered');
    expect(next.offerStartsAt?.toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(await offersTo(p2!)).toHaveLength(1);
  });

  it('the expiry sweep ends an unanswered offer and passes the slot on (not back to who declined it)', async () => {
    const [p1, p2, p3] = waiting;
    expect((await expireWaitlistOffers(t.db, t.clock.now())).expiredOffers).toBe(0); // not yet
    t.clock.advance(60 * 60_000);
    await renewSessions();
    const report = await expireWaitlistOffers(t.db, t.clock.now());
    expect(report).toMatchObject({ expiredOffers: 1, passedOn: 1 });
    expect((await entryOf(p2!)).status).toBe('expired');
    expect((await entryOf(p1!)).status).toBe('waiting');
    const third = await entryOf(p3!);
    expect(third.status).toBe('offered');
    expect(third.offerStartsAt?.toISOString()).toBe('2026-12-01T09:00:00.000Z');
  });

  it('accepting books the held slot through the core (appointment, care team) and marks the entry booked', async () => {
    const [, , p3] = waiting;
    const entry = await entryOf(p3!);
    const res = await api(t, 'POST', `/api/v1/waitlist/${entry.id}/accept`, { token: p3!.token });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.entry).toMatchObject({ status: 'booked', offer: null, appointmentId: body.appointment.id });
    expect(body.appointment).toMatchObject({
      patientId: p3!.patientId,
      staffId: doctor.staffId,
      startsAt: '2026-12-01T09:00:00.000Z',
      status: 'booked',
    });
    const rows = await appointmentRows(t.db, { patientId: p3!.patientId! });
    expect(rows.map((r) => [r.id, r.status])).toEqual([[body.appointment.id, 'booked']]);
    expect((await careTeamRows(t, p3!.patientId!)).map((m) => m.staffId)).toEqual([doctor.staffId]);
    const again = await api(t, 'POST', `/api/v1/waitlist/${entry.id}/accept`, { token: p3!.token });
    expect(again.statusCode).toBe(409);
    expect(await appointmentRows(t.db, { patientId: p3!.patientId! })).toHaveLength(1);
  });

  it('an offer for a slot someone else booked meanwhile answers 409 slot_taken and the entry waits again', async () => {
    const [p1] = waiting;
    const freed = await book('2026-12-02T10:00:00Z');
    expect((await cancel(freed.id)).statusCode).toBe(200); // → offered to p1 (first in line)
    const entry = await entryOf(p1!);
    expect(entry.status).toBe('offered');
    await book('2026-12-02T10:00:00Z'); // the front desk books it for a walk-in
    const res = await api(t, 'POST', `/api/v1/waitlist/${entry.id}/accept`, { token: p1!.token });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('slot_taken');
    const after = await entryOf(p1!);
    expect(after).toMatchObject({ status: 'waiting', offerStaffId: null, offerStartsAt: null, appointmentId: null });
    expect(await appointmentRows(t.db, { patientId: p1!.patientId! })).toHaveLength(0);
  });

  it('a reschedule frees the old time for the waitlist; the patient’s portal page shows the offer and accepts it', async () => {
    const [p1] = waiting;
    const moved = await book('2026-12-03T11:00:00Z');
    const res = await api(t, 'POST', `/api/v1/appointments/${moved.id}/reschedule`, {
      token: receptionist.token,
      body: { startsAt: '2026-12-03T15:00:00Z' },
    });
    expect(res.statusCode).toBe(201);
    const entry = await entryOf(p1!);
    expect(entry.status).toBe('offered');
    expect(entry.offerStartsAt?.toISOString()).toBe('2026-12-03T11:00:00.000Z');

    const browser = new PageSession(t, p1!.cookie);
    const page = await browser.get('/portal/waitlist');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`/portal/waitlist/${entry.id}/accept`);
    const accepted = await browser.post(`/portal/waitlist/${entry.id}/accept`, {});
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe('/portal/waitlist?done=accepted');
    expect((await entryOf(p1!)).status).toBe('booked');
    expect((await appointmentRows(t.db, { patientId: p1!.patientId! })).map((r) => r.startsAt.toISOString())).toEqual([
      '2026-12-03T11:00:00.000Z',
    ]);
  });

  it('joins and leaves through the portal page; staff list a patient’s entries', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const browser = new PageSession(t, patient.cookie);
    await browser.get('/portal/waitlist');
    const bad = await browser.post('/portal/waitlist', { specialtyId, visitTypeId: followUp, earliestDate: '2026-12-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('field-error');
    const joined = await browser.post('/portal/waitlist', {
      specialtyId,
      visitTypeId: followUp,
      staffId: doctor.staffId!,
      earliestDate: '2026-12-01',
      latestDate: '2026-12-05',
    });
    expect(joined.statusCode).toBe(303);
    const entry = await entryOf(patient);
    expect(entry).toMatchObject({ status: 'waiting', staffId: doctor.staffId });

    const staffView = await api(t, 'GET', `/api/v1/waitlist?patientId=${patient.patientId}`, { token: receptionist.token });
    expect(staffView.statusCode).toBe(200);
    expect(staffView.json().items.map((e: { id: string }) => e.id)).toEqual([entry.id]);

    await browser.get('/portal/waitlist');
    const left = await browser.post(`/portal/waitlist/${entry.id}/leave`, {});
    expect(left.statusCode).toBe(303);
    expect((await entryOf(patient)).status).toBe('cancelled');
  });
});
