import { hash, verify } from '@node-rs/argon2';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FieldError } from '../errors.js';

/** argon2id with OWASP's recommended minimum (19 MiB, 2 passes). */
const ARGON2_OPTIONS = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

let commonPasswords: Set<string> | undefined;
function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(
    readFileSync(fileURLToPath(new URL('./common-passwords.txt', import.meta.url)), 'utf8')
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter(Boolean),
  );
  return commonPasswords.has(password.toLowerCase());
}

/** Length and a common-password list, no composition rules (NIST SP 800-63B, ASVS 5 V6). */
export function passwordProblems(password: string, field = 'password'): FieldError[] {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return [{ path: field, message: `Use at least ${PASSWORD_MIN_LENGTH} characters.` }];
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return [{ path: field, message: `Use at most ${PASSWORD_MAX_LENGTH} characters.` }];
  }
  if (isCommonPassword(password)) {
    return [{ path: field, message: 'This password is too common. Choose a less predictable one, such as a few unrelated words.' }];
  }
  return [];
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    // Spend the same time as a real check so timing does not reveal whether the account exists.
    await verify(await dummyHash(), password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

let cachedDummyHash: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  cachedDummyHash ??= hash('carewell-timing-equaliser', ARGON2_OPTIONS);
  return cachedDummyHash;
}

/** Called for unknown accounts so the answer takes as long as for known ones. */
export async function spendPasswordCheckTime(password: string): Promise<void> {
  await verifyPassword(null, password);
}
