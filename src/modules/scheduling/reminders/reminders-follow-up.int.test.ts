import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount } from '../../../../test/helpers/actors.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { bookAs, notificationsOf, openClinic, outboxOf, remindersOf } from './reminders-test-support.js';
import { sendDueReminders } from './services/reminders-sweep.service.js';

const DAY = 86_400_000;

/** This file runs with its own reminder offsets, to show they come from the configuration. */
describe('follow-up reminders, and reminder offsets from the configuration', () => {
  const t = useTestApp({ env: { APPOINTMENT_REMINDER_OFFSETS: '3d, 90m' } });

  async function completedVisit() {
    const clinic = await openClinic(t);
    const patient = await createAccount(t, { role: 'patient' });
    const visit = await bookAs(t, patient, {
      staffId: clinic.doctor.staffId,
      visitTypeId: clinic.followUp,
      startsAt: '2026-11-27T10:00:00Z',
    });
    for (const step of ['check-in', 'complete']) {
      expect((await api(t, 'POST', `/api/v1/appointments/${visit.id}/${step}`, { token: clinic.doctor.token })).statusCode).toBe(200);
    }
    return { ...clinic, patient, visit };
  }

  it('writes reminders at APPOINTMENT_REMINDER_OFFSETS', async () => {
    expect(t.config.appointmentReminderOffsetsMinutes).toEqual([4320, 90]);
    const { doctor, followUp } = await openClinic(t);
    const patient = await createAccount(t, { role: 'patient' });
    const booked = await bookAs(t, patient, { staffId: doctor.staffId, visitTypeId: followUp, startsAt: '2026-12-08T09:00:00Z' });
    expect((await remindersOf(t, booked.id)).map((r) => [r.offsetMinutes, r.dueAt.toISOString()])).toEqual([
      [4320, '2026-12-05T09:00:00.000Z'],
      [90, '2026-12-08T07:30:00.000Z'],
    ]);
  });

  it('the clinician asks for a follow-up after the visit; asking again replaces it; the sweep tells the patient once, the note in-app only', async () => {
    const { doctor, patient, visit } = await completedVisit();
    const now = t.clock.now();
    const first = await api(t, 'POST', `/api/v1/appointments/${visit.id}/follow-up`, { token: doctor.token, body: { afterDays: 30 } });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      appointmentId: visit.id,
      kind: 'follow_up',
      status: 'scheduled',
      dueAt: new Date(now.getTime() + 30 * DAY).toISOString(),
      note: null,
    });

    const second = await api(t, 'POST', `/api/v1/appointments/${visit.id}/follow-up`, {
      token: doctor.token,
      body: { dueAt: '2027-01-15T09:00:00+01:00', note: 'Bring your blood pressure diary' },
    });
    expect(second.statusCode).toBe(201);
    const rows = (await remindersOf(t, visit.id)).filter((r) => r.kind === 'follow_up');
    expect(rows.map((r) => [r.status, r.dueAt.toISOString(), r.note])).toEqual([
      ['cancelled', '2026-12-27T09:00:00.000Z', null],
      ['scheduled', '2027-01-15T08:00:00.000Z', 'Bring your blood pressure diary'],
    ]);
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'appointment.follow_up'), eq(auditEvents.resourceId, visit.id)))
      .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
      .limit(1);
    expect(audit).toMatchObject({ actorUserId: doctor.userId, patientId: patient.patientId, outcome: 'success' });
    expect(JSON.stringify(audit!.detail)).not.toContain('diary');

    expect(await sendDueReminders(t.db, new Date('2027-01-15T07:59:00Z'))).toMatchObject({ sent: 0 });
    expect(await sendDueReminders(t.db, new Date('2027-01-15T08:00:00Z'))).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect(await sendDueReminders(t.db, new Date('2027-01-15T08:05:00Z'))).toEqual({ sent: 0, skipped: 0, failed: 0 });
    const notices = await notificationsOf(t, patient.userId, 'scheduling.notice_follow_up_note');
    expect(notices).toEqual([
      {
        template: 'scheduling.notice_follow_up_note',
        category: 'appointment',
        title: 'Time to book your next appointment',
        body: 'Amira Haddad asked you to book a follow-up appointment. Their note: Bring your blood pressure diary',
        link: '/portal/appointments',
      },
    ]);
    const [email] = await outboxOf(t, patient.userId, 'scheduling.notice_follow_up_note');
    expect(email!.text).toContain('It is time to book your next appointment.');
    expect(email!.text).not.toContain('diary');
    expect(email!.text).not.toContain('Haddad');
  });

  it('refuses a visit not completed (409), a non-clinician (403), a clinician with no relationship (404, audited), and bad times (400)', async () => {
    const { doctor, followUp, visit } = await completedVisit();
    const patient = await createAccount(t, { role: 'patient' });
    const upcoming = await bookAs(t, patient, { staffId: doctor.staffId, visitTypeId: followUp, startsAt: '2026-12-09T09:00:00Z' });
    const early = await api(t, 'POST', `/api/v1/appointments/${upcoming.id}/follow-up`, { token: doctor.token, body: { afterDays: 10 } });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('conflict');

    const receptionist = await createAccount(t, { role: 'receptionist' });
    const desk = await api(t, 'POST', `/api/v1/appointments/${visit.id}/follow-up`, { token: receptionist.token, body: { afterDays: 10 } });
    expect(desk.statusCode).toBe(403);
    expect(desk.json().code).toBe('forbidden');

    const stranger = await createAccount(t, { role: 'doctor' });
    const denied = await api(t, 'POST', `/api/v1/appointments/${visit.id}/follow-up`, { token: stranger.token, body: { afterDays: 10 } });
    expect(denied.statusCode).toBe(404);
    expect(denied.json().code).toBe('not_found');
    const deniedRows = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, stranger.userId), eq(auditEvents.outcome, 'denied')));
    expect(deniedRows.length).toBeGreaterThan(0);

    const asPatient = await api(t, 'POST', `/api/v1/appointments/${visit.id}/follow-up`, { token: patient.token, body: { afterDays: 10 } });
    expect(asPatient.statusCode).toBe(403);

    for (const body of [{}, { afterDays: 5, dueAt: '2027-01-01T09:00:00Z' }, { afterDays: 0 }, { afterDays: 5, extra: true }]) {
      const res = await api(t, 'POST', `/api/v1/appointments/${visit.id}/follow-up`, { token: doctor.token, body });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    const past = await api(t, 'POST', `/api/v1/appointments/${visit.id}/follow-up`, {
      token: doctor.token,
      body: { dueAt: '2026-11-01T09:00:00Z' },
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors).toEqual([{ path: 'dueAt', message: 'Choose a moment in the future.' }]);
    expect((await remindersOf(t, visit.id)).filter((r) => r.kind === 'follow_up')).toEqual([]);
    expect((await remindersOf(t, upcoming.id)).filter((r) => r.kind === 'follow_up')).toEqual([]);
  });
});
