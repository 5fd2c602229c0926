import type { Db } from '../db/database.js';
import { hashToken, newToken } from '../crypto.js';
import type { Role, SessionKind } from './auth.tables.js';
import type { UserActor } from './actor.js';
import type { SessionCache } from './session-cache.js';
import { findLiveSessionByTokenHash, insertSession, touchSession, type SessionWithUser } from './session.repository.js';

const MINUTE = 60_000;
/** SECURITY.md: idle 15 min for staff, 30 min for patients; absolute 12 h. */
export const IDLE_TIMEOUT_MS: Record<'staff' | 'patient', number> = { staff: 15 * MINUTE, patient: 30 * MINUTE };
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * MINUTE;
const SHORT_LIVED_MS: Partial<Record<SessionKind, number>> = { enrollment: 10 * MINUTE, mfa_pending: 5 * MINUTE };
/** Writing last-seen on every request would make every read a write; once a minute is enough. */
const TOUCH_INTERVAL_MS = MINUTE;

export function idleTimeoutFor(role: Role): number {
  return role === 'patient' ? IDLE_TIMEOUT_MS.patient : IDLE_TIMEOUT_MS.staff;
}

export interface IssuedSession {
  token: string;
  sessionId: string;
  expiresAt: Date;
}

/** A new random session token; only its SHA-256 is stored. */
export async function issueSession(
  db: Db,
  input: { userId: string; kind: SessionKind; ip: string | null; userAgent: string | null; now: Date },
): Promise<IssuedSession> {
  const token = newToken();
  const expiresAt = new Date(input.now.getTime() + (SHORT_LIVED_MS[input.kind] ?? ABSOLUTE_TIMEOUT_MS));
  const { id } = await insertSession(db, { ...input, tokenHash: hashToken(token), expiresAt });
  return { token, sessionId: id, expiresAt };
}

export type SessionLookup =
  { status: 'valid'; session: SessionWithUser } | { status: 'invalid' | 'expired' | 'idle' | 'disabled' | 'demo_refused' };

/**
 * Resolves a session token for one request. With a cache, the row comes from it when it holds one
 * (see session-cache.ts for why that is safe); expiry, idle timeout and the once-a-minute touch are
 * decided here on every request either way, against the injected clock.
 */
export async function resolveSessionToken(
  db: Db,
  token: string,
  now: Date,
  options: { demoAllowed: boolean; background?: boolean; cache?: SessionCache },
): Promise<SessionLookup> {
  if (token.length < 20 || token.length > 200) return { status: 'invalid' };
  const tokenHash = hashToken(token);
  const cache = options.cache;
  let session = cache?.get(tokenHash);
  // Another instance may have touched the session since this copy was read: before refusing it as
  // idle or expired, ask the database (rare: only sessions at their timeout pay the query).
  if (session && timedOut(session, now)) session = undefined;
  if (!session) {
    const generation = cache?.begin();
    const load = () => findLiveSessionByTokenHash(db, tokenHash);
    session = cache ? await cache.lookupOnce(tokenHash, load) : await load();
    if (!session) return { status: 'invalid' };
    // Only live, long-lived kinds: enrolment and second-step sessions live minutes and change state.
    const cacheable = (session.kind === 'browser' || session.kind === 'api') && !timedOut(session, now);
    if (cache && cacheable) cache.store(tokenHash, session, generation!);
  }
  if (session.disabledAt) return { status: 'disabled' };
  if (session.isDemo && !options.demoAllowed) return { status: 'demo_refused' };
  if (session.expiresAt.getTime() <= now.getTime()) return { status: 'expired' };
  if (timedOut(session, now)) return { status: 'idle' };
  // Background traffic (live event streams, polling) must not keep an unattended session alive.
  if (!options.background && now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await touchSession(db, session.sessionId, now);
    cache?.touched(tokenHash, now);
  }
  return { status: 'valid', session };
}

function timedOut(session: SessionWithUser, now: Date): boolean {
  if (session.expiresAt.getTime() <= now.getTime()) return true;
  const shortLived = session.kind === 'enrollment' || session.kind === 'mfa_pending';
  return !shortLived && now.getTime() - session.lastSeenAt.getTime() > idleTimeoutFor(session.role);
}

export function actorFromSession(session: SessionWithUser): UserActor {
  return {
    kind: 'user',
    userId: session.userId,
    role: session.role,
    flags: { nurseLead: session.nurseLead, privacyOfficer: session.privacyOfficer, dispatcher: session.dispatcher },
    email: session.email,
    locale: session.locale,
    timeZone: session.timeZone,
    patientId: session.patientId,
    staffId: session.staffId,
    sessionId: session.sessionId,
    sessionKind: session.kind,
    mfaEnrolled: session.mfaEnrolled,
  };
}
