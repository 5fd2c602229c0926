import type { ServiceContext } from '../../../platform/auth/actor.js';
import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, conflict, notFound, unprocessable, validationFailed } from '../../../platform/errors.js';
import type { FileService, StoredFile } from '../../../platform/files/index.js';
import type { PendingUpload } from '../../../platform/files/multipart-upload.js';
import { DICOM_HEADER_BYTES, DICOM_MAX_BYTES, fileImagingDocument } from '../../records/index.js';
import { matchesPatient, readInstanceHeader } from '../imaging-dicom.js';
import { findOrder, insertInstance, linkStudy } from '../imaging.repository.js';
import type { OrderDto } from '../imaging.schemas.js';
import { resolveOrderAccess } from './imaging-access.js';
import { readOrder } from './imaging-orders.service.js';

export const IMAGING_FILE_FIELD = 'file';
const PURPOSE = 'imaging_instance';

export function discardUpload(upload: PendingUpload | undefined): void {
  if (upload && !upload.stream.readableEnded && !upload.stream.destroyed) upload.stream.resume();
}

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

const MISMATCH: Record<string, string> = {
  patient_id: 'The DICOM file’s Patient ID is not this patient’s MRN: it was not filed. Check that the study is the right patient’s.',
  patient_name: 'The DICOM file’s patient name is not this patient’s: it was not filed. Check that the study is the right patient’s.',
  no_patient: 'The DICOM file names no patient (no Patient ID or name): it cannot be filed on a patient’s record.',
};

/** Radiology's access to an open order, and a file part to read; the upload is drained otherwise. */
async function uploadAccess(db: Db, ctx: ServiceContext, orderId: string, upload: PendingUpload | undefined) {
  try {
    const access = await resolveOrderAccess(db, ctx, orderId, 'imaging_study.upload');
    if (access.basis !== 'radiology') throw notFound('The imaging order');
    if (!['ordered', 'scheduled', 'performed'].includes(access.status)) {
      throw conflict('Images can be added only to an order that is not cancelled or reported.', 'conflict', { status: access.status });
    }
    if (upload && (upload.fieldname !== IMAGING_FILE_FIELD || upload.filename === '')) {
      throw validationFailed([{ path: IMAGING_FILE_FIELD, message: 'Choose a DICOM file.' }], 'Choose a file to upload.');
    }
    return access;
  } catch (error) {
    discardUpload(upload);
    throw error;
  }
}

/** Refused before anything is filed: recorded after the transaction's rollback, with the root handle. */
class Refusal extends Error {
  constructor(
    readonly reason: string,
    readonly error: AppError,
  ) {
    super(reason);
  }
}

async function recordRefusal(db: Db, ctx: ServiceContext, orderId: string, patientId: string, refusal: Refusal): Promise<AppError> {
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action: 'imaging_study.upload_refused',
      resourceType: 'imaging_order',
      resourceId: orderId,
      patientId,
      category: 'clinical',
      outcome: 'denied',
      severity: 'medium',
      detail: { basis: 'radiology', reason: refusal.reason },
    },
    ctx.now,
  );
  return refusal.error;
}

/**
 * Radiology uploads one DICOM instance (multipart, one file field "file") for an open order. The
 * bytes are typed by content (DICOM only: 415 otherwise), limited while streaming, encrypted at
 * rest and filed as an imaging document of the order's patient. A header that names another
 * patient (Patient ID ≠ MRN, or another name), or no patient, is refused with 422 and the stored
 * bytes are removed: nothing is filed on the wrong record. The first instance links the study and
 * marks the order performed; later instances must belong to the same study.
 */
export async function uploadImagingInstance(
  db: Db,
  files: FileService,
  ctx: ServiceContext,
  orderId: string,
  upload: PendingUpload | undefined,
): Promise<OrderDto> {
  const access = await uploadAccess(db, ctx, orderId, upload);
  if (!upload) {
    throw new AppError(
      'unsupported_media_type',
      `Send the DICOM file as multipart/form-data in a file field named "${IMAGING_FILE_FIELD}".`,
    );
  }
  const head: Buffer[] = [];
  const stored: StoredFile = await files.storeUpload(db, {
    purpose: PURPOSE,
    allowedTypes: ['application/dicom'],
    maxBytes: DICOM_MAX_BYTES,
    stream: keepHead(upload.stream, head, DICOM_HEADER_BYTES),
    declaredType: upload.mimetype,
    filename: upload.filename,
    createdBy: ctx.actor.userId,
    now: ctx.now,
  });
  const removeStored = async () => (await files.deleteStoredFile(db, stored.id))();
  const header = readInstanceHeader(Buffer.concat(head));
  if (!header) {
    await removeStored();
    throw new AppError('unsupported_media_type', 'The file is not a DICOM instance with readable study, series and instance identifiers.');
  }
  try {
    return await db.transaction(async (tx) => {
      const audited = await access.audit(tx, {
        action: 'imaging_study.upload',
        resourceType: 'imaging_order',
        resourceId: orderId,
        detail: { fileId: stored.id, sizeBytes: stored.sizeBytes },
      });
      const order = await findOrder(tx, audited, orderId);
      if (!order) throw notFound('The imaging order');
      const match = matchesPatient(header, order);
      if (!match.ok) throw new Refusal(match.reason, unprocessable(MISMATCH[match.reason]!));
      if (order.studyInstanceUid && order.studyInstanceUid !== header.studyInstanceUid) {
        throw new Refusal('other_study', unprocessable('The file belongs to another study than the one already linked to this order.'));
      }
      const linked = await linkStudy(tx, audited, orderId, header.studyInstanceUid, ctx.actor.userId, ctx.now);
      if (!linked) throw conflict('The order changed while the file was uploading (cancelled, reported, or another study linked).');
      const document = await fileImagingDocument(
        tx,
        audited,
        {
          fileId: stored.id,
          title: `${order.modality} ${order.bodyPart}`.slice(0, 200),
          uploadedBy: ctx.actor.userId,
          modality: header.modality,
          studyDate: header.studyDate,
          studyDescription: header.description,
        },
        ctx.now,
      );
      await insertInstance(tx, {
        orderId,
        documentId: document.id,
        studyInstanceUid: header.studyInstanceUid,
        seriesInstanceUid: header.seriesInstanceUid,
        sopInstanceUid: header.sopInstanceUid,
        modality: header.modality,
        bodyPart: header.bodyPart,
        instanceNumber: header.instanceNumber,
        uploadedBy: ctx.actor.userId,
        createdAt: ctx.now,
      });
      return readOrder(tx, audited, orderId);
    });
  } catch (error) {
    await removeStored();
    if (error instanceof Refusal) throw await recordRefusal(db, ctx, orderId, access.patientId, error);
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === '23505') throw conflict('This DICOM instance (SOP Instance UID) is already in the study.');
    throw error;
  }
}
