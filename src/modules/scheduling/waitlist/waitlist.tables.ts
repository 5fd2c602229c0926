import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt, version } from '../../../platform/db/columns.js';
import { patients } from '../../patients/index.js';
import { specialties, staffProfiles } from '../../staff/index.js';
import { appointments } from '../appointments/appointments.tables.js';
import { visitTypes } from '../availability/scheduling.tables.js';

export const WAITLIST_STATUSES = ['waiting', 'offered', 'booked', 'expired', 'cancelled'] as const;
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number];
/** Entries still on the list (one per patient, specialty and visit type). */
export const OPEN_WAITLIST_STATUSES = ['waiting', 'offered'] as const satisfies readonly WaitlistStatus[];

/**
 * A patient waiting for an earlier slot of a specialty (optionally one clinician) and visit type,
 * on local dates `[earliest_date, latest_date]` in `time_zone`. First come, first offered
 * (`created_at, id`). While `offered`, the entry holds one slot — `offer_staff_id`,
 * `[offer_starts_at, offer_ends_at)` — until `offer_expires_at`; `declined_*` remembers the last
 * slot the patient turned down so it is not offered back to them at once. docs/scheduling.md.
 */
export const waitlistEntries = pgTable(
  'waitlist_entries',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    specialtyId: uuid('specialty_id')
      .notNull()
      .references(() => specialties.id),
    /** A particular clinician, or null for anyone of the specialty. */
    staffId: uuid('staff_id').references(() => staffProfiles.id),
    visitTypeId: uuid('visit_type_id')
      .notNull()
      .references(() => visitTypes.id),
    earliestDate: date('earliest_date').notNull(),
    latestDate: date('latest_date').notNull(),
    /** The zone the dates are days of (the account zone of whoever added the entry). */
    timeZone: text('time_zone').notNull(),
    status: text('status').$type<WaitlistStatus>().notNull().default('waiting'),
    offerStaffId: uuid('offer_staff_id').references(() => staffProfiles.id),
    offerStartsAt: instant('offer_starts_at'),
    offerEndsAt: instant('offer_ends_at'),
    offeredAt: instant('offered_at'),
    offerExpiresAt: instant('offer_expires_at'),
    declinedStaffId: uuid('declined_staff_id').references(() => staffProfiles.id),
    declinedStartsAt: instant('declined_starts_at'),
    appointmentId: uuid('appointment_id').references(() => appointments.id),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('waitlist_entries_status_check', sql`${t.status} in ('waiting','offered','booked','expired','cancelled')`),
    check('waitlist_entries_dates_check', sql`${t.latestDate} >= ${t.earliestDate}`),
    check(
      'waitlist_entries_offer_check',
      sql`(${t.status} = 'offered') = (${t.offerStaffId} is not null and ${t.offerStartsAt} is not null and ${t.offerEndsAt} is not null and ${t.offerExpiresAt} is not null)`,
    ),
    check('waitlist_entries_booked_check', sql`(${t.status} = 'booked') = (${t.appointmentId} is not null)`),
    // One open entry per patient, specialty and visit type.
    uniqueIndex('waitlist_entries_open_key')
      .on(t.patientId, t.specialtyId, t.visitTypeId)
      .where(sql`${t.status} in ('waiting','offered')`),
    // The queue: waiting entries of a specialty, first come first.
    index('waitlist_entries_queue_idx')
      .on(t.specialtyId, t.createdAt, t.id)
      .where(sql`${t.status} = 'waiting'`),
    // The expiry sweep.
    index('waitlist_entries_offer_expiry_idx')
      .on(t.offerExpiresAt)
      .where(sql`${t.status} = 'offered'`),
    index('waitlist_entries_patient_idx').on(t.patientId, t.createdAt),
  ],
);
