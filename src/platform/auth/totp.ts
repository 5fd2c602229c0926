import { Secret, TOTP } from 'otpauth';

const PERIOD_SECONDS = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secretBase32: string, accountLabel: string): string {
  return new TOTP({ issuer: 'Carewell', label: accountLabel, secret: Secret.fromBase32(secretBase32), period: PERIOD_SECONDS }).toString();
}

/**
 * Checks a code against the secret with one step of skew either way and returns the time step it
 * matched, or null. A code stays valid for its whole window, so the caller must refuse a step that
 * is not later than the last one it accepted (single use).
 */
export function matchTotpStep(secretBase32: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = new TOTP({ secret: Secret.fromBase32(secretBase32), period: PERIOD_SECONDS, digits: 6, algorithm: 'SHA1' });
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

/** For tests and the demo: the code a device would show at `now`. */
export function totpCodeAt(secretBase32: string, now: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secretBase32), period: PERIOD_SECONDS }).generate({ timestamp: now.getTime() });
}
