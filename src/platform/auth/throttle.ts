import { eq, sql } from 'drizzle-orm';
import { sha256Hex } from '../crypto.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { translator } from '../i18n/i18n.js';
import { queueMessage } from '../outbox/outbox.service.js';
import { authThrottles } from './auth.tables.js';

/**
 * Password and code throttling (docs/security.md, "Throttling"). A key is one counter:
 * - `account:<sha256(email)>` — every source that is not a known device of the account, whether or
 *   not the account exists (a lock reveals nothing);
 * - `device:<nonce>` — one known device of the account (known-devices.ts): its own counter, so a
 *   stranger locking the account key does not lock the owner's usual browser or app out;
 * - `reauth:<userId>` — password re-checks by a signed-in session (break-the-glass, password,
 *   e-mail and factor changes), whose failures also count on the account key.
 *
 * After five consecutive failures a key locks for 30 s, doubling with each further failure up to
 * 15 minutes; a success on the key clears it.
 */
export const FAILURES_BEFORE_LOCK = 5;
export const FIRST_LOCK_MS = 30_000;
export const MAX_LOCK_MS = 15 * 60_000;

/** The account key for an e-mail address, hashed so the table holds no addresses. */
export function throttleKey(email: string): string {
  return `account:${sha256Hex(email.trim().toLowerCase())}`;
}

export const reauthThrottleKey = (userId: string) => `reauth:${userId}`;

/** How long the lock after `failures` consecutive failures lasts (0 below the threshold). */
export function lockDurationMs(failures: number): number {
  if (failures < FAILURES_BEFORE_LOCK) return 0;
  return Math.min(FIRST_LOCK_MS * 2 ** (failures - FAILURES_BEFORE_LOCK), MAX_LOCK_MS);
}

export function rateLimited(retryAfterSeconds: number): AppError {
  return new AppError('rate_limited', 'Too many attempts. Wait a moment and try again.', { retryAfterSeconds });
}

/** Refuses the attempt while the key is locked: 429 rate_limited with the seconds left. */
export async function assertNotLocked(db: Db, key: string, now: Date): Promise<void> {
  const [row] = await db.select().from(authThrottles).where(eq(authThrottles.key, key)).limit(1);
  if (row?.lockedUntil && row.lockedUntil.getTime() > now.getTime()) {
    throw rateLimited(Math.max(1, Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000)));
  }
}

/** Whom to tell when their account's key locks: the account's owner, never the person guessing. */
export interface LockNoticeRecipient {
  userId: string;
  email: string;
  locale: string;
  publicUrl: string;
}

/**
 * Counts a failure (with the root handle, so it survives any rollback) and locks when due. When
 * an account key locks for the first time in an episode (the failure count only restarts after a
 * success), its owner gets one e-mail: attempts were blocked, and what to do. Concurrent failures
 * get distinct counts from the one-statement increment, so exactly one of them sends it.
 */
export async function recordFailure(db: Db, key: string, now: Date, owner?: LockNoticeRecipient | null): Promise<void> {
  const [row] = await db
    .insert(authThrottles)
    .values({ key, failures: 1, updatedAt: now })
    .onConflictDoUpdate({ target: authThrottles.key, set: { failures: sql`${authThrottles.failures} + 1`, updatedAt: now } })
    .returning({ failures: authThrottles.failures });
  const failures = row!.failures;
  const lockMs = lockDurationMs(failures);
  if (lockMs > 0)
    await db
      .update(authThrottles)
      .set({ lockedUntil: new Date(now.getTime() + lockMs), updatedAt: now })
      .where(eq(authThrottles.key, key));
  if (failures === FAILURES_BEFORE_LOCK && owner && key.startsWith('account:')) await sendLockNotice(db, owner, now);
}

export async function recordSuccess(db: Db, key: string): Promise<void> {
  await db.delete(authThrottles).where(eq(authThrottles.key, key));
}

async function sendLockNotice(db: Db, owner: LockNoticeRecipient, now: Date): Promise<void> {
  const t = translator(owner.locale);
  await queueMessage(
    db,
    {
      channel: 'email',
      to: owner.email,
      recipientUserId: owner.userId,
      template: 'identity.signin_blocked',
      subject: t('identity.email_signin_blocked_subject'),
      text: t('identity.email_signin_blocked_text', { resetLink: `${owner.publicUrl}/password-reset`, link: `${owner.publicUrl}/login` }),
      // One notice per lock episode, even if two instances both saw the fifth failure.
      messageId: `signin-blocked:${owner.userId}:${now.toISOString()}`,
    },
    now,
  );
}
