import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.js';

/** `?limit=` (default 20, max 100) and an opaque `?cursor=`, as API.md fixes for every list. */
export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const listResponseSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Keyset cursors: the sort value and the id of the last row, opaque to clients. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): (string | number)[] | undefined {
  if (!cursor) return undefined;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.every((v) => typeof v === 'string' || typeof v === 'number')) return values;
  } catch {
    /* fall through */
  }
  throw new AppError('validation_failed', 'The cursor is not valid.', { errors: [{ path: 'cursor', message: 'Invalid cursor' }] });
}

/** Strong ETag from a record's version. */
export function setEtag(reply: FastifyReply, version: number): void {
  reply.header('etag', `"${version}"`);
}

/**
 * The version a write is based on: `If-Match` for the API, the hidden `_version` field for HTML
 * forms (which cannot send headers). Undefined when neither is given.
 */
export function expectedVersion(request: FastifyRequest, formVersion?: string | number): number | undefined {
  const header = request.headers['if-match'];
  const raw =
    typeof header === 'string'
      ? header.replace(/^W\//, '').replace(/"/g, '').trim()
      : formVersion !== undefined
        ? String(formVersion)
        : undefined;
  if (raw === undefined || raw === '') return undefined;
  const version = Number(raw);
  if (!Number.isInteger(version) || version < 1) {
    throw new AppError('validation_failed', 'If-Match must be an ETag this API returned.', {
      errors: [{ path: 'If-Match', message: 'Invalid version' }],
    });
  }
  return version;
}

export function assertVersion(current: number, expected: number | undefined, options: { required?: boolean } = {}): void {
  if (expected === undefined) {
    if (options.required) throw new AppError('precondition_required', 'Send If-Match with the version you are changing.');
    return;
  }
  if (expected !== current) {
    throw new AppError('version_mismatch', 'Someone else changed this record since you loaded it. Reload and apply your change again.', {
      currentVersion: current,
    });
  }
}

/** PHI responses are never stored by browsers or proxies. */
export function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}
