import { and, eq, isNull, sql, type Placeholder } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { hashToken, newToken } from '../crypto.js';
import { AppError } from '../errors.js';
import { oneTimeTokens, type OneTimeTokenKind } from './auth.tables.js';

const HOUR = 3_600_000;
/** API.md: verification 24 h, reset 1 h, invitation 72 h; a front-desk link code lasts 30 days. */
export const TOKEN_LIFETIME_MS: Record<OneTimeTokenKind, number> = {
  email_verification: 24 * HOUR,
  password_reset: HOUR,
  invitation: 72 * HOUR,
  email_change: 24 * HOUR,
  patient_link: 30 * 24 * HOUR,
};

type OneTimeTokenInput = {
  kind: OneTimeTokenKind;
  userId?: string | null;
  payload?: Record<string, string>;
  now: Date;
  token?: string;
};

/** A new token and the row that stores it: only its hash, and its expiry from the kind's lifetime. */
function oneTimeTokenRow(input: OneTimeTokenInput) {
  const token = input.token ?? newToken();
  const row = {
    kind: input.kind,
    tokenHash: hashToken(token),
    userId: input.userId ?? null,
    payload: input.payload ?? {},
    expiresAt: new Date(input.now.getTime() + TOKEN_LIFETIME_MS[input.kind]),
    createdAt: input.now,
  };
  return { token, row };
}

/** Issues a single-use token; only its hash is stored. Returns the token to put in the link. */
export async function issueOneTimeToken(db: Db, input: OneTimeTokenInput): Promise<string> {
  const { token, row } = oneTimeTokenRow(input);
  await db.insert(oneTimeTokens).values(row);
  return token;
}

/**
 * The token's insert with every value a placeholder (`token_<column>`), for a statement built
 * once that issues the token with the row it belongs to; `oneTimeTokenValues` fills them.
 */
export function preparedOneTimeTokenInsert(db: Db, param: (name: `token_${string}`) => Placeholder) {
  return db.insert(oneTimeTokens).values({
    kind: param('token_kind'),
    tokenHash: param('token_tokenHash'),
    userId: param('token_userId'),
    payload: param('token_payload'),
    expiresAt: param('token_expiresAt'),
    createdAt: param('token_createdAt'),
  });
}

/** A new token and the values of `preparedOneTimeTokenInsert`'s placeholders. */
export function oneTimeTokenValues(input: OneTimeTokenInput) {
  const { token, row } = oneTimeTokenRow(input);
  return {
    token,
    values: {
      token_kind: row.kind,
      token_tokenHash: row.tokenHash,
      token_userId: row.userId,
      token_payload: row.payload,
      token_expiresAt: row.expiresAt,
      token_createdAt: row.createdAt,
    },
  };
}

export interface ConsumedToken {
  id: string;
  userId: string | null;
  payload: Record<string, string>;
}

/**
 * Marks the token used and returns it, atomically: two concurrent uses cannot both succeed.
 * A used, expired or unknown token answers 410 token_expired (never saying which).
 */
export async function consumeOneTimeToken(db: Db, kind: OneTimeTokenKind, token: string, now: Date): Promise<ConsumedToken> {
  const [row] = await db
    .update(oneTimeTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(oneTimeTokens.kind, kind),
        eq(oneTimeTokens.tokenHash, hashToken(token)),
        isNull(oneTimeTokens.usedAt),
        sql`${oneTimeTokens.expiresAt} > ${now}`,
      ),
    )
    .returning({ id: oneTimeTokens.id, userId: oneTimeTokens.userId, payload: oneTimeTokens.payload });
  if (!row) throw new AppError('token_expired', 'This link has expired or was already used. Ask for a new one.');
  return row;
}

/** Looks a token up without using it (the confirmation page shows who it is for). */
export async function peekOneTimeToken(db: Db, kind: OneTimeTokenKind, token: string, now: Date): Promise<ConsumedToken | undefined> {
  const [row] = await db
    .select({ id: oneTimeTokens.id, userId: oneTimeTokens.userId, payload: oneTimeTokens.payload })
    .from(oneTimeTokens)
    .where(
      and(
        eq(oneTimeTokens.kind, kind),
        eq(oneTimeTokens.tokenHash, hashToken(token)),
        isNull(oneTimeTokens.usedAt),
        sql`${oneTimeTokens.expiresAt} > ${now}`,
      ),
    )
    .limit(1);
  return row;
}

/** Invalidates a user's outstanding tokens of a kind (a new reset link replaces the old one). */
export async function revokeOneTimeTokens(db: Db, kind: OneTimeTokenKind, userId: string, now: Date): Promise<void> {
  await db
    .update(oneTimeTokens)
    .set({ usedAt: now })
    .where(and(eq(oneTimeTokens.kind, kind), eq(oneTimeTokens.userId, userId), isNull(oneTimeTokens.usedAt)));
}
