import { consumeOneTimeToken, issueOneTimeToken, revokeOneTimeTokens } from '../../../platform/auth/one-time-tokens.js';
import { listUserSessions, revokeSession } from '../../../platform/auth/session.repository.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { writeAudit } from '../../../platform/audit/audit.service.js';
import { AppError, notFound } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/context.js';
import { findUserByEmail, findUserById, updateUser } from '../identity.repository.js';
import { auditSecurity, type PublicContext } from './identity-context.js';
import { sendIdentityEmail } from './messages.js';
import { assertCurrentPassword, requireUser } from './password.service.js';

type Deps = Pick<AppDeps, 'db' | 'config'>;

/**
 * Starts an e-mail change: the new address gets a confirmation link (24 h) and only takes effect
 * when it is opened; the old address is told. If the new address already has an account, its owner
 * is told instead and the answer is the same (no enumeration).
 */
export async function requestEmailChange(
  deps: Deps,
  ctx: ServiceContext,
  input: { currentPassword: string; newEmail: string },
): Promise<void> {
  const { db, config } = deps;
  const user = await requireUser(db, ctx.actor.userId);
  await assertCurrentPassword(deps, ctx, user, input.currentPassword, 'currentPassword');
  const newEmail = input.newEmail.trim();
  const taken = await findUserByEmail(db, newEmail);
  await db.transaction(async (tx) => {
    if (taken) {
      if (taken.id !== user.id) {
        await sendIdentityEmail(tx, {
          kind: 'email_change_taken',
          to: taken.email,
          userId: taken.id,
          locale: taken.locale,
          publicUrl: config.publicUrl,
          now: ctx.now,
        });
      }
    } else {
      await revokeOneTimeTokens(tx, 'email_change', user.id, ctx.now);
      const token = await issueOneTimeToken(tx, { kind: 'email_change', userId: user.id, payload: { newEmail }, now: ctx.now });
      await sendIdentityEmail(tx, {
        kind: 'email_change',
        to: newEmail,
        userId: user.id,
        locale: user.locale,
        publicUrl: config.publicUrl,
        token,
        now: ctx.now,
      });
      await sendIdentityEmail(tx, {
        kind: 'email_change_notice',
        to: user.email,
        userId: user.id,
        locale: user.locale,
        publicUrl: config.publicUrl,
        now: ctx.now,
      });
    }
    await auditSecurity(tx, { userId: user.id, role: user.role }, ctx, { action: 'auth.email_change_requested' });
  });
}

/** The link's POST: the new address replaces the old one, verified. */
export async function confirmEmailChange(deps: Deps, ctx: PublicContext, token: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const consumed = await consumeOneTimeToken(tx, 'email_change', token, ctx.now);
    const user = consumed.userId ? await findUserById(tx, consumed.userId) : undefined;
    const newEmail = consumed.payload.newEmail;
    if (!user || !newEmail) throw new AppError('token_expired', 'This link has expired or was already used.');
    // A unique violation here (someone took the address meanwhile) answers 409 through the error handler.
    await updateUser(tx, user.id, { email: newEmail, emailVerifiedAt: ctx.now }, ctx.now);
    await auditSecurity(tx, { userId: user.id, role: user.role }, ctx, { action: 'auth.email_changed', severity: 'medium' });
  });
}

export interface SessionView {
  id: string;
  kind: 'browser' | 'api';
  device: string | null;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  current: boolean;
}

/** The person's own live sessions, the current one marked. */
export async function listMySessions(deps: Deps, ctx: ServiceContext): Promise<SessionView[]> {
  const rows = await listUserSessions(deps.db, ctx.actor.userId, ctx.now);
  return rows.map((s) => ({
    id: s.id,
    kind: s.kind as 'browser' | 'api',
    device: s.userAgent,
    ip: s.ip,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    expiresAt: s.expiresAt,
    current: s.id === ctx.actor.sessionId,
  }));
}

/** Revokes one of the person's own sessions; anyone else's answers 404 (and is audited as denied). */
export async function revokeMySession(deps: Deps, ctx: ServiceContext, sessionId: string): Promise<void> {
  const { db } = deps;
  const own = (await listUserSessions(db, ctx.actor.userId, ctx.now)).some((s) => s.id === sessionId);
  if (!own) {
    await writeAudit(
      db,
      { userId: ctx.actor.userId, role: ctx.actor.role },
      ctx.origin,
      {
        action: 'auth.session_revoked',
        resourceType: 'session',
        resourceId: sessionId,
        category: 'security',
        outcome: 'denied',
        severity: 'medium',
      },
      ctx.now,
    );
    throw notFound('The session');
  }
  await db.transaction(async (tx) => {
    await revokeSession(tx, sessionId, ctx.now);
    await auditSecurity(tx, { userId: ctx.actor.userId, role: ctx.actor.role }, ctx, {
      action: 'auth.session_revoked',
      detail: { sessionId },
    });
  });
}

/** Sign out: the session presented ends. */
export async function signOut(deps: Deps, ctx: ServiceContext): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await revokeSession(tx, ctx.actor.sessionId, ctx.now);
    await auditSecurity(tx, { userId: ctx.actor.userId, role: ctx.actor.role }, ctx, {
      action: 'auth.logout',
      detail: { sessionId: ctx.actor.sessionId },
    });
  });
}
