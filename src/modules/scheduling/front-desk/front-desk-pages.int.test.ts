import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, createPatientRecord } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { specialties, staffSpecialties } from '../../staff/index.js';
import { appointments } from '../appointments/appointments.tables.js';
import { appointmentRows, visitTypeId, workEveryDay } from '../appointments/appointments-test-support.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';

/** The front desk: the day's board across clinicians, booking for a patient, check-in. */
describe('scheduling: the front-desk schedule board', () => {
  const t = useTestApp();

  it('shows the day in one column per clinician, filters by specialty, and checks a patient in', async () => {
    const reception = await createAccount(t, { role: 'receptionist' });
    const cardio = await createAccount(t, { role: 'doctor', givenName: 'Amira', familyName: 'Board' });
    const gp = await createAccount(t, { role: 'doctor', givenName: 'Grace', familyName: 'Board' });
    for (const d of [cardio, gp]) await workEveryDay(t.db, d.staffId!);
    const [specialty] = await t.db
      .insert(specialties)
      .values({ code: 'board-cardio', name: 'Cardiology (board)', createdAt: t.clock.now() })
      .returning();
    await t.db.insert(staffSpecialties).values({ staffId: cardio.staffId!, specialtyId: specialty!.id });
    const followUp = await visitTypeId(t.db, 'follow_up');
    const p1 = await createAccount(t, { role: 'patient', givenName: 'Maria', familyName: 'Front' });
    const p2 = await createAccount(t, { role: 'patient', givenName: 'Omar', familyName: 'Front' });
    const a1 = await api(t, 'POST', '/api/v1/appointments', {
      token: p1.token,
      body: { staffId: cardio.staffId, visitTypeId: followUp, startsAt: '2026-11-27T10:00:00Z' },
    });
    const a2 = await api(t, 'POST', '/api/v1/appointments', {
      token: p2.token,
      body: { staffId: gp.staffId, visitTypeId: followUp, startsAt: '2026-11-27T11:00:00Z' },
    });
    expect([a1.statusCode, a2.statusCode]).toEqual([201, 201]);

    const page = new PageSession(t, reception.cookie);
    const board = await page.get('/staff/schedule?date=2026-11-27');
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain(`clinician-${cardio.staffId}`);
    expect(board.body).toContain(`clinician-${gp.staffId}`);
    expect(board.body).toContain('Maria Front');
    expect(board.body).toContain('Omar Front');
    // Each column opens the clinician's calendar; the desk books from here, billing (read only) does not.
    expect(board.body).toContain(`href="/staff/calendar?date=2026-11-27&amp;staffId=${cardio.staffId}"`);
    expect(board.body).toContain('href="/staff/schedule/book"');
    const billing = await createAccount(t, { role: 'billing' });
    const billingBoard = await new PageSession(t, billing.cookie).get('/staff/schedule?date=2026-11-27');
    expect(billingBoard.statusCode).toBe(200);
    expect(billingBoard.body).not.toContain('href="/staff/schedule/book"');
    // One audit insert for the board: a row per patient shown, registration tier.
    const boardRows = () =>
      t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorUserId, reception.userId), eq(auditEvents.action, 'appointment.board_view')));
    const shown = await boardRows();
    expect(shown.map((r) => r.patientId).sort()).toEqual([p1.patientId, p2.patientId].sort());
    for (const row of shown)
      expect(row).toMatchObject({
        category: 'registration',
        outcome: 'success',
        detail: { tier: 'registration', appointmentIds: [row.patientId === p1.patientId ? a1.json().id : a2.json().id] },
      });
    // The front desk sees the registration tier: never the reason for the visit.
    const filtered = await page.get(`/staff/schedule?date=2026-11-27&specialty=${specialty!.id}`);
    // Filtered to one clinician: only that clinician's patient is read and audited.
    expect((await boardRows()).slice(2).map((r) => r.patientId)).toEqual([p1.patientId]);
    expect(filtered.body).toContain(`clinician-${cardio.staffId}`);
    expect(filtered.body).not.toContain(`clinician-${gp.staffId}`);
    expect((await page.get('/staff/schedule?date=2026-11-28')).body).toContain('No appointments on this day.');

    const id = a1.json().id as string;
    const checkIn = await page.post(`/staff/appointments/${id}/status`, {
      action: 'check_in',
      back: 'schedule',
      date: '2026-11-27',
      specialty: specialty!.id,
    });
    expect(checkIn.statusCode).toBe(303);
    expect(checkIn.headers.location).toBe(`/staff/schedule?date=2026-11-27&specialty=${specialty!.id}&notice=done_check_in`);
    const [row] = await t.db.select().from(appointments).where(eq(appointments.id, id));
    expect(row).toMatchObject({ status: 'checked_in', checkedInAt: t.clock.now() });
  });

  it('books for a patient found by name: search, slot, confirm, and back to the board', async () => {
    const reception = await createAccount(t, { role: 'receptionist' });
    const doctor = await createAccount(t, { role: 'doctor', givenName: 'Lucas', familyName: 'Desk' });
    await workEveryDay(t.db, doctor.staffId!);
    const patient = await createPatientRecord(t, { givenName: 'Walkin', familyName: 'Deskbooked' });
    const followUp = await visitTypeId(t.db, 'follow_up');
    const page = new PageSession(t, reception.cookie);

    // The patient is found by a POSTed term (no name in a URL), then chosen by id.
    const found = await page.post('/staff/schedule/book/find-patient', { query: 'Deskbooked' }, { csrfFrom: '/staff/schedule/book' });
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain(`/staff/schedule/book?patientId=${patient.id}`);
    const slots = await page.get(
      `/staff/schedule/book?patientId=${patient.id}&visitType=${followUp}&staffId=${doctor.staffId}&from=2026-11-30&to=2026-11-30`,
    );
    expect(slots.statusCode).toBe(200);
    expect(slots.body).toContain('Walkin Deskbooked');
    const startsAt = '2026-11-30T08:00:00.000Z';
    expect(slots.body).toContain(encodeURIComponent(startsAt));
    const confirm = await page.get(
      `/staff/schedule/book/confirm?patientId=${patient.id}&staffId=${doctor.staffId}&visitType=${followUp}&startsAt=${encodeURIComponent(startsAt)}`,
    );
    expect(confirm.statusCode).toBe(200);
    const booked = await page.post('/staff/schedule/book', {
      patientId: patient.id,
      staffId: doctor.staffId!,
      visitTypeId: followUp,
      startsAt,
    });
    expect(booked.statusCode).toBe(303);
    expect(booked.headers.location).toBe('/staff/schedule?date=2026-11-30&notice=booked');
    const rows = await appointmentRows(t.db, { patientId: patient.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ staffId: doctor.staffId, startsAt: new Date(startsAt), status: 'booked', bookedBy: reception.userId });

    // The same time again is refused on the page, with the reason.
    const again = await page.post('/staff/schedule/book', {
      patientId: patient.id,
      staffId: doctor.staffId!,
      visitTypeId: followUp,
      startsAt,
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Someone has just booked this time');
    expect(await appointmentRows(t.db, { patientId: patient.id })).toHaveLength(1);
  });

  it('is the front desk’s board: a clinician is sent to their calendar, a patient to the portal', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    expect((await new PageSession(t, doctor.cookie).get('/staff/schedule')).statusCode).toBe(403);
    const patient = await createAccount(t, { role: 'patient' });
    expect((await new PageSession(t, patient.cookie).get('/staff/schedule/book')).statusCode).toBe(403);
  });
});
