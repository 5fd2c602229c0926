import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, id, instant, updatedAt, version } from '../../../platform/db/columns.js';
import { patients } from '../../patients/index.js';
import { staffProfiles } from '../../staff/index.js';
import { encounters } from '../encounters/encounters.tables.js';

export const NOTE_STATUSES = ['draft', 'signed', 'amended'] as const;
export type NoteStatus = (typeof NOTE_STATUSES)[number];

/**
 * A consultation note (SOAP + free text). A draft changes under If-Match; a signed note never
 * changes again except its status turning `amended` when a newer version is signed over it. An
 * amendment is a new row in the same chain (`original_id` = the first version, `supersedes_id` =
 * the one it amends, `revision` counting from 1).
 */
export const clinicalNotes = pgTable(
  'clinical_notes',
  {
    id: id(),
    encounterId: uuid('encounter_id')
      .notNull()
      .references(() => encounters.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => staffProfiles.id),
    originalId: uuid('original_id').references((): AnyPgColumn => clinicalNotes.id),
    supersedesId: uuid('supersedes_id').references((): AnyPgColumn => clinicalNotes.id),
    revision: integer('revision').notNull().default(1),
    status: text('status').$type<NoteStatus>().notNull().default('draft'),
    subjective: text('subjective').notNull().default(''),
    objective: text('objective').notNull().default(''),
    assessment: text('assessment').notNull().default(''),
    plan: text('plan').notNull().default(''),
    freeText: text('free_text').notNull().default(''),
    amendmentReason: text('amendment_reason'),
    signedAt: instant('signed_at'),
    signedBy: uuid('signed_by').references(() => staffProfiles.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('clinical_notes_encounter_idx').on(t.encounterId, t.createdAt),
    index('clinical_notes_patient_idx').on(t.patientId, t.createdAt, t.id),
    index('clinical_notes_original_idx').on(t.originalId, t.revision),
    // A clinician's drafts to sign (the worklist), oldest first, without reading their signed notes.
    index('clinical_notes_author_drafts_idx')
      .on(t.authorId, t.updatedAt, t.id)
      .where(sql`${t.status} = 'draft'`),
    // A version is amended at most once (no forks in the chain).
    uniqueIndex('clinical_notes_supersedes_key')
      .on(t.supersedesId)
      .where(sql`${t.supersedesId} is not null`),
    check('clinical_notes_status_check', sql`${t.status} in ('draft','signed','amended')`),
    check('clinical_notes_signed_check', sql`(${t.status} = 'draft') = (${t.signedAt} is null)`),
  ],
);
