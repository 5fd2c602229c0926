import type { FastifyRequest } from 'fastify';
import { parseDeviceCookie } from '../../platform/auth/known-devices.js';
import { deviceCookieName } from '../../platform/http/cookies.js';
import type { PublicContext } from './services/identity-context.js';
import type { SignedIn } from './services/sign-in.service.js';

/**
 * Per-IP limits (@fastify/rate-limit, route config) on the calls an attacker would hammer. They sit
 * on top of the per-account throttle and are generous, because a whole hospital may share one
 * address behind its NAT.
 */
export const RATE_LIMITS = {
  signIn: { max: (request: FastifyRequest) => request.server.deps.config.authRateLimitPerMinute, timeWindow: 60_000 },
  signUp: { max: 20, timeWindow: 60_000 },
  emailRequest: { max: 10, timeWindow: 60_000 },
  linkToken: { max: 30, timeWindow: 60_000 },
} as const;

/** The request's origin and time, and the known-device tokens its cookie holds (API bodies add theirs). */
export function publicContext(request: FastifyRequest, extraDeviceTokens: readonly string[] = []): PublicContext {
  const fromCookie = parseDeviceCookie(request.cookies[deviceCookieName(request.server.deps.config)]);
  return { origin: request.origin, now: request.server.deps.clock(), deviceTokens: [...extraDeviceTokens, ...fromCookie] };
}

export function signedInBody(signedIn: SignedIn) {
  return { token: signedIn.token, expiresAt: signedIn.expiresAt.toISOString(), user: signedIn.user, deviceToken: signedIn.deviceToken };
}

/** Where `safeNext` resolves paths: any fixed origin works, only "same origin or not" matters. */
const NEXT_BASE = 'http://carewell.invalid';
/** C0 controls, DEL and backslash: browsers strip or reinterpret them, so a path holding one is refused. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are refused
const UNSAFE_IN_PATH = /[\u0000-\u001f\u007f\\]/;

/**
 * `?next=` is honoured only for a same-origin path: never an open redirect. The value is checked as
 * sent AND after percent-decoding (up to three rounds, for double encoding), because browsers
 * strip tabs and newlines and treat `\` as `/`, which turns `/\t/evil.example` or `/%5Cevil` into
 * another host. What survives is re-serialised by the URL parser, so the Location header never
 * carries a raw character that Node would refuse (a 500 after a successful sign-in).
 */
export function safeNext(next: unknown): string | null {
  if (typeof next !== 'string' || next.length === 0 || next.length > 500) return null;
  const forms = [next];
  for (let i = 0; i < 3; i += 1) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(forms[forms.length - 1]!);
    } catch {
      return null;
    }
    if (decoded === forms[forms.length - 1]) break;
    forms.push(decoded);
  }
  for (const form of forms) {
    if (UNSAFE_IN_PATH.test(form) || !form.startsWith('/') || form.startsWith('//')) return null;
  }
  let url: URL;
  try {
    url = new URL(next, NEXT_BASE);
  } catch {
    return null;
  }
  if (url.origin !== NEXT_BASE || url.pathname.startsWith('//')) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Where each person lands after signing in. */
export function homeFor(role: string): string {
  if (role === 'patient') return '/portal';
  if (role === 'admin') return '/admin/staff';
  return '/staff';
}
