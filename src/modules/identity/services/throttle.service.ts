import type { Db } from '../../../platform/db/database.js';
import { sha256Hex } from '../../../platform/crypto.js';
import { AppError } from '../../../platform/errors.js';
import { clearThrottle, findThrottle, lockThrottle, recordThrottleFailure } from '../identity.repository.js';

/** After this many consecutive failures the account key locks; each further lock doubles. */
export const FAILURES_BEFORE_LOCK = 5;
export const FIRST_LOCK_MS = 30_000;
export const MAX_LOCK_MS = 15 * 60_000;

/**
 * The throttle key for an e-mail address, whether or not an account has it (so a lock reveals
 * nothing), hashed so the table holds no addresses.
 */
export function throttleKey(email: string): string {
  return `account:${sha256Hex(email.trim().toLowerCase())}`;
}

/** How long the lock after `failures` consecutive failures lasts (0 below the threshold). */
export function lockDurationMs(failures: number): number {
  if (failures < FAILURES_BEFORE_LOCK) return 0;
  return Math.min(FIRST_LOCK_MS * 2 ** (failures - FAILURES_BEFORE_LOCK), MAX_LOCK_MS);
}

export function rateLimited(retryAfterSeconds: number): AppError {
  return new AppError('rate_limited', 429, 'Too many attempts. Wait a moment and try again.', { retryAfterSeconds });
}

/** Refuses the attempt while the key is locked: 429 rate_limited with the seconds left. */
export async function assertNotLocked(db: Db, key: string, now: Date): Promise<void> {
  const row = await findThrottle(db, key);
  if (row?.lockedUntil && row.lockedUntil.getTime() > now.getTime()) {
    throw rateLimited(Math.max(1, Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000)));
  }
}

/** Counts a failure (with the root handle, so it survives any rollback) and locks when due. */
export async function recordFailure(db: Db, key: string, now: Date): Promise<void> {
  const failures = await recordThrottleFailure(db, key, now);
  const lockMs = lockDurationMs(failures);
  if (lockMs > 0) await lockThrottle(db, key, new Date(now.getTime() + lockMs), now);
}

export async function recordSuccess(db: Db, key: string): Promise<void> {
  await clearThrottle(db, key);
}
