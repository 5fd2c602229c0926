import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { users } from '../../../platform/auth/auth.tables.js';
import { appointments } from '../appointments/appointments.tables.js';
import { visitTypeId, workEveryDay } from '../appointments/appointments-test-support.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';

/** The clinician's day and week calendar, and the visit-status buttons on it. */
describe('scheduling: the clinician’s calendar page', () => {
  const t = useTestApp();

  async function setUp() {
    const doctor = await createAccount(t, { role: 'doctor' });
    await t.db.update(users).set({ timeZone: 'Europe/Paris' }).where(eq(users.id, doctor.userId));
    await workEveryDay(t.db, doctor.staffId!);
    const patient = await createAccount(t, { role: 'patient', givenName: 'Maria', familyName: 'Calendar' });
    const other = await createAccount(t, { role: 'patient', givenName: 'João', familyName: 'Weekly' });
    const followUp = await visitTypeId(t.db, 'follow_up');
    const book = async (who: typeof patient, startsAt: string) => {
      const res = await api(t, 'POST', '/api/v1/appointments', {
        token: who.token,
        body: { staffId: doctor.staffId, visitTypeId: followUp, startsAt },
      });
      expect(res.statusCode).toBe(201);
      return res.json().id as string;
    };
    return { doctor, patient, other, book };
  }

  it('shows the day in the clinician’s zone with names, statuses and actions; cancelled visits are gone', async () => {
    const { doctor, patient, other, book } = await setUp();
    const today = await book(patient, '2026-11-27T10:00:00Z'); // 11:00 in Paris
    const tomorrow = await book(other, '2026-11-28T09:00:00Z');
    const cancelled = await book(other, '2026-11-27T14:00:00Z');
    expect((await api(t, 'POST', `/api/v1/appointments/${cancelled}/cancel`, { token: doctor.token, body: {} })).statusCode).toBe(200);

    const page = new PageSession(t, doctor.cookie);
    const day = await page.get('/staff/calendar?date=2026-11-27&view=day');
    expect(day.statusCode).toBe(200);
    expect(day.body).toContain('Europe/Paris');
    expect(day.body).toContain(`appointment-${today}`);
    expect(day.body).toContain('Maria Calendar');
    expect(day.body).toContain('11:00');
    expect(day.body).toContain('Booked');
    expect(day.body).toContain(`/staff/appointments/${today}/status`);
    expect(day.body).not.toContain(`appointment-${cancelled}`);
    expect(day.body).not.toContain(`appointment-${tomorrow}`);
    expect(day.body).toContain('date=2026-11-26');
    expect(day.body).toContain('date=2026-11-28');
    // The row opens the appointment's encounter (create-or-open); the places that belong with a calendar.
    expect(day.body).toContain(`href="/staff/encounters/new?appointmentId=${today}"`);
    for (const href of ['/staff/today', '/staff/availability', '/staff/calendar-feed', '/staff/schedule/book'])
      expect(day.body).toContain(`href="${href}"`);
    expect(day.body).not.toContain('href="/staff/schedule"'); // the board is the front desk's

    // One audit insert for the view: a row per patient shown (never the cancelled visit), nothing else.
    const viewRows = () =>
      t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorUserId, doctor.userId), eq(auditEvents.action, 'appointment.calendar_view')));
    const dayRows = await viewRows();
    expect(dayRows).toHaveLength(1);
    expect(dayRows[0]).toMatchObject({
      patientId: patient.patientId,
      outcome: 'success',
      category: 'clinical',
      resourceType: 'appointment',
    });
    expect(dayRows[0]!.detail).toEqual({ tier: 'treating_clinician', appointmentIds: [today] });
    const listRows = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, doctor.userId), eq(auditEvents.action, 'appointment.list')));
    expect(listRows).toHaveLength(0);

    const week = await page.get('/staff/calendar?date=2026-11-27&view=week');
    const weekRows = (await viewRows()).slice(1);
    expect(weekRows.map((r) => r.patientId).sort()).toEqual([patient.patientId, other.patientId].sort());
    expect(weekRows.find((r) => r.patientId === other.patientId)!.detail).toEqual({
      tier: 'treating_clinician',
      appointmentIds: [tomorrow],
    });
    expect(week.statusCode).toBe(200);
    expect(week.body).toContain('day-2026-11-23');
    expect(week.body).toContain('day-2026-11-29');
    expect(week.body).toContain(`appointment-${today}`);
    expect(week.body).toContain(`appointment-${tomorrow}`);
    expect(week.body).toContain('João Weekly');
  });

  it('checks a patient in, refuses a no-show before the start, and completes the visit', async () => {
    const { doctor, patient, book } = await setUp();
    const id = await book(patient, '2026-11-27T10:00:00Z');
    const page = new PageSession(t, doctor.cookie);
    await page.get('/staff/calendar?date=2026-11-27');
    const back = { back: 'calendar', date: '2026-11-27', view: 'day' };

    const early = await page.post(`/staff/appointments/${id}/status`, { ...back, action: 'no_show' });
    expect(early.statusCode).toBe(303);
    expect(early.headers.location).toBe('/staff/calendar?date=2026-11-27&view=day&notice=refused_early');
    expect((await t.db.select().from(appointments).where(eq(appointments.id, id)))[0]!.status).toBe('booked');

    const checkedIn = await page.post(`/staff/appointments/${id}/status`, { ...back, action: 'check_in' });
    expect(checkedIn.headers.location).toBe('/staff/calendar?date=2026-11-27&view=day&notice=done_check_in');
    const shown = await page.get(checkedIn.headers.location as string);
    expect(shown.body).toContain('The patient is checked in.');
    expect(shown.body).toContain('Checked in');
    const completed = await page.post(`/staff/appointments/${id}/status`, { ...back, action: 'complete' });
    expect(completed.headers.location).toContain('notice=done_complete');
    const again = await page.post(`/staff/appointments/${id}/status`, { ...back, action: 'check_in' });
    expect(again.headers.location).toContain('notice=refused_conflict');
    const [row] = await t.db.select().from(appointments).where(eq(appointments.id, id));
    expect(row).toMatchObject({ status: 'completed', checkedInAt: t.clock.now(), completedAt: t.clock.now() });
  });

  it('keeps another clinician’s calendar private, and is not for patients', async () => {
    const { doctor } = await setUp();
    const colleague = await createAccount(t, { role: 'doctor' });
    expect((await new PageSession(t, colleague.cookie).get(`/staff/calendar?staffId=${doctor.staffId}`)).statusCode).toBe(403);
    const admin = await createAccount(t, { role: 'admin' });
    expect((await new PageSession(t, admin.cookie).get(`/staff/calendar?staffId=${doctor.staffId}`)).statusCode).toBe(200);
    const patient = await createAccount(t, { role: 'patient' });
    expect((await new PageSession(t, patient.cookie).get('/staff/calendar')).statusCode).toBe(403);
  });
});
