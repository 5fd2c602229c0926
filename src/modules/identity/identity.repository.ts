import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { passkeys, recoveryCodes, users, webauthnChallenges } from '../../platform/auth/auth.tables.js';
import type { Db } from '../../platform/db/database.js';

export type UserRow = typeof users.$inferSelect;

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return row;
}

export async function findUserById(db: Db, userId: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  return row;
}

export async function insertUser(db: Db, values: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

export async function updateUser(db: Db, userId: string, values: Partial<typeof users.$inferInsert>, now: Date): Promise<void> {
  await db
    .update(users)
    .set({ ...values, updatedAt: now })
    .where(eq(users.id, userId));
}

/**
 * The account's display name and links. Identity is the one place that knows how accounts link to
 * patient records and staff profiles (see session.repository.ts), so it reads them by name here.
 */
export async function findAccountLinks(db: Db, userId: string) {
  const [row] = await accountLinksQuery(db, userId);
  return row ?? { patientId: null, staffId: null, name: null, hasPasskey: false };
}

/**
 * The account's patient record, staff profile, name and whether it has a passkey (zero or one row),
 * not run yet. The sub-queries take the id as a parameter: `users.id` would render unqualified
 * ("id") and bind to the sub-query's own table.
 */
export function accountLinksQuery(db: Db, userId: string) {
  return db
    .select({
      patientId: sql<string | null>`(select p.id from patients p where p.user_id = ${userId})`,
      staffId: sql<string | null>`(select s.id from staff_profiles s where s.user_id = ${userId})`,
      name: sql<string | null>`coalesce(
        (select s.given_name || ' ' || s.family_name from staff_profiles s where s.user_id = ${userId}),
        (select p.given_name || ' ' || p.family_name from patients p where p.user_id = ${userId}))`,
      hasPasskey: sql<boolean>`exists (select 1 from passkeys k where k.user_id = ${userId})`,
    })
    .from(users)
    .where(eq(users.id, userId));
}

/** Accepts a TOTP step only if it is later than the last accepted one: atomic single use. */
export async function acceptTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), sql`(${users.totpLastStep} is null or ${users.totpLastStep} < ${step})`))
    .returning({ id: users.id });
  return rows.length === 1;
}

export async function replaceRecoveryCodes(db: Db, userId: string, codeHashes: string[], now: Date): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  if (codeHashes.length) await db.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash, createdAt: now })));
}

export async function deleteRecoveryCodes(db: Db, userId: string): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}

/** Marks an unused recovery code used; false when it is unknown or already spent. */
export async function spendRecoveryCode(db: Db, userId: string, codeHash: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return rows.length === 1;
}

/** The count of unused recovery codes (one row, `n`), not run yet. */
export function unusedRecoveryCodesQuery(db: Db, userId: string) {
  return db
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
}

/** The account row (zero or one), not run yet. */
export function userQuery(db: Db, userId: string) {
  return db.select().from(users).where(eq(users.id, userId)).limit(1);
}

// --- passkeys and WebAuthn challenges --------------------------------------------------------------

export function listPasskeys(db: Db, userId: string) {
  return db.select().from(passkeys).where(eq(passkeys.userId, userId)).orderBy(passkeys.createdAt);
}

export async function findPasskeyByCredentialId(db: Db, credentialId: string) {
  const [row] = await db.select().from(passkeys).where(eq(passkeys.credentialId, credentialId)).limit(1);
  return row;
}

export async function insertPasskey(db: Db, values: typeof passkeys.$inferInsert) {
  const [row] = await db.insert(passkeys).values(values).returning();
  return row!;
}

export async function deletePasskey(db: Db, userId: string, passkeyId: string): Promise<boolean> {
  const rows = await db
    .delete(passkeys)
    .where(and(eq(passkeys.id, passkeyId), eq(passkeys.userId, userId)))
    .returning({ id: passkeys.id });
  return rows.length === 1;
}

export async function recordPasskeyUse(db: Db, passkeyId: string, counter: number, now: Date): Promise<void> {
  await db.update(passkeys).set({ counter, lastUsedAt: now }).where(eq(passkeys.id, passkeyId));
}

export async function insertChallenge(
  db: Db,
  values: { challenge: string; userId: string | null; purpose: 'register' | 'login'; expiresAt: Date; now: Date },
) {
  await db.insert(webauthnChallenges).values({
    challenge: values.challenge,
    userId: values.userId,
    purpose: values.purpose,
    expiresAt: values.expiresAt,
    createdAt: values.now,
  });
}

/** Removes and returns a live challenge: each one answers a single ceremony. */
export async function consumeChallenge(
  db: Db,
  challenge: string,
  purpose: 'register' | 'login',
  userId: string | null,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .delete(webauthnChallenges)
    .where(
      and(
        eq(webauthnChallenges.challenge, challenge),
        eq(webauthnChallenges.purpose, purpose),
        userId ? eq(webauthnChallenges.userId, userId) : isNull(webauthnChallenges.userId),
        gt(webauthnChallenges.expiresAt, now),
      ),
    )
    .returning({ id: webauthnChallenges.id });
  return rows.length === 1;
}

export async function deleteExpiredChallenges(db: Db, now: Date): Promise<void> {
  await db.delete(webauthnChallenges).where(sql`${webauthnChallenges.expiresAt} <= ${now}`);
}
