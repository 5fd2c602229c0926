import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { AppError, validationFailed } from '../../../../platform/errors.js';
import type { FileService, StoredFile } from '../../../../platform/files/index.js';
import type { PendingUpload } from '../../../../platform/files/multipart-upload.js';
import { auditAccess, resolvePatientAccess } from '../../../patients/index.js';
import { DICOM_HEADER_BYTES, readDicomMetadata, type DicomMetadata } from '../documents-dicom.js';
import { findDocument, insertDocument } from '../documents.repository.js';
import {
  DICOM_MAX_BYTES,
  DOCUMENT_FILE_FIELD,
  DOCUMENT_MAX_BYTES,
  DOCUMENT_TYPES,
  documentUploadFieldsSchema,
  type DocumentView,
} from '../documents.schemas.js';
import { toDocumentView } from './documents.service.js';

const PURPOSE = 'patient_document';

/** Drains an upload the service will not read, so the request can finish. */
export function discardUpload(upload: PendingUpload | undefined): void {
  if (upload && !upload.stream.readableEnded && !upload.stream.destroyed) upload.stream.resume();
}

/** Passes the bytes through while keeping the first `limit` of them (the DICOM header). */
async function* keepHead(stream: AsyncIterable<Buffer>, head: Buffer[], limit: number): AsyncGenerator<Buffer> {
  let kept = 0;
  for await (const chunk of stream) {
    if (kept < limit) {
      const piece = chunk.subarray(0, limit - kept);
      head.push(Buffer.from(piece));
      kept += piece.length;
    }
    yield chunk;
  }
}

/** The limit for this upload: a DICOM declared by name or type gets the larger one. */
function maxBytesFor(upload: PendingUpload): number {
  return /\.(dcm|dicom)$/i.test(upload.filename) || upload.mimetype === 'application/dicom' ? DICOM_MAX_BYTES : DOCUMENT_MAX_BYTES;
}

/**
 * Stores a document in a patient's record: the patient themself (source "patient") or a clinician
 * with clinical access (care team, break-the-glass). Fields are checked and the caller's access
 * resolved before a byte is read; the file is typed by its content (PDF, PNG, JPEG, DICOM), limited
 * while streaming (413), encrypted at rest. A DICOM file must carry readable file meta information;
 * its modality, study date and description are kept. The row and its audit row are one
 * transaction; if it fails, the stored file is removed.
 */
export async function uploadDocument(
  db: Db,
  files: FileService,
  ctx: ServiceContext,
  patientId: string,
  fields: unknown,
  upload: PendingUpload | undefined,
): Promise<DocumentView> {
  let access;
  let input;
  try {
    access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action: 'document.create' });
    const parsed = documentUploadFieldsSchema.safeParse(fields ?? {});
    if (!parsed.success) throw validationFailed(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    input = parsed.data;
  } catch (error) {
    discardUpload(upload);
    throw error;
  }
  if (!upload)
    throw new AppError(
      'unsupported_media_type',
      `Send the document as multipart/form-data: the fields category and title, then a file field named "${DOCUMENT_FILE_FIELD}".`,
    );
  if (upload.fieldname !== DOCUMENT_FILE_FIELD || upload.filename === '') {
    discardUpload(upload);
    throw validationFailed([{ path: DOCUMENT_FILE_FIELD, message: 'Choose a PDF, PNG, JPEG or DICOM file.' }], 'Choose a file to upload.');
  }
  const head: Buffer[] = [];
  const stored: StoredFile = await files.storeUpload(db, {
    purpose: PURPOSE,
    allowedTypes: DOCUMENT_TYPES,
    maxBytes: maxBytesFor(upload),
    stream: keepHead(upload.stream, head, DICOM_HEADER_BYTES),
    declaredType: upload.mimetype,
    filename: upload.filename,
    createdBy: ctx.actor.userId,
    now: ctx.now,
  });
  const removeStored = async () => (await files.deleteStoredFile(db, stored.id))();
  let dicom: DicomMetadata | null = null;
  if (stored.contentType === 'application/dicom') {
    dicom = readDicomMetadata(Buffer.concat(head));
    if (!dicom) {
      await removeStored();
      throw new AppError('unsupported_media_type', 'The DICOM file has no readable file meta information.');
    }
  } else if (stored.sizeBytes > DOCUMENT_MAX_BYTES) {
    // Declared as DICOM (larger limit) but it is not: the document limit applies.
    await removeStored();
    throw new AppError('payload_too_large', `The file is larger than the limit of ${DOCUMENT_MAX_BYTES} bytes.`, {
      maxBytes: DOCUMENT_MAX_BYTES,
    });
  }
  const source = access.tier === 'self' ? 'patient' : 'staff';
  try {
    return await db.transaction(async (tx) => {
      const audited = await auditAccess(tx, ctx, access, {
        action: 'document.create',
        resourceType: 'document',
        category: 'clinical',
        detail: { fileId: stored.id, category: input.category, contentType: stored.contentType, sizeBytes: stored.sizeBytes, source },
      });
      const row = await insertDocument(
        tx,
        audited,
        {
          fileId: stored.id,
          category: input.category,
          title: input.title,
          source,
          uploadedBy: ctx.actor.userId,
          modality: dicom?.modality ?? null,
          studyDate: dicom?.studyDate ?? null,
          studyDescription: dicom?.description ?? null,
        },
        ctx.now,
      );
      return toDocumentView((await findDocument(tx, audited, row.id))!);
    });
  } catch (error) {
    await removeStored();
    throw error;
  }
}
