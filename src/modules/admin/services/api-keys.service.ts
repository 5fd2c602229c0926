import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { hashToken, newToken } from '../../../platform/crypto.js';
import type { Db } from '../../../platform/db/database.js';
import { notFound, unprocessable, validationFailed } from '../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../platform/http/api-helpers.js';
import { API_KEY_PREFIX } from '../../../platform/http/authentication.js';
import type { ApiKeyDto, CreateApiKeyInput } from '../admin.schemas.js';
import { findApiKey, insertApiKey, markApiKeyRevoked, selectApiKeys, type ApiKeyRow } from '../api-keys.repository.js';

/** Characters of the key kept in clear for people to recognise it ('cwk_' and four more). */
const DISPLAY_PREFIX_LENGTH = 8;

export function toApiKeyDto(row: ApiKeyRow, now: Date): ApiKeyDto {
  const status = row.revokedAt ? 'revoked' : row.expiresAt && row.expiresAt <= now ? 'expired' : 'active';
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    status,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/**
 * Issues an integration key. The key is returned once and only its SHA-256 is stored; the
 * prefix lets people tell keys apart in the list.
 */
export async function createApiKey(db: Db, ctx: ServiceContext, input: CreateApiKeyInput): Promise<ApiKeyDto & { key: string }> {
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt <= ctx.now) throw unprocessable('The expiry must be in the future.');
  const key = `${API_KEY_PREFIX}${newToken()}`;
  const row = await db.transaction(async (tx) => {
    const created = await insertApiKey(
      tx,
      {
        name: input.name,
        keyHash: hashToken(key),
        prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
        scopes: [...new Set(input.scopes)],
        createdBy: ctx.actor.userId,
        expiresAt,
      },
      ctx.now,
    );
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'admin.api_key.create',
        resourceType: 'api_key',
        resourceId: created.id,
        category: 'security',
        severity: 'medium',
        detail: { scopes: created.scopes },
      },
      ctx.now,
    );
    return created;
  });
  return { ...toApiKeyDto(row, ctx.now), key };
}

export async function listApiKeys(
  db: Db,
  query: { limit: number; cursor?: string },
  now: Date,
): Promise<{ items: ApiKeyDto[]; nextCursor: string | null }> {
  const cursor = decodeCursor(query.cursor);
  if (cursor && (cursor.length !== 2 || !cursor.every((v) => typeof v === 'string')))
    throw validationFailed([{ path: 'cursor', message: 'Invalid cursor' }], 'The cursor is not valid.');
  const rows = await selectApiKeys(db, { after: cursor as [string, string] | undefined, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toApiKeyDto(r, now)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.sortAt, last.id]) : null,
  };
}

export async function getApiKey(db: Db, id: string, now: Date): Promise<ApiKeyDto> {
  const row = await findApiKey(db, id);
  if (!row) throw notFound('The API key');
  return toApiKeyDto(row, now);
}

/** Revokes a key: from the next request on it authenticates nothing. Revoking twice is harmless. */
export async function revokeApiKey(db: Db, ctx: ServiceContext, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    if (!(await findApiKey(tx, id))) throw notFound('The API key');
    const revoked = await markApiKeyRevoked(tx, id, ctx.now);
    if (revoked) {
      await writeAudit(
        tx,
        auditActorOf(ctx.actor),
        ctx.origin,
        { action: 'admin.api_key.revoke', resourceType: 'api_key', resourceId: id, category: 'security', severity: 'medium' },
        ctx.now,
      );
    }
  });
}
