import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/auth/auth.tables.js';
import { createdAt, id, instant } from '../../../platform/db/columns.js';
import { appointments } from '../appointments/appointments.tables.js';

export const REMINDER_KINDS = ['reminder', 'follow_up'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
export const REMINDER_STATUSES = ['scheduled', 'sent', 'cancelled'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

/**
 * What the patient will be told later about an appointment, and when: reminders before the start
 * (written by the booking hooks at APPOINTMENT_REMINDER_OFFSETS; a cancel or reschedule cancels
 * them, and a reschedule writes new ones for the new booking) and follow-up reminders a clinician
 * asks for after a visit. The sweep (`sendDueReminders`) sends each due one once.
 */
export const appointmentReminders = pgTable(
  'appointment_reminders',
  {
    id: id(),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    kind: text('kind').$type<ReminderKind>().notNull(),
    /** For 'reminder': minutes before the start. */
    offsetMinutes: integer('offset_minutes'),
    dueAt: instant('due_at').notNull(),
    status: text('status').$type<ReminderStatus>().notNull().default('scheduled'),
    sentAt: instant('sent_at'),
    cancelledAt: instant('cancelled_at'),
    /** A follow-up's note from the clinician: clinical tier, in-app only, never logged or audited. */
    note: text('note'),
    requestedBy: uuid('requested_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    check('appointment_reminders_kind_check', sql`${t.kind} in ('reminder','follow_up')`),
    check('appointment_reminders_status_check', sql`${t.status} in ('scheduled','sent','cancelled')`),
    check('appointment_reminders_offset_check', sql`(${t.kind} = 'reminder') = (${t.offsetMinutes} is not null)`),
    // The sweep: scheduled reminders in due order.
    index('appointment_reminders_due_idx')
      .on(t.dueAt)
      .where(sql`${t.status} = 'scheduled'`),
    index('appointment_reminders_appointment_idx').on(t.appointmentId),
    // One reminder per offset per appointment, whatever runs twice.
    uniqueIndex('appointment_reminders_offset_key')
      .on(t.appointmentId, t.offsetMinutes)
      .where(sql`${t.kind} = 'reminder'`),
  ],
);
