import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt, version } from '../../../platform/db/columns.js';
import { patients } from '../../patients/index.js';
import { staffProfiles } from '../../staff/index.js';
import { rooms, visitTypes } from '../availability/scheduling.tables.js';

export const APPOINTMENT_STATUSES = ['booked', 'checked_in', 'completed', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
/** Statuses that hold the clinician's, the room's and the patient's time. */
export const ACTIVE_APPOINTMENT_STATUSES = ['booked', 'checked_in'] as const satisfies readonly AppointmentStatus[];

/**
 * One visit of a patient with a clinician, [starts_at, ends_at) in UTC. Double booking is
 * impossible at the database level: three EXCLUDE constraints over active appointments
 * (migration `appointments_no_overlap`): appointments_clinician_no_overlap,
 * appointments_room_no_overlap, appointments_patient_no_overlap.
 */
export const appointments = pgTable(
  'appointments',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffProfiles.id),
    visitTypeId: uuid('visit_type_id')
      .notNull()
      .references(() => visitTypes.id),
    roomId: uuid('room_id').references(() => rooms.id),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    status: text('status').$type<AppointmentStatus>().notNull().default('booked'),
    bookedBy: uuid('booked_by').references(() => users.id),
    /** The patient's own words: clinical tier, never in logs or audit detail. */
    reason: text('reason'),
    cancelledAt: instant('cancelled_at'),
    cancelledBy: uuid('cancelled_by').references(() => users.id),
    /** Free text: clinical tier like `reason`. */
    cancelReason: text('cancel_reason'),
    /** Set on the appointment a reschedule created: the one it replaced (now cancelled). */
    rescheduledFromId: uuid('rescheduled_from_id').references((): AnyPgColumn => appointments.id),
    checkedInAt: instant('checked_in_at'),
    completedAt: instant('completed_at'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('appointments_time_order_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('appointments_status_check', sql`${t.status} in ('booked','checked_in','completed','cancelled','no_show')`),
    // A patient's upcoming and past appointments (keyset on starts_at, id).
    index('appointments_patient_starts_idx').on(t.patientId, t.startsAt, t.id),
    // A clinician's day and week.
    index('appointments_staff_starts_idx').on(t.staffId, t.startsAt, t.id),
    // The front desk's board across clinicians.
    index('appointments_starts_idx').on(t.startsAt, t.id),
    // An appointment is replaced at most once.
    uniqueIndex('appointments_rescheduled_from_key')
      .on(t.rescheduledFromId)
      .where(sql`${t.rescheduledFromId} is not null`),
  ],
);
