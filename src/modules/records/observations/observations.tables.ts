import { check, doublePrecision, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from '../../../platform/auth/auth.tables.js';
import { createdAt, id, instant } from '../../../platform/db/columns.js';
import { patients } from '../../patients/index.js';
import { carePlanGoals, carePlanProgress } from '../care-plans/care-plans.tables.js';

export const OBSERVATION_SOURCES = ['patient', 'clinician', 'device'] as const;
export type ObservationSource = (typeof OBSERVATION_SOURCES)[number];

/** `implausible`: outside the code's plausible range, stored only after the person confirmed it. */
export const OBSERVATION_FLAGS = ['implausible'] as const;
export type ObservationFlag = (typeof OBSERVATION_FLAGS)[number];

/**
 * Coded observations: one measured value (a LOINC code, a number and its UCUM unit) of one patient at
 * one time, with who reported it. The one store for every measurement — a patient's own reading on a
 * care-plan goal today, vital signs and device readings later — never a second table per feature.
 * Append-only: a wrong value is corrected by a new row, never by an update.
 */
export const observations = pgTable(
  'observations',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    /** The code system's URI; LOINC for everything recorded today. */
    codeSystem: text('code_system').notNull().default('http://loinc.org'),
    code: text('code').notNull(),
    value: doublePrecision('value').notNull(),
    /** UCUM unit code, e.g. mm[Hg], %, mg/dL, kg. */
    unit: text('unit').notNull(),
    /** When the value was true of the patient (the clinical time), from the injected clock. */
    effectiveAt: instant('effective_at').notNull(),
    source: text('source').$type<ObservationSource>().notNull(),
    /** The care-plan goal the reading was recorded against, when there is one. */
    goalId: uuid('goal_id').references(() => carePlanGoals.id),
    /** The clinician's progress note that carried the value, when there is one. */
    progressId: uuid('progress_id').references(() => carePlanProgress.id),
    /**
     * The vital-sign set (src/modules/vitals, table vital_sets) the reading was taken in, when there
     * is one. No foreign key: the vitals module builds on this one, not the other way round.
     */
    setId: uuid('set_id'),
    flag: text('flag').$type<ObservationFlag>(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('observations_patient_code_idx').on(t.patientId, t.code, t.effectiveAt),
    index('observations_goal_idx').on(t.goalId, t.effectiveAt),
    index('observations_set_idx')
      .on(t.setId)
      .where(sql`${t.setId} is not null`),
    check('observations_flag_check', sql`${t.flag} is null or ${t.flag} = 'implausible'`),
    check('observations_source_check', sql`${t.source} in ('patient', 'clinician', 'device')`),
  ],
);
