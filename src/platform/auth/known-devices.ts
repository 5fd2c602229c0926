import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { deriveKey, sha256Hex } from '../crypto.js';

/**
 * Known devices (OWASP's "device cookie"): after a successful sign-in the browser gets a signed
 * token bound to the account — `<nonce>.<HMAC(nonce, sha256(email))>` — kept in an HttpOnly
 * cookie (up to five accounts per browser, for shared ward workstations) or, for API clients,
 * returned as `deviceToken` and sent back at the next sign-in. A device presenting a valid token
 * for the account is throttled on its own key (`device:<nonce>`), so a stranger's guesses, which
 * lock the shared account key, never lock the owner's usual devices out. Nothing is stored: the
 * signature proves the token, and a device that itself fails too often locks only its own key.
 */
export const MAX_DEVICE_TOKENS = 5;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;

function mac(appSecret: string, nonce: string, email: string): string {
  return createHmac('sha256', deriveKey(appSecret, 'known-devices'))
    .update(`${nonce}:${sha256Hex(email.trim().toLowerCase())}`)
    .digest('base64url');
}

export function issueDeviceToken(appSecret: string, email: string): string {
  const nonce = randomBytes(16).toString('base64url');
  return `${nonce}.${mac(appSecret, nonce, email)}`;
}

/** The first token that is a valid known-device token for this account, or null. */
export function deviceTokenFor(appSecret: string, tokens: readonly string[], email: string): string | null {
  for (const token of tokens.slice(0, MAX_DEVICE_TOKENS)) {
    if (!TOKEN_SHAPE.test(token)) continue;
    const [nonce, signature] = token.split('.') as [string, string];
    const expected = Buffer.from(mac(appSecret, nonce, email));
    const given = Buffer.from(signature);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return token;
  }
  return null;
}

export function deviceThrottleKey(token: string): string {
  return `device:${token.split('.')[0]}`;
}

/** The cookie value: this account's token first, then up to four others the browser already held. */
export function deviceCookieValue(token: string, others: readonly string[]): string {
  return [token, ...others.filter((o) => o !== token && TOKEN_SHAPE.test(o))].slice(0, MAX_DEVICE_TOKENS).join('~');
}

export function parseDeviceCookie(value: string | undefined): string[] {
  return (value ?? '')
    .split('~')
    .filter((v) => TOKEN_SHAPE.test(v))
    .slice(0, MAX_DEVICE_TOKENS);
}
