import type { FastifyRequest } from 'fastify';
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

export function publicContext(request: FastifyRequest): PublicContext {
  return { origin: request.origin, now: request.server.deps.clock() };
}

export function signedInBody(signedIn: SignedIn) {
  return { token: signedIn.token, expiresAt: signedIn.expiresAt.toISOString(), user: signedIn.user };
}

/** `?next=` is honoured only for local paths: never an open redirect. */
export function safeNext(next: unknown): string | null {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.length > 500) return null;
  return next;
}

/** Where each person lands after signing in. */
export function homeFor(role: string): string {
  if (role === 'patient') return '/portal';
  if (role === 'admin') return '/admin/staff';
  return '/staff';
}
