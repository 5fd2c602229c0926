import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/auth/auth.tables.js';
import { createdAt, id, instant } from '../../../platform/db/columns.js';
import { patients } from '../../patients/index.js';
import { encounters } from '../encounters/encounters.tables.js';

export const DIAGNOSIS_RANKS = ['primary', 'secondary'] as const;
export type DiagnosisRank = (typeof DIAGNOSIS_RANKS)[number];
export const DIAGNOSIS_STATUSES = ['active', 'entered-in-error'] as const;
export type DiagnosisStatus = (typeof DIAGNOSIS_STATUSES)[number];

/**
 * A coded diagnosis made in an encounter. `description` is the code's title when recorded (the
 * code list may be replaced by a later edition). Never deleted: removal marks entered-in-error.
 * `chronic` puts it on the patient's problem list.
 */
export const diagnoses = pgTable(
  'diagnoses',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    encounterId: uuid('encounter_id')
      .notNull()
      .references(() => encounters.id),
    code: text('code').notNull(),
    description: text('description').notNull(),
    rank: text('rank').$type<DiagnosisRank>().notNull(),
    chronic: boolean('chronic').notNull().default(false),
    status: text('status').$type<DiagnosisStatus>().notNull().default('active'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: instant('recorded_at').notNull(),
    removedBy: uuid('removed_by').references(() => users.id),
    removedAt: instant('removed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('diagnoses_patient_idx').on(t.patientId, t.recordedAt),
    index('diagnoses_encounter_idx').on(t.encounterId),
    check('diagnoses_rank_check', sql`${t.rank} in ('primary','secondary')`),
    check('diagnoses_status_check', sql`${t.status} in ('active','entered-in-error')`),
  ],
);

/** A procedure performed in an encounter: free-text or CPT-like code and a description. */
export const procedures = pgTable(
  'procedures',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    encounterId: uuid('encounter_id')
      .notNull()
      .references(() => encounters.id),
    code: text('code'),
    description: text('description').notNull(),
    performedAt: instant('performed_at').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: instant('recorded_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('procedures_patient_idx').on(t.patientId, t.performedAt), index('procedures_encounter_idx').on(t.encounterId)],
);
