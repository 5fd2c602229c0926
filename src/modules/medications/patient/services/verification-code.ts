import { createHash, randomBytes } from 'node:crypto';

/**
 * Verification codes printed on prescription PDFs: 20 characters of Crockford's base32 (100 bits
 * from the system's CSPRNG), printed in four groups of five for reading aloud or typing
 * ("7KQ2M-9XW4H-…"). Crockford's alphabet leaves out I, L, O and U; when a code is typed back,
 * case, spaces and hyphens are ignored and the look-alikes O → 0, I/L → 1 are read as meant.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 20;
export const CODE_BITS = CODE_LENGTH * 5;

/** A new code, grouped for reading. */
export function generateVerificationCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  // 256 is a multiple of 32: taking each byte modulo 32 keeps every character equally likely.
  const chars = Array.from(bytes, (b) => ALPHABET[b % 32]!).join('');
  return chars.match(/.{5}/g)!.join('-');
}

/** The code as typed, normalised; null when it cannot be a code (wrong length or character). */
export function normaliseVerificationCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (compact.length !== CODE_LENGTH) return null;
  for (const ch of compact) if (!ALPHABET.includes(ch)) return null;
  return compact;
}

/** What is stored: the SHA-256 of the normalised code (100 random bits need no slow hash). */
export function hashVerificationCode(normalised: string): string {
  return createHash('sha256').update(`carewell-rx-verification:${normalised}`).digest('hex');
}
