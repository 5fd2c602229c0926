import { and, eq, isNull, sql } from 'drizzle-orm';
import { passkeys, recoveryCodes, users, type Role } from '../../platform/auth/auth.tables.js';
import type { Db } from '../../platform/db/database.js';

/** Accounts as administrators change them: role, flags, disabled, second factors. */

export async function emailInUse(db: Db, email: string): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  return rows.length === 1;
}

/** A staff account waiting for its owner: no password and an unverified e-mail until accepted. */
export async function insertInvitedUser(
  db: Db,
  values: { email: string; role: Role; nurseLead: boolean; privacyOfficer: boolean; dispatcher: boolean },
  now: Date,
): Promise<{ id: string; locale: string }> {
  const [row] = await db
    .insert(users)
    .values({ ...values, passwordHash: null, emailVerifiedAt: null, createdAt: now, updatedAt: now })
    .returning({ id: users.id, locale: users.locale });
  return row!;
}

export async function findAccountLocale(db: Db, userId: string): Promise<string> {
  const [row] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.locale ?? 'en';
}

export async function updateRoleAndFlags(
  db: Db,
  userId: string,
  values: { role: Role; nurseLead: boolean; privacyOfficer: boolean; dispatcher: boolean },
  now: Date,
): Promise<void> {
  await db
    .update(users)
    .set({ ...values, updatedAt: now })
    .where(eq(users.id, userId));
}

export async function setDisabledAt(db: Db, userId: string, disabledAt: Date | null, now: Date): Promise<void> {
  await db.update(users).set({ disabledAt, updatedAt: now }).where(eq(users.id, userId));
}

/** Removes every second factor of an account; returns what was removed (counts, for the audit row). */
export async function clearSecondFactors(
  db: Db,
  userId: string,
  now: Date,
): Promise<{ totp: boolean; passkeys: number; recoveryCodes: number }> {
  const [before] = await db
    .select({ totp: sql<boolean>`${users.totpSecretSealed} is not null` })
    .from(users)
    .where(eq(users.id, userId));
  await db
    .update(users)
    .set({ totpSecretSealed: null, totpPendingSealed: null, totpLastStep: null, updatedAt: now })
    .where(eq(users.id, userId));
  const removedKeys = await db.delete(passkeys).where(eq(passkeys.userId, userId)).returning({ id: passkeys.id });
  const removedCodes = await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).returning({ id: recoveryCodes.id });
  return { totp: before?.totp ?? false, passkeys: removedKeys.length, recoveryCodes: removedCodes.length };
}

export async function selectPrivacyOfficers(db: Db): Promise<{ userId: string; email: string; locale: string }[]> {
  return db
    .select({ userId: users.id, email: users.email, locale: users.locale })
    .from(users)
    .where(and(eq(users.privacyOfficer, true), isNull(users.disabledAt)));
}

/** The administrator's counts in ONE statement (admin-worklist.service.ts). */
export async function selectAdminWorklistCounts(db: Db) {
  const result = await db.execute(sql`
    select
      (select count(*) from outbox where status = 'dead')::int as "dead",
      (select count(*) from privacy_review_tasks where status = 'open')::int as "reviews",
      (select count(*) from staff_profiles s join users u on u.id = s.user_id
        where u.password_hash is null and u.disabled_at is null)::int as "invited",
      (select a.occurred_at::text from audit_events a where a.action = 'audit.verify' order by a.id desc limit 1) as "checkedAt",
      (select a.outcome from audit_events a where a.action = 'audit.verify' order by a.id desc limit 1) as "outcome"`);
  return (result as { rows: { dead: number; reviews: number; invited: number; checkedAt: string | null; outcome: string | null }[] })
    .rows[0];
}
