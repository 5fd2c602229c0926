import { consumeOneTimeToken, issueOneTimeToken, revokeOneTimeTokens } from '../../../platform/auth/one-time-tokens.js';
import { recheckPassword } from '../../../platform/auth/password-recheck.js';
import { hashPassword, passwordProblems } from '../../../platform/auth/passwords.js';
import { revokeUserSessions } from '../../../platform/auth/session.repository.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, validationFailed } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/context.js';
import { findUserByEmail, findUserById, updateUser, type UserRow } from '../identity.repository.js';
import { auditSecurity, type PublicContext } from './identity-context.js';
import { sendIdentityEmail } from './messages.js';
import { recordSuccess, throttleKey } from './throttle.service.js';

type Deps = Pick<AppDeps, 'db' | 'config'>;

/**
 * Re-authentication for sensitive changes: the current password through the platform's one
 * throttled re-check (src/platform/auth/password-recheck.ts). A wrong one is a field error.
 */
export async function assertCurrentPassword(
  deps: Pick<AppDeps, 'db' | 'config'>,
  ctx: PublicContext,
  user: UserRow,
  password: string,
  field: string,
): Promise<void> {
  if (await recheckPassword(deps.db, user, password, ctx.now, deps.config.publicUrl)) return;
  await auditSecurity(deps.db, { userId: user.id, role: user.role }, ctx, { action: 'auth.reauthenticate', outcome: 'failure' });
  throw validationFailed([{ path: field, message: 'Your current password is not right.' }]);
}

export async function requireUser(db: Db, userId: string): Promise<UserRow> {
  const user = await findUserById(db, userId);
  if (!user) throw new AppError('not_authenticated', 'Sign in to continue.');
  return user;
}

function assertAcceptable(password: string, field: string) {
  const problems = passwordProblems(password, field);
  if (problems.length) throw validationFailed(problems);
}

/** Changes the password with the current one; the account's other sessions end. */
export async function changePassword(
  deps: Deps,
  ctx: ServiceContext,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const { db } = deps;
  const user = await requireUser(db, ctx.actor.userId);
  assertAcceptable(input.newPassword, 'newPassword');
  await assertCurrentPassword(deps, ctx, user, input.currentPassword, 'currentPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await updateUser(tx, user.id, { passwordHash }, ctx.now);
    await revokeUserSessions(tx, user.id, ctx.now, ctx.actor.sessionId);
    await auditSecurity(tx, { userId: user.id, role: user.role }, ctx, { action: 'auth.password_changed', severity: 'medium' });
  });
}

/**
 * Always answers the same way. For a known, enabled account a new link (1 h) replaces any older
 * one; nothing is sent for an unknown address.
 */
export async function requestPasswordReset(deps: Deps, ctx: PublicContext, email: string): Promise<void> {
  const { db, config } = deps;
  const user = await findUserByEmail(db, email.trim());
  if (!user || user.disabledAt || (user.isDemo && !config.demoMode)) {
    await auditSecurity(db, {}, ctx, { action: 'auth.password_reset_requested', outcome: 'failure', detail: { reason: 'no_account' } });
    return;
  }
  await db.transaction(async (tx) => {
    await revokeOneTimeTokens(tx, 'password_reset', user.id, ctx.now);
    const token = await issueOneTimeToken(tx, { kind: 'password_reset', userId: user.id, now: ctx.now });
    await sendIdentityEmail(tx, {
      kind: 'password_reset',
      to: user.email,
      userId: user.id,
      locale: user.locale,
      publicUrl: config.publicUrl,
      token,
      now: ctx.now,
    });
    await auditSecurity(tx, { userId: user.id, role: user.role }, ctx, { action: 'auth.password_reset_requested' });
  });
}

/** Sets a new password from a reset link; every session of the account ends. */
export async function confirmPasswordReset(deps: Deps, ctx: PublicContext, input: { token: string; password: string }): Promise<void> {
  assertAcceptable(input.password, 'password');
  const passwordHash = await hashPassword(input.password);
  const { db } = deps;
  const user = await db.transaction(async (tx) => {
    const consumed = await consumeOneTimeToken(tx, 'password_reset', input.token, ctx.now);
    const user = consumed.userId ? await findUserById(tx, consumed.userId) : undefined;
    if (!user) throw new AppError('token_expired', 'This link has expired or was already used. Ask for a new one.');
    // The link reached the inbox, which proves the address as well.
    await updateUser(tx, user.id, { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? ctx.now }, ctx.now);
    await revokeUserSessions(tx, user.id, ctx.now);
    await auditSecurity(tx, { userId: user.id, role: user.role }, ctx, { action: 'auth.password_reset', severity: 'medium' });
    return user;
  });
  await recordSuccess(db, throttleKey(user.email));
}

/** A staff invitation: sets the first password and verifies the address; a factor is enrolled at first sign-in. */
export async function acceptInvitation(deps: Deps, ctx: PublicContext, input: { token: string; password: string }): Promise<void> {
  assertAcceptable(input.password, 'password');
  const passwordHash = await hashPassword(input.password);
  await deps.db.transaction(async (tx) => {
    const consumed = await consumeOneTimeToken(tx, 'invitation', input.token, ctx.now);
    const userId = consumed.userId ?? consumed.payload.userId;
    const user = userId ? await findUserById(tx, userId) : undefined;
    if (!user || user.disabledAt)
      throw new AppError('token_expired', 'This invitation has expired or was already used. Ask an administrator for a new one.');
    await updateUser(tx, user.id, { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? ctx.now }, ctx.now);
    await auditSecurity(tx, { userId: user.id, role: user.role }, ctx, { action: 'auth.invitation_accepted' });
  });
}
