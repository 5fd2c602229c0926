import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { AppError, notFound, validationFailed } from '../../../../platform/errors.js';
import type { FileService, PendingUpload } from '../../../../platform/files/index.js';
import { selectMessage } from '../patient-threads.repository.js';
import { ATTACHMENT_FIELD, ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from '../patient-threads.vocabulary.js';
import { appendMessage, assertMayWrite } from './send-message.service.js';
import { auditThread, threadAccess } from './thread-access.js';

const PURPOSE = 'patient_message_attachment';

function discard(upload: PendingUpload | undefined): void {
  if (upload && !upload.stream.readableEnded && !upload.stream.destroyed) upload.stream.resume();
}

/** A file name safe to show and to put in a Content-Disposition header: letters, digits, dot, dash, underscore. */
export function cleanFileName(name: string, extension: string): string {
  const base = name
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 80);
  return `${base || 'attachment'}.${extension}`;
}

/**
 * An attachment as a message of its own: the caller's access to the thread is decided before a
 * byte is read; the file is typed by its content (PDF, PNG, JPEG), limited while streaming (413),
 * encrypted at rest. If the message cannot be written, the stored file is removed.
 */
export async function attachFile(
  db: Db,
  files: FileService,
  ctx: ServiceContext,
  threadId: string,
  upload: PendingUpload | undefined,
): Promise<{ messageId: string }> {
  let access;
  try {
    access = await threadAccess(db, ctx, threadId, 'patient_thread.attach');
    assertMayWrite(access, 'message');
  } catch (error) {
    discard(upload);
    throw error;
  }
  if (!upload) throw new AppError('unsupported_media_type', `Send the file as multipart/form-data in a field named "${ATTACHMENT_FIELD}".`);
  if (upload.fieldname !== ATTACHMENT_FIELD || upload.filename === '') {
    discard(upload);
    throw validationFailed([{ path: ATTACHMENT_FIELD, message: 'Choose a PDF, PNG or JPEG file.' }], 'Choose a file to attach.');
  }
  const stored = await files.storeUpload(db, {
    purpose: PURPOSE,
    allowedTypes: ATTACHMENT_TYPES,
    maxBytes: ATTACHMENT_MAX_BYTES,
    stream: upload.stream,
    declaredType: upload.mimetype,
    filename: upload.filename,
    createdBy: ctx.actor.userId,
    now: ctx.now,
  });
  const extension = stored.contentType === 'application/pdf' ? 'pdf' : stored.contentType === 'image/png' ? 'png' : 'jpg';
  try {
    return await appendMessage(db, ctx, access, {
      body: null,
      kind: 'message',
      fileId: stored.id,
      fileName: cleanFileName(upload.filename, extension),
    });
  } catch (error) {
    await (
      await files.deleteStoredFile(db, stored.id)
    )();
    throw error;
  }
}

export interface AttachmentContent {
  bytes: Buffer;
  contentType: string;
  filename: string;
}

/** An attachment's bytes (verified), for whoever may read the thread: one `patient_thread.attachment_read` audit row. */
export async function readAttachment(
  db: Db,
  files: FileService,
  ctx: ServiceContext,
  threadId: string,
  messageId: string,
): Promise<AttachmentContent> {
  const access = await threadAccess(db, ctx, threadId, 'patient_thread.attachment_read');
  const message = await db.transaction(async (tx) => {
    const audited = await auditThread(tx, ctx, access, 'patient_thread.attachment_read', { messageId });
    return selectMessage(tx, audited, threadId, messageId);
  });
  if (!message?.fileId) throw notFound('The attachment');
  const { file, bytes } = await files.readStoredFile(db, message.fileId);
  return { bytes, contentType: file.contentType, filename: message.fileName ?? 'attachment' };
}
