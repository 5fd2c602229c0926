import { and, asc, desc, eq, or, sql, type Placeholder } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { staffProfiles } from '../../staff/index.js';
import { encounters } from '../encounters/encounters.tables.js';
import { clinicalNotes } from './notes.tables.js';
import type { PatientOwner } from '../../patients/index.js';

/** SQL for consultation notes. Every read and write of note text requires the AuditedAccess proof. */

export type NoteRow = typeof clinicalNotes.$inferSelect;
export type NoteWithAuthor = NoteRow & { authorName: string; supersededById: string | null };

const authorName = sql<string>`${staffProfiles.givenName} || ' ' || ${staffProfiles.familyName}`;
const newer = alias(clinicalNotes, 'newer_note');

/** Where a note names its patient (the access decision reads it with its facts: `readOwnedAccessFacts`). */
export const noteOwner: PatientOwner = { table: clinicalNotes, id: clinicalNotes.id, patientId: clinicalNotes.patientId };

function selectNotes(db: Db) {
  return db
    .select({ note: clinicalNotes, authorName, supersededById: newer.id })
    .from(clinicalNotes)
    .innerJoin(staffProfiles, eq(staffProfiles.id, clinicalNotes.authorId))
    .leftJoin(newer, eq(newer.supersedesId, clinicalNotes.id));
}

const flatten = (r: { note: NoteRow; authorName: string; supersededById: string | null }): NoteWithAuthor => ({
  ...r.note,
  authorName: r.authorName,
  supersededById: r.supersededById,
});

export async function findNote(
  db: Db,
  access: AuditedAccess,
  noteId: string,
  options: { forUpdate?: boolean } = {},
): Promise<NoteWithAuthor | undefined> {
  if (options.forUpdate) await db.execute(sql`select 1 from ${clinicalNotes} where ${clinicalNotes.id} = ${noteId} for update`);
  const [row] = await selectNotes(db).where(and(eq(clinicalNotes.id, noteId), eq(clinicalNotes.patientId, access.patientId)));
  return row ? flatten(row) : undefined;
}

/** Every version of a note's chain, oldest first. */
export async function listNoteChain(db: Db, access: AuditedAccess, rootId: string): Promise<NoteWithAuthor[]> {
  const rows = await selectNotes(db)
    .where(and(eq(clinicalNotes.patientId, access.patientId), or(eq(clinicalNotes.id, rootId), eq(clinicalNotes.originalId, rootId))))
    .orderBy(asc(clinicalNotes.revision));
  return rows.map(flatten);
}

export async function listEncounterNotes(db: Db, access: AuditedAccess, encounterId: string): Promise<NoteWithAuthor[]> {
  return (await selectEncounterNotes(db, access, encounterId)).map(flatten);
}

/** The query of `listEncounterNotes`, not run yet (rows go through `flattenNote`). */
export function selectEncounterNotes(db: Db, access: AuditedAccess, encounterId: string | Placeholder) {
  return selectNotes(db)
    .where(and(eq(clinicalNotes.patientId, access.patientId), eq(clinicalNotes.encounterId, encounterId)))
    .orderBy(asc(clinicalNotes.createdAt), asc(clinicalNotes.revision));
}

export async function listPatientNotes(db: Db, access: AuditedAccess, limit: number): Promise<NoteWithAuthor[]> {
  return (await selectPatientNotes(db, access, limit)).map(flatten);
}

/** The query of `listPatientNotes`, not run yet (rows go through `flattenNote`). */
export function selectPatientNotes(db: Db, access: AuditedAccess, limit: number) {
  return selectNotes(db)
    .where(eq(clinicalNotes.patientId, access.patientId))
    .orderBy(desc(clinicalNotes.createdAt), desc(clinicalNotes.id))
    .limit(limit);
}

export const flattenNote = (r: { note: NoteRow; authorName: string; supersededById: string | null }): NoteWithAuthor => flatten(r);

export async function insertNote(
  db: Db,
  access: AuditedAccess,
  values: Omit<typeof clinicalNotes.$inferInsert, 'patientId' | 'id'>,
): Promise<NoteRow> {
  const [row] = await db
    .insert(clinicalNotes)
    .values({ ...values, patientId: access.patientId })
    .returning();
  return row!;
}

/** Changes a DRAFT at the given version; undefined when the version moved or it is no longer a draft. */
export async function updateDraft(
  db: Db,
  access: AuditedAccess,
  noteId: string,
  version: number,
  changes: Partial<typeof clinicalNotes.$inferInsert>,
  now: Date,
) {
  const [row] = await db
    .update(clinicalNotes)
    .set({ ...changes, updatedAt: now, version: sql`${clinicalNotes.version} + 1` })
    .where(
      and(
        eq(clinicalNotes.id, noteId),
        eq(clinicalNotes.patientId, access.patientId),
        eq(clinicalNotes.version, version),
        eq(clinicalNotes.status, 'draft'),
      ),
    )
    .returning();
  return row;
}

/** A draft waiting for its author's signature: where it was written, without the patient's identity. */
export interface DraftNoteRow {
  noteId: string;
  encounterId: string;
  encounterType: string;
  encounterStartedAt: Date | null;
  updatedAt: Date;
}

/** The author's unsigned drafts, oldest first (the longest waiting at the top); one statement. */
export function selectDraftsByAuthor(db: Db, authorId: string | Placeholder, limit: number | Placeholder) {
  return db
    .select({
      noteId: clinicalNotes.id,
      encounterId: clinicalNotes.encounterId,
      encounterType: encounters.type,
      encounterStartedAt: encounters.startedAt,
      updatedAt: clinicalNotes.updatedAt,
    })
    .from(clinicalNotes)
    .innerJoin(encounters, eq(encounters.id, clinicalNotes.encounterId))
    .where(and(eq(clinicalNotes.authorId, authorId), eq(clinicalNotes.status, 'draft')))
    .orderBy(asc(clinicalNotes.updatedAt), asc(clinicalNotes.id))
    .limit(limit);
}
