import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, createPatientRecord } from '../../../../test/helpers/actors.js';
import { users } from '../../../platform/auth/auth.tables.js';
import { appointments } from '../appointments/appointments.tables.js';
import { appointmentReminders } from './reminders.tables.js';
import { bookAs, notificationsOf, openClinic, outboxOf, remindersOf } from './reminders-test-support.js';
import { sendDueReminders } from './services/reminders-sweep.service.js';

const at = (iso: string) => new Date(iso);

/** Closes the reminders earlier tests in this file left scheduled, so a test's sweep counts only its own. */
const drainEarlierTests = (t: { db: Parameters<typeof sendDueReminders>[0] }) => sendDueReminders(t.db, at('2028-01-01T00:00:00Z'));

describe('appointment notices and reminders', () => {
  const t = useTestApp();

  it('a booking writes reminders at the configured offsets and confirms in the notification centre and the outbox', async () => {
    expect(t.config.appointmentReminderOffsetsMinutes).toEqual([1440, 120]); // the default "24h,2h"
    const { doctor, followUp } = await openClinic(t);
    const patient = await createAccount(t, { role: 'patient' });
    // Every time in a notice is in the patient's own zone (docs/time.md).
    await t.db.update(users).set({ timeZone: 'Europe/Paris' }).where(eq(users.id, patient.userId));
    const booked = await bookAs(t, patient, {
      staffId: doctor.staffId,
      visitTypeId: followUp,
      startsAt: '2026-12-01T09:00:00Z',
      reason: 'Chest pain on stairs',
    });

    expect(await remindersOf(t, booked.id)).toEqual([
      expect.objectContaining({
        kind: 'reminder',
        offsetMinutes: 1440,
        dueAt: at('2026-11-30T09:00:00Z'),
        status: 'scheduled',
        sentAt: null,
      }),
      expect.objectContaining({
        kind: 'reminder',
        offsetMinutes: 120,
        dueAt: at('2026-12-01T07:00:00Z'),
        status: 'scheduled',
        sentAt: null,
      }),
    ]);

    const [notice] = await notificationsOf(t, patient.userId, 'scheduling.notice_booked');
    // In the clinician's zone, named: 09:00 UTC is 10:00 in Paris.
    expect(notice).toEqual({
      template: 'scheduling.notice_booked',
      category: 'appointment',
      title: 'Appointment confirmed',
      body: 'Your appointment with Amira Haddad is booked for Tuesday, December 1, 2026 at 10:00 AM (Europe/Paris). Place: Consulting room.',
      link: '/portal/appointments',
    });
    const [email] = await outboxOf(t, patient.userId, 'scheduling.notice_booked');
    expect(email).toMatchObject({ channel: 'email', subject: 'Appointment confirmed' });
    expect(email!.text).toContain(
      'Your appointment is booked for Tuesday, December 1, 2026 at 10:00 AM (Europe/Paris). Place: Consulting room.',
    );
    // Outside the building: date, time and place only.
    expect(email!.text).not.toContain('Haddad');
    expect(email!.text).not.toContain('Chest pain');
  });

  it('speaks the patient’s language; a booking at short notice skips the offsets already past; a patient without an account gets reminders but no message', async () => {
    const { doctor, followUp } = await openClinic(t, { givenName: 'Lucía', familyName: 'Ortega' });
    const patient = await createAccount(t, { role: 'patient' });
    // Every time in a notice is in the patient's own zone (docs/time.md).
    await t.db.update(users).set({ timeZone: 'Europe/Paris' }).where(eq(users.id, patient.userId));
    await t.db.update(users).set({ locale: 'es' }).where(eq(users.id, patient.userId));
    // Now is 2026-11-27T09:00Z: three hours ahead leaves only the 2-hour reminder.
    const soon = await bookAs(t, patient, { staffId: doctor.staffId, visitTypeId: followUp, startsAt: '2026-11-27T12:00:00Z' });
    expect((await remindersOf(t, soon.id)).map((r) => [r.offsetMinutes, r.dueAt.toISOString()])).toEqual([
      [120, '2026-11-27T10:00:00.000Z'],
    ]);
    const [notice] = await notificationsOf(t, patient.userId, 'scheduling.notice_booked');
    expect(notice!.title).toBe('Cita confirmada');
    expect(notice!.body).toContain('Lucía Ortega');
    expect(notice!.body).toContain('13:00');
    expect(notice!.body).toContain('(Europe/Paris)');

    const receptionist = await createAccount(t, { role: 'receptionist' });
    const walkIn = await createPatientRecord(t);
    const forWalkIn = await bookAs(t, receptionist, {
      patientId: walkIn.id,
      staffId: doctor.staffId,
      visitTypeId: followUp,
      startsAt: '2026-12-03T09:00:00Z',
    });
    expect(await remindersOf(t, forWalkIn.id)).toHaveLength(2);
  });

  it('a reschedule moves the reminders to the new time and says so; a cancel cancels them and says so', async () => {
    const { doctor, followUp } = await openClinic(t);
    const patient = await createAccount(t, { role: 'patient' });
    // Every time in a notice is in the patient's own zone (docs/time.md).
    await t.db.update(users).set({ timeZone: 'Europe/Paris' }).where(eq(users.id, patient.userId));
    const receptionist = await createAccount(t, { role: 'receptionist' });
    const first = await bookAs(t, patient, { staffId: doctor.staffId, visitTypeId: followUp, startsAt: '2026-12-02T09:00:00Z' });

    const moved = await api(t, 'POST', `/api/v1/appointments/${first.id}/reschedule`, {
      token: patient.token,
      body: { startsAt: '2026-12-04T14:00:00Z' },
    });
    expect(moved.statusCode).toBe(201);
    const second = moved.json().id as string;
    expect((await remindersOf(t, first.id)).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    expect((await remindersOf(t, second)).map((r) => [r.status, r.dueAt.toISOString()])).toEqual([
      ['scheduled', '2026-12-03T14:00:00.000Z'],
      ['scheduled', '2026-12-04T12:00:00.000Z'],
    ]);
    const [movedNotice] = await notificationsOf(t, patient.userId, 'scheduling.notice_rescheduled');
    expect(movedNotice!.body).toBe(
      'Your appointment with Amira Haddad on Wednesday, December 2, 2026 at 10:00 AM has moved to Friday, December 4, 2026 at 3:00 PM (Europe/Paris). Place: Consulting room.',
    );
    expect((await outboxOf(t, patient.userId, 'scheduling.notice_rescheduled'))[0]!.text).toContain(
      'Your appointment has moved to Friday, December 4, 2026 at 3:00 PM (Europe/Paris).',
    );

    // Cancelled by the front desk: the patient is told all the same.
    expect(
      (await api(t, 'POST', `/api/v1/appointments/${second}/cancel`, { token: receptionist.token, body: { reason: 'Clinician ill' } }))
        .statusCode,
    ).toBe(200);
    expect((await remindersOf(t, second)).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    const [cancelNotice] = await notificationsOf(t, patient.userId, 'scheduling.notice_cancelled');
    expect(cancelNotice!.title).toBe('Appointment cancelled');
    expect(cancelNotice!.body).toContain('Friday, December 4, 2026 at 3:00 PM (Europe/Paris) is cancelled');
    expect((await outboxOf(t, patient.userId, 'scheduling.notice_cancelled'))[0]!.text).not.toContain('Clinician ill');
  });

  it('the sweep sends each due reminder once, and never one of a cancelled or checked-in appointment', async () => {
    await drainEarlierTests(t);
    const { doctor, followUp } = await openClinic(t);
    const patient = await createAccount(t, { role: 'patient' });
    // Every time in a notice is in the patient's own zone (docs/time.md).
    await t.db.update(users).set({ timeZone: 'Europe/Paris' }).where(eq(users.id, patient.userId));
    const receptionist = await createAccount(t, { role: 'receptionist' });
    const kept = await bookAs(t, patient, { staffId: doctor.staffId, visitTypeId: followUp, startsAt: '2026-12-10T09:00:00Z' });
    const cancelled = await bookAs(t, patient, { staffId: doctor.staffId, visitTypeId: followUp, startsAt: '2026-12-10T11:00:00Z' });
    const checkedIn = await bookAs(t, patient, { staffId: doctor.staffId, visitTypeId: followUp, startsAt: '2026-12-10T13:00:00Z' });
    expect((await api(t, 'POST', `/api/v1/appointments/${cancelled.id}/cancel`, { token: patient.token, body: {} })).statusCode).toBe(200);
    expect((await api(t, 'POST', `/api/v1/appointments/${checkedIn.id}/check-in`, { token: receptionist.token })).statusCode).toBe(200);
    expect((await remindersOf(t, checkedIn.id)).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);

    // Nothing is due yet.
    expect(await sendDueReminders(t.db, at('2026-12-09T08:59:00Z'))).toEqual({ sent: 0, skipped: 0, failed: 0 });
    // The day before: the 24-hour reminder of the kept appointment, once — even with two sweeps at once.
    const dayBefore = at('2026-12-09T09:00:30Z');
    const [a, b] = await Promise.all([sendDueReminders(t.db, dayBefore), sendDueReminders(t.db, dayBefore)]);
    expect(a.sent + b.sent).toBe(1);
    expect(await sendDueReminders(t.db, dayBefore)).toEqual({ sent: 0, skipped: 0, failed: 0 });
    const reminders = await notificationsOf(t, patient.userId, 'scheduling.notice_reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.body).toBe(
      'Reminder: your appointment with Amira Haddad is on Thursday, December 10, 2026 at 10:00 AM (Europe/Paris). Place: Consulting room.',
    );
    const emails = await outboxOf(t, patient.userId, 'scheduling.notice_reminder');
    expect(emails).toHaveLength(1);
    expect(emails[0]!.text).toContain(
      'Reminder: your appointment is on Thursday, December 10, 2026 at 10:00 AM (Europe/Paris). Place: Consulting room.',
    );
    expect(await remindersOf(t, kept.id)).toEqual([
      expect.objectContaining({ offsetMinutes: 1440, status: 'sent', sentAt: dayBefore }),
      expect.objectContaining({ offsetMinutes: 120, status: 'scheduled', sentAt: null }),
    ]);

    // Two hours before: the second one; the cancelled and checked-in appointments never get any.
    expect(await sendDueReminders(t.db, at('2026-12-10T07:00:00Z'))).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect(await notificationsOf(t, patient.userId, 'scheduling.notice_reminder')).toHaveLength(2);
    expect((await remindersOf(t, cancelled.id)).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    expect((await remindersOf(t, kept.id)).map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('a reminder whose appointment changed behind its back, or whose moment passed the start, is closed without a message', async () => {
    await drainEarlierTests(t);
    const { doctor, followUp } = await openClinic(t);
    const patient = await createAccount(t, { role: 'patient' });
    const changed = await bookAs(t, patient, { staffId: doctor.staffId, visitTypeId: followUp, startsAt: '2026-12-15T09:00:00Z' });
    const late = await bookAs(t, patient, { staffId: doctor.staffId, visitTypeId: followUp, startsAt: '2026-12-15T11:00:00Z' });
    // A status written without the hooks (e.g. a data fix) still stops the reminders.
    await t.db.update(appointments).set({ status: 'no_show' }).where(eq(appointments.id, changed.id));

    // The sweeper was down until after the second appointment began.
    const report = await sendDueReminders(t.db, at('2026-12-15T11:30:00Z'));
    expect(report).toEqual({ sent: 0, skipped: 4, failed: 0 });
    expect(await notificationsOf(t, patient.userId, 'scheduling.notice_reminder')).toHaveLength(0);
    const rows = await t.db
      .select({ status: appointmentReminders.status })
      .from(appointmentReminders)
      .where(eq(appointmentReminders.appointmentId, late.id));
    expect(rows.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('a reminder that fails stays scheduled for the next run, is logged without details, and does not stop the others', async () => {
    await drainEarlierTests(t);
    const { doctor, followUp } = await openClinic(t);
    const unlucky = await createAccount(t, { role: 'patient' });
    const lucky = await createAccount(t, { role: 'patient' });
    const one = await bookAs(t, unlucky, {
      staffId: doctor.staffId,
      visitTypeId: followUp,
      startsAt: '2026-12-20T09:00:00Z',
      reason: 'Dizzy spells',
    });
    const two = await bookAs(t, lucky, { staffId: doctor.staffId, visitTypeId: followUp, startsAt: '2026-12-20T10:00:00Z' });
    // The database refuses the first patient's notifications for a while.
    await t.db.execute(
      sql.raw(`create function reminders_test_refuse() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`),
    );
    await t.db.execute(
      sql.raw(
        `create trigger reminders_test_refuse before insert on notifications for each row when (new.user_id = '${unlucky.userId}') execute function reminders_test_refuse()`,
      ),
    );
    const lines: { msg: string; obj: Record<string, unknown> }[] = [];
    const logger = { error: (obj: Record<string, unknown>, msg: string) => lines.push({ obj, msg }) } as never;
    try {
      const due = at('2026-12-19T10:00:00Z');
      expect(await sendDueReminders(t.db, due, { logger })).toEqual({ sent: 1, skipped: 0, failed: 1 });
      expect((await remindersOf(t, one.id))[0]).toMatchObject({ status: 'scheduled', sentAt: null });
      expect((await remindersOf(t, two.id))[0]).toMatchObject({ status: 'sent', sentAt: due });
      expect(lines).toHaveLength(1);
      expect(lines[0]!.msg).toBe('reminders: a reminder could not be sent');
      expect(lines[0]!.obj.reminderId).toBe((await remindersOf(t, one.id))[0]!.id);
      expect(JSON.stringify(lines[0]!.obj)).not.toMatch(/Dizzy|Haddad|refused/);
    } finally {
      await t.db.execute(sql.raw('drop trigger reminders_test_refuse on notifications'));
      await t.db.execute(sql.raw('drop function reminders_test_refuse()'));
    }

    // Repaired, the next run sends it.
    expect(await sendDueReminders(t.db, at('2026-12-19T10:01:00Z'))).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect(await notificationsOf(t, unlucky.userId, 'scheduling.notice_reminder')).toHaveLength(1);
    expect(await notificationsOf(t, lucky.userId, 'scheduling.notice_reminder')).toHaveLength(1);
  });

  it('a patient zone the runtime does not know never fails a booking: the notice falls back to the hospital zone (UTC here)', async () => {
    const { doctor, followUp } = await openClinic(t);
    const patient = await createAccount(t, { role: 'patient' });
    await t.db.update(users).set({ timeZone: 'Mars/Olympus_Mons' }).where(eq(users.id, patient.userId));
    await bookAs(t, patient, { staffId: doctor.staffId, visitTypeId: followUp, startsAt: '2026-12-21T09:00:00Z' });
    expect((await notificationsOf(t, patient.userId, 'scheduling.notice_booked'))[0]!.body).toContain(
      'Monday, December 21, 2026 at 9:00 AM (UTC)',
    );
  });
});
