import { and, eq, inArray } from 'drizzle-orm';
import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { insertDocument } from './documents.repository.js';
import { documents } from './documents.tables.js';

/**
 * For the imaging module (src/modules/imaging): a DICOM instance it has stored (encrypted, through
 * the file service) is filed in the patient's record as an `imaging` document by a clinician, in the
 * caller's transaction, after the caller wrote the access's audit row.
 */
export async function fileImagingDocument(
  tx: Db,
  audited: AuditedAccess,
  values: {
    fileId: string;
    title: string;
    uploadedBy: string;
    modality: string | null;
    studyDate: string | null;
    studyDescription: string | null;
  },
  now: Date,
): Promise<{ id: string }> {
  const row = await insertDocument(tx, audited, { ...values, category: 'imaging', source: 'staff' }, now);
  return { id: row.id };
}

/**
 * The stored files of the patient's active documents among `documentIds` (entered-in-error ones are
 * left out), for the imaging viewer, which audits the view itself (one row per opening).
 */
export async function activeDocumentFiles(tx: Db, patientId: string, documentIds: string[]): Promise<Map<string, string>> {
  if (documentIds.length === 0) return new Map();
  const rows = await tx
    .select({ id: documents.id, fileId: documents.fileId })
    .from(documents)
    .where(and(eq(documents.patientId, patientId), eq(documents.status, 'active'), inArray(documents.id, documentIds)));
  return new Map(rows.map((r) => [r.id, r.fileId]));
}
