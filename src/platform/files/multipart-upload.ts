import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import { AppError } from '../errors.js';
import { isApiRequest } from '../http/context.js';

/** The one file part of a multipart request, not read yet: the handler streams it to storeUpload. */
export interface PendingUpload {
  fieldname: string;
  filename: string;
  mimetype: string;
  stream: MultipartFile['file'];
}

const pendingUploads = new WeakMap<FastifyRequest, PendingUpload>();
const FORM_KEY = /^[0-9a-f-]{36}$/;

function asAppError(error: unknown): unknown {
  const e = error as { code?: string; statusCode?: number };
  if (e?.statusCode === 413) return new AppError('payload_too_large', 'The form has too many or too large parts.');
  if (typeof e?.code === 'string' && e.code.startsWith('FST_') && e.statusCode && e.statusCode < 500) {
    return new AppError('validation_failed', 'The multipart form could not be read.', { errors: [] });
  }
  return error;
}

/**
 * A route-level preValidation hook for multipart uploads. It reads the plain fields that come
 * BEFORE the file (forms put `_csrf` and `_idempotency` first) into `request.body`, so the CSRF
 * guard and the form-idempotency check work as for any form, and leaves the file part unread
 * for the handler, which checks the caller's rights before a single byte is stored. The size
 * limit is enforced by storeUpload while streaming; busboy stops one byte past it.
 *
 * Requests that are not multipart pass through untouched (the handler answers 415).
 */
export function readUploadFields(options: { maxBytes: number }): preValidationAsyncHookHandler {
  return async function (request: FastifyRequest, reply: FastifyReply) {
    if (!request.isMultipart()) return;
    const fields: Record<string, string> = {};
    try {
      const parts = request.parts({
        limits: { files: 1, fileSize: options.maxBytes + 1, fields: 8, fieldSize: 1024, parts: 9, headerPairs: 50 },
      });
      // Manual iteration: breaking a for-await would end the iterator before the file is read.
      const iterator = parts[Symbol.asyncIterator]();
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        const part = next.value;
        if (part.type === 'file') {
          pendingUploads.set(request, { fieldname: part.fieldname, filename: part.filename, mimetype: part.mimetype, stream: part.file });
          // Whatever happens next (CSRF refusal, 403, an error), an unread file is drained.
          reply.raw.once('finish', () => drain(part.file));
          break;
        }
        if (typeof part.value === 'string' && !(part.fieldname in fields)) fields[part.fieldname] = part.value;
      }
    } catch (error) {
      throw asAppError(error);
    }
    request.body = fields;
    // The platform's form-idempotency hook ran before this one (global hooks first): give it the key.
    if (request.method === 'POST' && !isApiRequest(request) && FORM_KEY.test(fields._idempotency ?? ''))
      request.formKey = fields._idempotency;
  };
}

function drain(stream: MultipartFile['file']): void {
  if (!stream.readableEnded && !stream.destroyed) stream.resume();
}

/** The pending file part, once: the caller must consume or drain its stream. */
export function takeUpload(request: FastifyRequest): PendingUpload | undefined {
  const upload = pendingUploads.get(request);
  pendingUploads.delete(request);
  return upload;
}
