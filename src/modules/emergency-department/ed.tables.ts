import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt, version } from '../../platform/db/columns.js';
import { emergencyIncidents } from '../emergency/index.js';
import { patients } from '../patients/index.js';
import type { ArrivalMode, ArrivalOutcome } from './ed.vocabulary.js';

/**
 * The hospital's five-level triage scale (docs/emergency.md): the label and the target time to be
 * seen of each level, edited by administrators. The five rows are seeded by a migration with neutral
 * labels; no proprietary triage algorithm text.
 */
export const edTriageLevels = pgTable(
  'ed_triage_levels',
  {
    level: integer('level').primaryKey(),
    label: text('label').notNull(),
    targetMinutes: integer('target_minutes').notNull(),
    updatedAt: instant('updated_at'),
    updatedBy: uuid('updated_by').references(() => users.id),
    version: version(),
  },
  (t) => [
    check('ed_triage_levels_level_check', sql`${t.level} between 1 and 5`),
    check('ed_triage_levels_label_check', sql`char_length(${t.label}) between 1 and 80`),
    check('ed_triage_levels_target_check', sql`${t.targetMinutes} between 0 and 1440`),
  ],
);

/**
 * A patient's arrival in the emergency department, open until they are discharged or admitted.
 * One open arrival per patient (partial unique index). `level` is the latest triage level.
 */
export const edArrivals = pgTable(
  'ed_arrivals',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    mode: text('mode').$type<ArrivalMode>().notNull(),
    incidentId: uuid('incident_id').references(() => emergencyIncidents.id),
    chiefComplaint: text('chief_complaint').notNull(),
    arrivedAt: instant('arrived_at').notNull(),
    registeredBy: uuid('registered_by')
      .notNull()
      .references(() => users.id),
    level: integer('level'),
    triagedAt: instant('triaged_at'),
    seenAt: instant('seen_at'),
    seenBy: uuid('seen_by').references(() => users.id),
    closedAt: instant('closed_at'),
    closedBy: uuid('closed_by').references(() => users.id),
    outcome: text('outcome').$type<ArrivalOutcome>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('ed_arrivals_one_open_per_patient')
      .on(t.patientId)
      .where(sql`${t.closedAt} is null`),
    index('ed_arrivals_open_idx')
      .on(t.arrivedAt, t.id)
      .where(sql`${t.closedAt} is null`),
    index('ed_arrivals_patient_idx').on(t.patientId, t.arrivedAt),
    check('ed_arrivals_mode_check', sql`${t.mode} in ('walk_in','ambulance')`),
    check('ed_arrivals_incident_check', sql`${t.incidentId} is null or ${t.mode} = 'ambulance'`),
    check('ed_arrivals_complaint_check', sql`char_length(${t.chiefComplaint}) between 1 and 500`),
    check('ed_arrivals_level_check', sql`${t.level} is null or ${t.level} between 1 and 5`),
    check('ed_arrivals_outcome_check', sql`${t.outcome} is null or ${t.outcome} in ('discharged','admitted')`),
    check('ed_arrivals_closed_check', sql`(${t.closedAt} is null) = (${t.outcome} is null)`),
  ],
);

/** Every triage and re-triage of an arrival: the history is kept, never overwritten. */
export const edTriageAssessments = pgTable(
  'ed_triage_assessments',
  {
    id: id(),
    arrivalId: uuid('arrival_id')
      .notNull()
      .references(() => edArrivals.id),
    level: integer('level').notNull(),
    note: text('note'),
    assessedBy: uuid('assessed_by')
      .notNull()
      .references(() => users.id),
    assessedAt: instant('assessed_at').notNull(),
  },
  (t) => [
    index('ed_triage_assessments_arrival_idx').on(t.arrivalId, t.assessedAt),
    check('ed_triage_assessments_level_check', sql`${t.level} between 1 and 5`),
    check('ed_triage_assessments_note_check', sql`${t.note} is null or char_length(${t.note}) <= 500`),
  ],
);
