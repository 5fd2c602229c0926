import type { Db } from '../db/database.js';
import { verifyPassword } from './passwords.js';
import { assertNotLocked, reauthThrottleKey, recordFailure, recordSuccess, throttleKey, type LockNoticeRecipient } from './throttle.js';

export interface RecheckAccount {
  id: string;
  email: string;
  locale: string;
  passwordHash: string | null;
}

/**
 * The one throttled check of a signed-in person's current password, used by every re-check
 * (break-the-glass, password and e-mail change, adding or removing a factor or passkey).
 *
 * It is throttled on the account's re-check key (429 while locked), and each wrong password also
 * counts on the account's sign-in key, so guesses through a stolen session feed the same limit as
 * guesses at the sign-in form. It does not refuse because the sign-in key is locked: a stranger
 * hammering the sign-in form must not stop a signed-in clinician from breaking the glass.
 * A success clears only the re-check key.
 */
export async function recheckPassword(db: Db, account: RecheckAccount, password: string, now: Date, publicUrl: string): Promise<boolean> {
  const key = reauthThrottleKey(account.id);
  await assertNotLocked(db, key, now);
  if (await verifyPassword(account.passwordHash, password)) {
    await recordSuccess(db, key);
    return true;
  }
  const owner: LockNoticeRecipient = { userId: account.id, email: account.email, locale: account.locale, publicUrl };
  await recordFailure(db, key, now);
  await recordFailure(db, throttleKey(account.email), now, owner);
  return false;
}
