import type { Db } from '../../../../platform/db/database.js';
import type { AppointmentRow } from '../../appointments/appointments.repository.js';
import { cancelScheduledReminders, insertReminders, type ReminderRow } from '../reminders.repository.js';
import type { AppointmentHook } from '../../appointments/services/appointment-hooks.js';
import { sendAppointmentNotice } from './reminders-notices.service.js';

const MINUTE = 60_000;

/**
 * Writes an appointment's reminders at `offsetsMinutes` before its start. Offsets whose moment has
 * already passed are skipped (the confirmation covers a booking made at short notice).
 */
export async function scheduleReminders(
  tx: Db,
  appointment: AppointmentRow,
  offsetsMinutes: readonly number[],
  now: Date,
): Promise<ReminderRow[]> {
  const rows = offsetsMinutes
    .map((offset) => ({ offset, dueAt: new Date(appointment.startsAt.getTime() - offset * MINUTE) }))
    .filter(({ dueAt }) => dueAt > now)
    .map(({ offset, dueAt }) => ({
      appointmentId: appointment.id,
      kind: 'reminder' as const,
      offsetMinutes: offset,
      dueAt,
      createdAt: now,
    }));
  return insertReminders(tx, rows);
}

/**
 * The booking hook of the reminders feature (registered per app with the configured offsets):
 * - booked: reminders written, a confirmation sent;
 * - rescheduled: the original's reminders cancelled, the new booking's written, the new time sent;
 * - cancelled: its reminders cancelled, a cancellation notice sent (whoever cancelled);
 * - checked in or no-show: reminders not yet sent are cancelled, silently.
 * Everything is written with the booking's transaction, so it commits or rolls back with it.
 */
export function remindersHook(offsetsMinutes: readonly number[]): AppointmentHook {
  return async (tx, change, ctx) => {
    const { appointment } = change;
    switch (change.kind) {
      case 'booked':
        await scheduleReminders(tx, appointment, offsetsMinutes, ctx.now);
        await sendAppointmentNotice(tx, { appointment, template: 'booked', dedupeKey: `appointment:${appointment.id}:booked` }, ctx.now);
        return;
      case 'rescheduled':
        if (change.previous) await cancelScheduledReminders(tx, change.previous.id, ctx.now);
        await scheduleReminders(tx, appointment, offsetsMinutes, ctx.now);
        await sendAppointmentNotice(
          tx,
          {
            appointment,
            template: 'rescheduled',
            dedupeKey: `appointment:${appointment.id}:rescheduled`,
            ...(change.previous ? { previous: change.previous } : {}),
          },
          ctx.now,
        );
        return;
      case 'cancelled':
        await cancelScheduledReminders(tx, appointment.id, ctx.now);
        await sendAppointmentNotice(
          tx,
          { appointment, template: 'cancelled', dedupeKey: `appointment:${appointment.id}:cancelled` },
          ctx.now,
        );
        return;
      case 'checked_in':
      case 'no_show':
        await cancelScheduledReminders(tx, appointment.id, ctx.now, ['reminder']);
        return;
      case 'completed':
        return;
    }
  };
}
