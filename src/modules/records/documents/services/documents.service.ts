import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead, runRead, type DeferredRead } from '../../../../platform/db/read-together.js';
import { notFound } from '../../../../platform/errors.js';
import { FILE_TYPES, type FileService, type FileTypeName } from '../../../../platform/files/index.js';
import { auditAccess, auditDenied, resolveOwnedAccess, resolvePatientAccess, type PatientAccess } from '../../../patients/index.js';
import type { ChartDocument } from '../../chart/chart.types.js';
import type { AuditedAccess } from '../../../../platform/audit/audit.service.js';
import {
  findDocument,
  documentOwner,
  listActiveDocuments,
  selectActiveDocuments,
  toDocumentListRow,
  markDocumentEnteredInError,
  type DocumentListRow,
} from '../documents.repository.js';
import type { DocumentView } from '../documents.schemas.js';

/**
 * Reading documents: clinical tier only (the patient themself, the care team, break-the-glass).
 * Front desk and billing reach the routes but get 404 with a denied audit row, as does anyone
 * asking for another patient's document. A document entered in error is gone for everyone.
 */

export const documentContentUrl = (id: string) => `/api/v1/documents/${id}/content`;

export function toDocumentView(row: DocumentListRow): DocumentView {
  return {
    id: row.id,
    patientId: row.patientId,
    title: row.title,
    category: row.category,
    contentType: row.contentType as DocumentView['contentType'],
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    source: row.source,
    status: row.status,
    uploadedAt: row.createdAt,
    uploadedByName: row.uploadedByName,
    dicom:
      row.contentType === 'application/dicom'
        ? { modality: row.modality, studyDate: row.studyDate, description: row.studyDescription }
        : null,
    contentUrl: documentContentUrl(row.id),
  };
}

const clinical = (action: string) => ({ need: 'clinical' as const, action });

export async function listPatientDocuments(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  options: { limit?: number } = {},
): Promise<DocumentView[]> {
  return (await documentsOfPatient(db, ctx, patientId, options)).documents;
}

/** The list with the patient's name, for the staff page heading (same access, same audit row). */
export async function documentsOfPatient(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  options: { limit?: number } = {},
): Promise<{ patientName: string; documents: DocumentView[] }> {
  const access = await resolvePatientAccess(db, ctx, patientId, clinical('document.list'));
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, { action: 'document.list', resourceType: 'document', category: 'clinical' });
    const documents = (await listActiveDocuments(tx, audited, options)).map(toDocumentView);
    return { patientName: `${access.patient.givenName} ${access.patient.familyName}`, documents };
  });
}

/** For the chart and "my health record" (fixed interface): the same read, audited the same way. */
export async function listDocumentsForChart(db: Db, ctx: ServiceContext, patientId: string): Promise<ChartDocument[]> {
  return (await listPatientDocuments(db, ctx, patientId)).map(toChartDocument);
}

/** The documents section of an audited read model (chart, health record): the caller decided and audited. */
export async function readDocumentsForChart(tx: Db, audited: AuditedAccess): Promise<ChartDocument[]> {
  return runRead(documentsSection(tx, audited));
}

/** The same section as a query not run yet, so a view can read it with its other sections in one statement. */
export function documentsSection(tx: Db, audited: AuditedAccess): DeferredRead<ChartDocument[]> {
  return deferRead(selectActiveDocuments(tx, audited), (rows) =>
    rows.map((row) => toChartDocument(toDocumentView(toDocumentListRow(row)))),
  );
}

const toChartDocument = (d: DocumentView): ChartDocument => ({
  id: d.id,
  title: d.title,
  category: d.category,
  contentType: d.contentType,
  sizeBytes: d.sizeBytes,
  uploadedAt: d.uploadedAt,
  uploadedByName: d.uploadedByName,
  ...(d.dicom ? { dicom: d.dicom } : {}),
});

/**
 * Resolves access to a document's patient, read with the access facts in one statement. An unknown
 * document answers exactly like one the caller may not see: 404 with a denied audit row (naming the
 * document's id).
 */
async function accessForDocument(db: Db, ctx: ServiceContext, documentId: string, action: string): Promise<PatientAccess> {
  return resolveOwnedAccess(db, ctx, documentOwner, documentId, clinical(action));
}

export async function getPatientDocument(db: Db, ctx: ServiceContext, documentId: string): Promise<DocumentView> {
  const access = await accessForDocument(db, ctx, documentId, 'document.read');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'document.read',
      resourceType: 'document',
      resourceId: documentId,
      category: 'clinical',
    });
    const row = await findDocument(tx, audited, documentId);
    if (!row || row.status !== 'active') throw notFound('The document');
    return toDocumentView(row);
  });
}

export interface DocumentContent {
  document: DocumentView;
  bytes: Buffer;
  /** A safe download name: the id and the sniffed type's extension (titles may hold PHI). */
  filename: string;
}

/**
 * The bytes, decrypted and checked against the stored SHA-256 (a damaged file is a 500, never
 * bytes). The read is audited in the transaction; a failed integrity check rolls it back and the
 * file service logs it.
 */
export async function readDocumentContent(db: Db, files: FileService, ctx: ServiceContext, documentId: string): Promise<DocumentContent> {
  const access = await accessForDocument(db, ctx, documentId, 'document.download');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'document.download',
      resourceType: 'document',
      resourceId: documentId,
      category: 'clinical',
    });
    const row = await findDocument(tx, audited, documentId);
    if (!row || row.status !== 'active') throw notFound('The document');
    const { file, bytes } = await files.readStoredFile(tx, row.fileId);
    const extension = FILE_TYPES[file.contentType as FileTypeName]?.extension ?? 'bin';
    return { document: toDocumentView(row), bytes, filename: `document-${row.id.slice(0, 8)}.${extension}` };
  });
}

/**
 * Marks a document entered-in-error (it stays in the database for the record, out of every list
 * and download). A clinician with clinical access may retract any; the patient only what they
 * uploaded themself (others: 404 with a denied audit row). Idempotent on the outcome: an already
 * retracted document is 404.
 */
export async function retractDocument(db: Db, ctx: ServiceContext, documentId: string): Promise<void> {
  const access = await accessForDocument(db, ctx, documentId, 'document.delete');
  let refused = false;
  await db
    .transaction(async (tx) => {
      const audited = await auditAccess(tx, ctx, access, {
        action: 'document.delete',
        resourceType: 'document',
        resourceId: documentId,
        category: 'clinical',
      });
      const row = await findDocument(tx, audited, documentId);
      if (!row || row.status !== 'active') throw notFound('The document');
      if (access.tier === 'self' && row.uploadedBy !== ctx.actor.userId) {
        refused = true;
        throw notFound('The document');
      }
      await markDocumentEnteredInError(tx, audited, documentId, ctx.actor.userId, ctx.now);
    })
    .catch(async (error: unknown) => {
      if (refused)
        await auditDenied(db, ctx, access, {
          action: 'document.delete',
          resourceType: 'document',
          resourceId: documentId,
          category: 'clinical',
          detail: { reason: 'not_uploader' },
        });
      throw error;
    });
}
