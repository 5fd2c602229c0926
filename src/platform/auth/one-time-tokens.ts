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

/** Issues a single-use token; only its hash is stored. Returns the token to put in the link. */
export async function issueOneTimeToken(
  db: Db,
  input: { kind: OneTimeTokenKind; userId?: string | null; payload?: Record<string, string>; now: Date; token?: string },
): Promise<string> {
  const { token, insert } = oneTimeTokenInsertOf(db, input);
  await insert;
  return token;
}

/**
 * A new token and its row's insert, not yet sent: for a write that issues the token in the same
 * statement as the row it belongs to (a data-modifying WITH).
 */
export function oneTimeTokenInsertOf(
  db: Db,
  input: { kind: OneTimeTokenKind; userId?: string | null; payload?: Record<string, string>; now: Date; token?: string },
) {
  const token = input.token ?? newToken();
  const insert = db.insert(oneTimeTokens).values({
    kind: input.kind,
    tokenHash: hashToken(token),
    userId: input.userId ?? null,
    payload: input.payload ?? {},
    expiresAt: new Date(input.now.getTime() + TOKEN_LIFETIME_MS[input.kind]),
    createdAt: input.now,
  });
  return { token, insert };
}

/**
 * `oneTimeTokenInsertOf` with every value a placeholder (`token_<column>`), for a statement built
 * once; `oneTimeTokenValues` gives a new token and the values that fill them.
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

export function oneTimeTokenValues(input: {
  kind: OneTimeTokenKind;
  userId?: string | null;
  payload?: Record<string, string>;
  now: Date;
  token?: string;
}) {
  const token = input.token ?? newToken();
  return {
    token,
    values: {
      token_kind: input.kind,
      token_tokenHash: hashToken(token),
      token_userId: input.userId ?? null,
      token_payload: input.payload ?? {},
      token_expiresAt: new Date(input.now.getTime() + TOKEN_LIFETIME_MS[input.kind]),
      token_createdAt: input.now,
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
