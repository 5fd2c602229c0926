import { randomInt } from 'node:crypto';
import type { Db } from '../../../platform/db/database.js';
import type { Encryptor } from '../../../platform/crypto.js';
import { sha256Hex } from '../../../platform/crypto.js';
import { matchTotpStep } from '../../../platform/auth/totp.js';
import { acceptTotpStep, spendRecoveryCode, type UserRow } from '../identity.repository.js';

export const RECOVERY_CODE_COUNT = 10;
/** No 0/O or 1/I/L: codes are read off paper. */
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Ten codes of 10 characters (≈49 bits each), shown as XXXXX-XXXXX. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Case, spaces and dashes do not matter when a person types a code back. */
export function hashRecoveryCode(code: string): string {
  return sha256Hex(`recovery:${code.toUpperCase().replace(/[^A-Z0-9]/g, '')}`);
}

export function decryptTotpSecret(encryptor: Encryptor, user: Pick<UserRow, 'totpSecretSealed'>): string | null {
  return user.totpSecretSealed ? encryptor.decrypt(user.totpSecretSealed) : null;
}

/**
 * Checks a second-factor code: a six-digit TOTP code (single use: its time step must be later than
 * the last accepted one) or an unused recovery code (spent here). Returns which one matched.
 */
export async function verifyOneTimeCode(
  db: Db,
  encryptor: Encryptor,
  user: Pick<UserRow, 'id' | 'totpSecretSealed'>,
  code: string,
  now: Date,
): Promise<'totp' | 'recovery_code' | null> {
  const trimmed = code.trim();
  if (/^\d{6}$/.test(trimmed)) {
    const secret = decryptTotpSecret(encryptor, user);
    if (!secret) return null;
    const step = matchTotpStep(secret, trimmed, now);
    if (step === null) return null;
    return (await acceptTotpStep(db, user.id, step)) ? 'totp' : null;
  }
  if (trimmed.replace(/[^A-Za-z0-9]/g, '').length !== 10) return null;
  return (await spendRecoveryCode(db, user.id, hashRecoveryCode(trimmed), now)) ? 'recovery_code' : null;
}
