import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt, version } from '../../platform/db/columns.js';
import { patients } from '../patients/index.js';
import { departments } from '../staff/index.js';
import type { News2Response, News2Risk } from './news2.js';
import type { News2Status, VitalSetSource } from './vitals.vocabulary.js';

/**
 * One set of vital signs taken together. The values themselves are rows of the one observation
 * store (`observations`, LOINC + UCUM, `set_id` = this id); the set keeps what belongs to the
 * moment as a whole: air or oxygen, the SpO2 scale in force, and the NEWS2 result with the time the
 * next observations are due. Append-only: a wrong set is corrected by a new one.
 */
export const vitalSets = pgTable(
  'vital_sets',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    takenAt: instant('taken_at').notNull(),
    source: text('source').$type<VitalSetSource>().notNull(),
    /** The department of the round it was entered on, when a nurse entered it there. */
    departmentId: uuid('department_id').references(() => departments.id),
    /** Air (false) or supplemental oxygen (true); null when not recorded. */
    onOxygen: boolean('on_oxygen'),
    /** The patient's SpO2 scale when the set was taken (a doctor's setting, never chosen per set). */
    spo2Scale: smallint('spo2_scale').notNull().default(1),
    news2Status: text('news2_status').$type<News2Status>().notNull(),
    news2Total: smallint('news2_total'),
    /** Some parameter scored 3. */
    news2Red: boolean('news2_red').notNull().default(false),
    news2Risk: text('news2_risk').$type<News2Risk>(),
    news2Response: text('news2_response').$type<News2Response>(),
    /** When the next set is due by the recommended frequency (null when NEWS2 does not apply). */
    nextDueAt: instant('next_due_at'),
    /** Some value was outside its plausible range and the person confirmed it. */
    hasImplausible: boolean('has_implausible').notNull().default(false),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('vital_sets_patient_taken_idx').on(t.patientId, t.takenAt),
    check('vital_sets_source_check', sql`${t.source} in ('clinician','patient','device')`),
    check('vital_sets_scale_check', sql`${t.spo2Scale} in (1, 2)`),
    check('vital_sets_news2_status_check', sql`${t.news2Status} in ('scored','incomplete','not_applicable','not_scored')`),
    check('vital_sets_total_check', sql`(${t.news2Total} is not null) = (${t.news2Status} = 'scored')`),
    check('vital_sets_total_range_check', sql`${t.news2Total} is null or ${t.news2Total} between 0 and 20`),
    check('vital_sets_response_check', sql`${t.news2Response} is null or ${t.news2Response} in ('routine','ward','urgent','emergency')`),
  ],
);

/**
 * A patient's NEWS2 settings, made by a doctor with a reason (each change audited with the reason):
 * SpO2 scale 2 (target 88–92 %, hypercapnic respiratory failure) and "pregnant" (NEWS2 does not
 * apply). No row = scale 1, not recorded as pregnant. Pregnancy is recorded nowhere else yet.
 */
export const patientVitalSettings = pgTable(
  'patient_vital_settings',
  {
    patientId: uuid('patient_id')
      .primaryKey()
      .references(() => patients.id),
    spo2Scale: smallint('spo2_scale').notNull().default(1),
    spo2ScaleReason: text('spo2_scale_reason'),
    pregnant: boolean('pregnant').notNull().default(false),
    pregnancyReason: text('pregnancy_reason'),
    updatedBy: uuid('updated_by')
      .notNull()
      .references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('patient_vital_settings_scale_check', sql`${t.spo2Scale} in (1, 2)`),
    check('patient_vital_settings_reason_check', sql`${t.spo2Scale} = 1 or ${t.spo2ScaleReason} is not null`),
  ],
);

export type VitalSetRow = typeof vitalSets.$inferSelect;
export type PatientVitalSettingsRow = typeof patientVitalSettings.$inferSelect;
