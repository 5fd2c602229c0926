import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { AppError, forbidden, notFound, validationFailed } from '../../../../platform/errors.js';
import type { FileService, PendingUpload } from '../../../../platform/files/index.js';
import { auditAccess } from '../../../patients/index.js';
import { billingAccess } from '../../services/billing-access.js';
import { insertCardImage, selectCardImage, selectCardImages, type CardImageRow } from '../insurance.repository.js';
import type { CardImageDto } from '../insurance.schemas.js';
import { CARD_FIELD, CARD_MAX_BYTES, CARD_TYPES, type CardSide } from '../insurance.vocabulary.js';

const PURPOSE = 'insurance_card';
export const CARDS_SHOWN = 10;

function discard(upload: PendingUpload | undefined): void {
  if (upload && !upload.stream.readableEnded && !upload.stream.destroyed) upload.stream.resume();
}

export function toCardImageDto(row: CardImageRow): CardImageDto {
  return { id: row.id, patientId: row.patientId, side: row.side, uploadedAt: row.createdAt.toISOString() };
}

/**
 * The patient uploads a side of their insurance card: typed by its bytes (PNG or JPEG, 415
 * otherwise), limited while streaming (413), encrypted at rest in the file store. Only the patient
 * themself uploads (billing staff see the images). If the row cannot be written, the file goes.
 */
export async function uploadCardImage(
  db: Db,
  files: FileService,
  ctx: ServiceContext,
  side: CardSide,
  upload: PendingUpload | undefined,
): Promise<CardImageDto> {
  const patientId = ctx.actor.patientId;
  if (!patientId) {
    discard(upload);
    throw forbidden('Only a patient uploads their own insurance card.');
  }
  const access = await billingAccess(db, ctx, patientId, 'insurance.card.upload');
  if (!upload) throw new AppError('unsupported_media_type', `Send the image as multipart/form-data in a field named "${CARD_FIELD}".`);
  if (upload.fieldname !== CARD_FIELD || upload.filename === '') {
    discard(upload);
    throw validationFailed([{ path: CARD_FIELD, message: 'Choose a PNG or JPEG image.' }], 'Choose an image of your card.');
  }
  const stored = await files.storeUpload(db, {
    purpose: PURPOSE,
    allowedTypes: [...CARD_TYPES],
    maxBytes: CARD_MAX_BYTES,
    stream: upload.stream,
    declaredType: upload.mimetype,
    filename: upload.filename,
    createdBy: ctx.actor.userId,
    now: ctx.now,
  });
  try {
    return await db.transaction(async (tx) => {
      const row = await insertCardImage(tx, { patientId, side, fileId: stored.id, uploadedBy: ctx.actor.userId, createdAt: ctx.now });
      await auditAccess(tx, ctx, access, {
        action: 'insurance.card.upload',
        resourceType: 'insurance_card_image',
        resourceId: row.id,
        category: 'registration',
        detail: { side, fileId: stored.id },
      });
      return { ...toCardImageDto(row), contentType: stored.contentType };
    });
  } catch (error) {
    await (
      await files.deleteStoredFile(db, stored.id)
    )();
    throw error;
  }
}

/** A patient's card images, newest first: the patient's own, or any patient's for billing staff. */
export async function listCardImages(db: Db, ctx: ServiceContext, patientId: string): Promise<CardImageDto[]> {
  const access = await billingAccess(db, ctx, patientId, 'insurance.card.list');
  const rows = await selectCardImages(db, patientId, CARDS_SHOWN);
  await auditAccess(db, ctx, access, {
    action: 'insurance.card.list',
    resourceType: 'patient',
    resourceId: patientId,
    category: 'registration',
  });
  return rows.map(toCardImageDto);
}

/** A card image's verified bytes, audited on every download; another patient's is 404. */
export async function readCardImage(
  db: Db,
  files: FileService,
  ctx: ServiceContext,
  imageId: string,
): Promise<{ bytes: Buffer; contentType: string; filename: string }> {
  const row = await selectCardImage(db, imageId);
  if (!row) throw notFound('The card image');
  const access = await billingAccess(db, ctx, row.patientId, 'insurance.card.read');
  const { file, bytes } = await files.readStoredFile(db, row.fileId);
  await auditAccess(db, ctx, access, {
    action: 'insurance.card.read',
    resourceType: 'insurance_card_image',
    resourceId: row.id,
    category: 'registration',
    detail: { side: row.side },
  });
  const extension = file.contentType === 'image/png' ? 'png' : 'jpg';
  return { bytes, contentType: file.contentType, filename: `insurance-card-${row.side}.${extension}` };
}
