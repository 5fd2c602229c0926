import type { UserActor, ServiceContext } from '../../../platform/auth/actor.js';
import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, forbidden, notFound, validationFailed } from '../../../platform/errors.js';
import type { FileService } from '../../../platform/files/index.js';
import type { PendingUpload } from '../../../platform/files/multipart-upload.js';
import { selectStaffPhoto, setStaffPhotoRow } from '../staff.repository.js';
import { STAFF_PHOTO_MAX_BYTES, STAFF_PHOTO_TYPES, type StaffPhoto } from '../staff.schemas.js';
import { staffPhotoUrl } from './staff-directory.service.js';

export const STAFF_PHOTO_FIELD = 'photo';
const PURPOSE = 'staff_photo';

/**
 * A staff member may change their own photo; an administrator anyone's. Others get 403 (the
 * directory is open to every signed-in person, so the member's existence is no secret), and the
 * refusal is audited with the root handle.
 */
async function assertMayChangePhoto(db: Db, ctx: ServiceContext, staffId: string): Promise<void> {
  const member = await selectStaffPhoto(db, staffId);
  if (!member) throw notFound('The staff member');
  if (ctx.actor.role === 'admin' || ctx.actor.staffId === staffId) return;
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action: 'staff.photo.update',
      resourceType: 'staff_profile',
      resourceId: staffId,
      category: 'administration',
      outcome: 'denied',
      severity: 'medium',
    },
    ctx.now,
  );
  throw forbidden('You may change only your own photo.');
}

/** Drains an upload the service will not read, so the request can finish. */
function discard(upload: PendingUpload | undefined): void {
  if (upload && !upload.stream.readableEnded && !upload.stream.destroyed) upload.stream.resume();
}

/**
 * Stores a new photo (PNG or JPEG, at most 2 MiB, checked by its bytes while streaming) and
 * points the profile at it; the previous photo's row goes in the same transaction and its bytes
 * once that commits.
 */
export async function replaceStaffPhoto(
  db: Db,
  files: FileService,
  ctx: ServiceContext,
  staffId: string,
  upload: PendingUpload | undefined,
): Promise<StaffPhoto> {
  try {
    await assertMayChangePhoto(db, ctx, staffId);
  } catch (error) {
    discard(upload);
    throw error;
  }
  if (!upload)
    throw new AppError('unsupported_media_type', `Send the photo as multipart/form-data in a file field named "${STAFF_PHOTO_FIELD}".`);
  if (upload.fieldname !== STAFF_PHOTO_FIELD || upload.filename === '') {
    discard(upload);
    throw validationFailed([{ path: STAFF_PHOTO_FIELD, message: 'Choose a PNG or JPEG image.' }], 'Choose a photo to upload.');
  }
  const stored = await files.storeUpload(db, {
    purpose: PURPOSE,
    allowedTypes: STAFF_PHOTO_TYPES,
    maxBytes: STAFF_PHOTO_MAX_BYTES,
    stream: upload.stream,
    declaredType: upload.mimetype,
    filename: upload.filename,
    createdBy: ctx.actor.userId,
    now: ctx.now,
  });
  let removeOld: (() => Promise<void>) | undefined;
  try {
    await db.transaction(async (tx) => {
      const changed = await setStaffPhotoRow(tx, staffId, stored.id, ctx.now);
      if (!changed) throw notFound('The staff member');
      if (changed.previous) removeOld = await files.deleteStoredFile(tx, changed.previous);
      await writeAudit(
        tx,
        auditActorOf(ctx.actor),
        ctx.origin,
        {
          action: 'staff.photo.update',
          resourceType: 'staff_profile',
          resourceId: staffId,
          category: 'administration',
          detail: { fileId: stored.id, previousFileId: changed.previous, contentType: stored.contentType, sizeBytes: stored.sizeBytes },
        },
        ctx.now,
      );
    });
  } catch (error) {
    await (
      await files.deleteStoredFile(db, stored.id)
    )();
    throw error;
  }
  await removeOld?.();
  return {
    photoUrl: staffPhotoUrl(staffId, stored.id)!,
    contentType: stored.contentType as StaffPhoto['contentType'],
    sizeBytes: stored.sizeBytes,
    sha256: stored.sha256,
  };
}

/** Removes the photo, if any (idempotent: no photo is already the wanted state). */
export async function removeStaffPhoto(db: Db, files: FileService, ctx: ServiceContext, staffId: string): Promise<void> {
  await assertMayChangePhoto(db, ctx, staffId);
  let removeOld: (() => Promise<void>) | undefined;
  await db.transaction(async (tx) => {
    const changed = await setStaffPhotoRow(tx, staffId, null, ctx.now);
    if (!changed) throw notFound('The staff member');
    if (!changed.previous) return;
    removeOld = await files.deleteStoredFile(tx, changed.previous);
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'staff.photo.delete',
        resourceType: 'staff_profile',
        resourceId: staffId,
        category: 'administration',
        detail: { previousFileId: changed.previous },
      },
      ctx.now,
    );
  });
  await removeOld?.();
}

/**
 * The photo bytes, decrypted and verified. A disabled member's photo is shown to administrators
 * only (the directory no longer lists them); no photo is 404.
 */
export async function getStaffPhoto(
  db: Db,
  files: FileService,
  actor: UserActor,
  staffId: string,
): Promise<{ contentType: string; extension: string; bytes: Buffer }> {
  const member = await selectStaffPhoto(db, staffId);
  if (!member || (!member.active && actor.role !== 'admin')) throw notFound('The staff member');
  if (!member.photoFileId) throw notFound('The photo');
  const { file, bytes } = await files.readStoredFile(db, member.photoFileId);
  return { contentType: file.contentType, extension: file.contentType === 'image/png' ? 'png' : 'jpg', bytes };
}
