import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { apiKeys } from './auth.tables.js';

/**
 * The integration key behind a bearer token, on every integration request: a named prepared
 * statement, built once per handle and planned once per connection (see findLiveSessionByTokenHash).
 */
function buildApiKeyQuery(db: Db) {
  return db
    .select({ id: apiKeys.id, scopes: apiKeys.scopes, expiresAt: apiKeys.expiresAt, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, sql.placeholder('keyHash')), isNull(apiKeys.revokedAt)))
    .limit(1)
    .prepare('carewell_api_key');
}
const apiKeyQueries = new WeakMap<Db, ReturnType<typeof buildApiKeyQuery>>();

export interface LiveApiKey {
  id: string;
  scopes: string[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

export async function findLiveApiKeyByHash(db: Db, keyHash: string): Promise<LiveApiKey | undefined> {
  let query = apiKeyQueries.get(db);
  if (!query) apiKeyQueries.set(db, (query = buildApiKeyQuery(db)));
  const [key] = await query.execute({ keyHash });
  return key;
}

/** Last use is shown to administrators; once a minute is precise enough and keeps reads cheap. */
export async function markApiKeyUsed(db: Db, id: string, now: Date): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, id));
}
