import { sql } from 'drizzle-orm';
import { boolean, check, index, numeric, pgTable, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt, version } from '../../../platform/db/columns.js';
import { patients } from '../../patients/index.js';
import { prescriptions } from '../prescriptions.tables.js';

export const DOSE_STATUSES = ['pending', 'taken', 'skipped', 'given', 'not_given'] as const;
export type DoseStatus = (typeof DOSE_STATUSES)[number];
/** Why a nurse did not give a dose (a closed list, each with a translated label). */
export const NOT_GIVEN_REASONS = ['patient_refused', 'patient_absent', 'nil_by_mouth', 'held_clinical', 'unavailable', 'other'] as const;
export type NotGivenReason = (typeof NOT_GIVEN_REASONS)[number];

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(',');

/**
 * One planned dose of a signed prescription: one row per prescription and planned instant (unique),
 * materialised for a rolling window by the dose job and at signing. `remind_at` is when the next
 * reminder is due (the dose time, or a snooze); null once reminded or recorded.
 */
export const medicationDoses = pgTable(
  'medication_doses',
  {
    id: id(),
    prescriptionId: uuid('prescription_id')
      .notNull()
      .references(() => prescriptions.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    dueAt: instant('due_at').notNull(),
    status: text('status').$type<DoseStatus>().notNull().default('pending'),
    remindAt: instant('remind_at'),
    remindersSent: smallint('reminders_sent').notNull().default(0),
    /** When the dose was taken or given (the nurse may enter an earlier time), or skipped / not given. */
    recordedAt: instant('recorded_at'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    administeredAt: instant('administered_at'),
    givenDoseValue: numeric('given_dose_value', { precision: 14, scale: 4, mode: 'number' }),
    givenDoseUnit: text('given_dose_unit'),
    notGivenReason: text('not_given_reason').$type<NotGivenReason>(),
    note: text('note'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('medication_doses_prescription_due_key').on(t.prescriptionId, t.dueAt),
    // The patient's doses by time (their page, adherence) and the nurse's list (patients × window).
    index('medication_doses_patient_due_idx').on(t.patientId, t.dueAt),
    // The reminder sweep: the doses whose reminder is due.
    index('medication_doses_remind_idx')
      .on(t.remindAt)
      .where(sql`${t.remindAt} is not null`),
    check('medication_doses_status_check', sql`${t.status} in (${sql.raw(list(DOSE_STATUSES))})`),
    check('medication_doses_recorded_check', sql`(${t.status} = 'pending') = (${t.recordedAt} is null)`),
    check(
      'medication_doses_given_check',
      sql`${t.status} <> 'given' or (${t.administeredAt} is not null and ${t.givenDoseValue} > 0 and ${t.givenDoseUnit} is not null)`,
    ),
    check(
      'medication_doses_not_given_check',
      sql`(${t.status} = 'not_given') = (${t.notGivenReason} is not null) and (${t.notGivenReason} is null or ${t.notGivenReason} in (${sql.raw(list(NOT_GIVEN_REASONS))}))`,
    ),
  ],
);

/**
 * A prescription the prescriber flagged for adherence monitoring, with its threshold (percent over
 * 7 days). `alert_open` is true from the alert until adherence recovers: one alert per episode.
 */
export const adherenceMonitors = pgTable(
  'medication_adherence_monitors',
  {
    prescriptionId: uuid('prescription_id')
      .primaryKey()
      .references(() => prescriptions.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    thresholdPercent: smallint('threshold_percent').notNull().default(80),
    active: boolean('active').notNull().default(true),
    alertOpen: boolean('alert_open').notNull().default(false),
    lastAlertAt: instant('last_alert_at'),
    flaggedBy: uuid('flagged_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('medication_adherence_monitors_active_idx')
      .on(t.patientId)
      .where(sql`${t.active}`),
    check('medication_adherence_monitors_threshold_check', sql`${t.thresholdPercent} between 1 and 100`),
  ],
);

export type DoseRow = typeof medicationDoses.$inferSelect;
export type AdherenceMonitorRow = typeof adherenceMonitors.$inferSelect;
