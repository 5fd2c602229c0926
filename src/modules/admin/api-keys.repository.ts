import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { apiKeys } from '../../platform/auth/auth.tables.js';
import type { Db } from '../../platform/db/database.js';

/** Everything about a key but its hash, which never leaves the database. */
const publicColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  createdBy: apiKeys.createdBy,
  createdAt: apiKeys.createdAt,
  expiresAt: apiKeys.expiresAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  /** Full-precision sort key for the cursor (a JS Date would drop microseconds). */
  sortAt: sql<string>`${apiKeys.createdAt}::text`,
};

export type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  sortAt: string;
};

export async function insertApiKey(
  db: Db,
  values: { name: string; keyHash: string; prefix: string; scopes: string[]; createdBy: string; expiresAt: Date | null },
  now: Date,
): Promise<ApiKeyRow> {
  const [row] = await db
    .insert(apiKeys)
    .values({ ...values, createdAt: now })
    .returning(publicColumns);
  return row!;
}

/** Newest first, keyset by (created_at, id). */
export async function selectApiKeys(db: Db, options: { after?: [string, string]; limit: number }): Promise<ApiKeyRow[]> {
  const conditions: (SQL | undefined)[] = [];
  if (options.after)
    conditions.push(sql`(${apiKeys.createdAt}, ${apiKeys.id}) < (${options.after[0]}::timestamptz, ${options.after[1]}::uuid)`);
  return db
    .select(publicColumns)
    .from(apiKeys)
    .where(and(...conditions))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(options.limit);
}

export async function findApiKey(db: Db, id: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db.select(publicColumns).from(apiKeys).where(eq(apiKeys.id, id)).limit(1);
  return row;
}

export async function markApiKeyRevoked(db: Db, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length === 1;
}
