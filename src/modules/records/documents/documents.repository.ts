import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { storedFiles } from '../../../platform/files/files.tables.js';
import { patients, type PatientOwner } from '../../patients/index.js';
import { staffProfiles } from '../../staff/index.js';
import { documents, type DocumentRow } from './documents.tables.js';

/**
 * SQL for documents. Reads and writes of a patient's documents take the AuditedAccess proof (the
 * audit row is written in the same transaction); `documentOwner` only says where a document names
 * its patient, so the access decision can read that patient with its facts.
 */

export interface DocumentListRow extends DocumentRow {
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedByName: string | null;
}

const uploader = {
  staffName: sql<string | null>`${staffProfiles.givenName} || ' ' || ${staffProfiles.familyName}`,
  patientName: sql<string | null>`${patients.givenName} || ' ' || ${patients.familyName}`,
};

function selectDocuments(db: Db) {
  return db
    .select({
      document: documents,
      contentType: storedFiles.contentType,
      sizeBytes: storedFiles.sizeBytes,
      sha256: storedFiles.sha256,
      ...uploader,
    })
    .from(documents)
    .innerJoin(storedFiles, eq(storedFiles.id, documents.fileId))
    .leftJoin(staffProfiles, eq(staffProfiles.userId, documents.uploadedBy))
    .leftJoin(patients, eq(patients.userId, documents.uploadedBy));
}

type Selected = Awaited<ReturnType<ReturnType<typeof selectDocuments>['execute']>>[number];
const toRow = (r: Selected): DocumentListRow => ({
  ...r.document,
  contentType: r.contentType,
  sizeBytes: r.sizeBytes,
  sha256: r.sha256,
  uploadedByName: r.staffName ?? r.patientName ?? null,
});

/** Where a document names its patient (the access decision reads it with its facts: `resolveOwnedAccess`). */
export const documentOwner: PatientOwner = { table: documents, id: documents.id, patientId: documents.patientId };

/** Active documents, newest first. */
export async function listActiveDocuments(db: Db, access: AuditedAccess, options: { limit?: number } = {}): Promise<DocumentListRow[]> {
  const query = selectActiveDocuments(db, access);
  const rows = options.limit ? await query.limit(options.limit) : await query;
  return rows.map(toRow);
}

/** The query of `listActiveDocuments` (no limit), not run yet: its rows go through `toDocumentListRow`. */
export function selectActiveDocuments(db: Db, access: AuditedAccess) {
  return selectDocuments(db)
    .where(and(eq(documents.patientId, access.patientId), eq(documents.status, 'active')))
    .orderBy(desc(documents.createdAt), asc(documents.id))
    .$dynamic();
}

export const toDocumentListRow = (row: Parameters<typeof toRow>[0]): DocumentListRow => toRow(row);

export async function findDocument(db: Db, access: AuditedAccess, documentId: string): Promise<DocumentListRow | undefined> {
  const [row] = await selectDocuments(db).where(and(eq(documents.id, documentId), eq(documents.patientId, access.patientId)));
  return row ? toRow(row) : undefined;
}

export async function insertDocument(
  db: Db,
  access: AuditedAccess,
  values: Omit<typeof documents.$inferInsert, 'id' | 'patientId' | 'status' | 'createdAt'>,
  now: Date,
): Promise<DocumentRow> {
  const [row] = await db
    .insert(documents)
    .values({ ...values, patientId: access.patientId, status: 'active', createdAt: now })
    .returning();
  return row!;
}

/** Marks an active document entered-in-error; undefined when it was not active. */
export async function markDocumentEnteredInError(
  db: Db,
  access: AuditedAccess,
  documentId: string,
  by: string,
  now: Date,
): Promise<DocumentRow | undefined> {
  const [row] = await db
    .update(documents)
    .set({ status: 'entered-in-error', enteredInErrorAt: now, enteredInErrorBy: by })
    .where(and(eq(documents.id, documentId), eq(documents.patientId, access.patientId), eq(documents.status, 'active')))
    .returning();
  return row;
}
