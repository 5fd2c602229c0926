import type { Db } from '../../../platform/db/database.js';
import type { SessionKind } from '../../../platform/auth/auth.tables.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { spendPasswordCheckTime, verifyPassword } from '../../../platform/auth/passwords.js';
import { revokeSession } from '../../../platform/auth/session.repository.js';
import { issueSession } from '../../../platform/auth/session.service.js';
import { AppError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/context.js';
import type { Me } from '../identity.schemas.js';
import { findAccountLinks, findUserByEmail, findUserById, type UserRow } from '../identity.repository.js';
import { auditSecurity, type PublicContext } from './identity-context.js';
import { buildMe } from './me.service.js';
import { verifyOneTimeCode } from './second-factor.service.js';
import { assertNotLocked, deviceTokenAfterSignIn, recordFailure, recordSuccess, signInThrottle } from './throttle.service.js';

type Deps = Pick<AppDeps, 'db' | 'encryptor' | 'config' | 'appSecret'>;

export const invalidCredentials = () => new AppError('invalid_credentials', 'The e-mail address or password is not right.');
export const mfaInvalid = () =>
  new AppError('mfa_invalid', 'That code is not right, or it was already used. Enter the newest code from your app, or a recovery code.');

export interface SignedIn {
  token: string;
  sessionId: string;
  expiresAt: Date;
  user: Me;
  /** This device's known-device token for the account (cookie for pages, `deviceToken` for the API). */
  deviceToken: string;
}

export async function factorsOf(db: Db, user: UserRow): Promise<{ totp: boolean; passkey: boolean; enrolled: boolean }> {
  const { hasPasskey } = await findAccountLinks(db, user.id);
  const totp = user.totpSecretSealed !== null;
  return { totp, passkey: hasPasskey, enrolled: totp || hasPasskey };
}

/**
 * The first sign-in step: throttle, password and account state. Unknown e-mail and wrong password
 * give the same answer after the same argon2 work; failures count against the e-mail's throttle
 * key whether or not the account exists, or against the device's own key when the caller is a
 * known device of the account (docs/security.md, "Throttling").
 */
export async function checkPassword(deps: Deps, ctx: PublicContext, input: { email: string; password: string }): Promise<UserRow> {
  const { db, config } = deps;
  const throttle = signInThrottle(deps.appSecret, ctx, input.email);
  await assertNotLocked(db, throttle.key, ctx.now);
  const user = await findUserByEmail(db, input.email.trim());
  let passwordOk = false;
  if (user?.passwordHash) passwordOk = await verifyPassword(user.passwordHash, input.password);
  else await spendPasswordCheckTime(input.password);
  // Demo accounts do not exist outside demo mode, even if left in the database.
  if (!user || !passwordOk || (user.isDemo && !config.demoMode)) {
    await recordFailure(db, throttle.key, ctx.now, user && throttle.shared ? lockNoticeFor(deps, user) : null);
    await auditSecurity(db, user ? { userId: user.id, role: user.role } : {}, ctx, {
      action: 'auth.login',
      outcome: 'failure',
      detail: { reason: user ? 'invalid_credentials' : 'unknown_account' },
    });
    throw invalidCredentials();
  }
  if (user.disabledAt) {
    await auditSecurity(db, { userId: user.id, role: user.role }, ctx, {
      action: 'auth.login',
      outcome: 'denied',
      detail: { reason: 'account_disabled' },
    });
    throw new AppError('forbidden', 'This account has been disabled. Ask an administrator if you think this is a mistake.');
  }
  if (!user.emailVerifiedAt) {
    await auditSecurity(db, { userId: user.id, role: user.role }, ctx, {
      action: 'auth.login',
      outcome: 'denied',
      detail: { reason: 'email_not_verified' },
    });
    throw new AppError('email_not_verified', 'Confirm your e-mail address first: open the link we sent you.');
  }
  return user;
}

/** The second step: a TOTP code or a recovery code, each accepted once. */
export async function checkSecondFactor(deps: Deps, ctx: PublicContext, user: UserRow, otp: string): Promise<'totp' | 'recovery_code'> {
  const throttle = signInThrottle(deps.appSecret, ctx, user.email);
  await assertNotLocked(deps.db, throttle.key, ctx.now);
  const method = await verifyOneTimeCode(deps.db, deps.encryptor, user, otp, ctx.now);
  if (!method) {
    await recordFailure(deps.db, throttle.key, ctx.now, throttle.shared ? lockNoticeFor(deps, user) : null);
    await auditSecurity(deps.db, { userId: user.id, role: user.role }, ctx, {
      action: 'auth.mfa',
      outcome: 'failure',
      detail: { reason: 'mfa_invalid' },
    });
    throw mfaInvalid();
  }
  if (method === 'recovery_code') {
    await auditSecurity(deps.db, { userId: user.id, role: user.role }, ctx, { action: 'auth.recovery_code_used', severity: 'medium' });
  }
  return method;
}

/** Staff must enrol a factor first: a 10-minute session usable only on the enrolment calls. */
export async function startEnrollment(deps: Deps, ctx: PublicContext, user: UserRow) {
  const session = await issueSession(deps.db, {
    userId: user.id,
    kind: 'enrollment',
    ip: ctx.origin.ip,
    userAgent: ctx.origin.userAgent,
    now: ctx.now,
  });
  await auditSecurity(deps.db, { userId: user.id, role: user.role }, ctx, {
    action: 'auth.mfa_enrollment_required',
    detail: { sessionId: session.sessionId },
  });
  return session;
}

/** A half-finished browser sign-in waiting for its second factor (5 minutes). */
export async function startSecondFactorStep(deps: Deps, ctx: PublicContext, user: UserRow) {
  return issueSession(deps.db, { userId: user.id, kind: 'mfa_pending', ip: ctx.origin.ip, userAgent: ctx.origin.userAgent, now: ctx.now });
}

/**
 * Ends a successful sign-in: clears the throttle key it was counted on (a known device clears only
 * its own, so a stranger's lock on the account stays), issues a new session (rotation: any session
 * the browser held before is revoked), audits it, and hands back the device's known-device token.
 */
export async function completeSignIn(
  deps: Deps,
  ctx: PublicContext,
  user: UserRow,
  options: { kind: Extract<SessionKind, 'api' | 'browser'>; method: string; replacesSessionId?: string | null },
): Promise<SignedIn> {
  const { db } = deps;
  await recordSuccess(db, signInThrottle(deps.appSecret, ctx, user.email).key);
  if (options.replacesSessionId) await revokeSession(db, options.replacesSessionId, ctx.now);
  const session = await issueSession(db, {
    userId: user.id,
    kind: options.kind,
    ip: ctx.origin.ip,
    userAgent: ctx.origin.userAgent,
    now: ctx.now,
  });
  await auditSecurity(db, { userId: user.id, role: user.role }, ctx, {
    action: 'auth.login',
    detail: { method: options.method, sessionId: session.sessionId, kind: options.kind },
  });
  const deviceToken = deviceTokenAfterSignIn(deps.appSecret, ctx, user.email);
  return { token: session.token, sessionId: session.sessionId, expiresAt: session.expiresAt, user: await buildMe(db, user), deviceToken };
}

/** The owner to tell when the shared account key locks (never the person guessing). */
function lockNoticeFor(deps: Deps, user: UserRow) {
  return { userId: user.id, email: user.email, locale: user.locale, publicUrl: deps.config.publicUrl };
}

/** `POST /api/v1/auth/token`: every outcome of API.md in one call. */
export async function signInForApi(
  deps: Deps,
  ctx: PublicContext,
  input: { email: string; password: string; otp?: string | undefined },
): Promise<SignedIn> {
  const user = await checkPassword(deps, ctx, input);
  const factors = await factorsOf(deps.db, user);
  let method = 'password';
  if (factors.enrolled) {
    if (!input.otp)
      throw new AppError('mfa_required', 'Enter the code from your authenticator app, or a recovery code.', {
        methods: factors.passkey && !factors.totp ? ['passkey'] : ['otp'],
      });
    method = await checkSecondFactor(deps, ctx, user, input.otp);
  } else if (user.role !== 'patient') {
    const enrollment = await startEnrollment(deps, ctx, user);
    throw new AppError('mfa_enrollment_required', 'Staff accounts need a second factor. Set one up with the enrolment token.', {
      enrollmentToken: enrollment.token,
      expiresAt: enrollment.expiresAt.toISOString(),
    });
  }
  return completeSignIn(deps, ctx, user, { kind: 'api', method });
}

export type BrowserSignInStep =
  | { next: 'signed_in'; signedIn: SignedIn }
  | { next: 'second_factor'; token: string; methods: { totp: boolean; passkey: boolean } }
  | { next: 'enroll'; token: string };

/** The `/login` form's password step: signs in, or hands out a short-lived session for the next step. */
export async function signInBrowserPassword(
  deps: Deps,
  ctx: PublicContext,
  input: { email: string; password: string },
  previousSessionId: string | null,
): Promise<BrowserSignInStep> {
  const user = await checkPassword(deps, ctx, input);
  if (previousSessionId) await revokeSession(deps.db, previousSessionId, ctx.now);
  const factors = await factorsOf(deps.db, user);
  if (factors.enrolled) return { next: 'second_factor', token: (await startSecondFactorStep(deps, ctx, user)).token, methods: factors };
  if (user.role !== 'patient') return { next: 'enroll', token: (await startEnrollment(deps, ctx, user)).token };
  return { next: 'signed_in', signedIn: await completeSignIn(deps, ctx, user, { kind: 'browser', method: 'password' }) };
}

/** The `/login/otp` step for the account behind a pending session. */
export async function signInBrowserSecondFactor(
  deps: Deps,
  ctx: PublicContext,
  input: { userId: string; pendingSessionId: string; otp: string },
): Promise<SignedIn> {
  const user = await findUserById(deps.db, input.userId);
  if (!user) throw invalidCredentials();
  const method = await checkSecondFactor(deps, ctx, user, input.otp);
  return completeSignIn(deps, ctx, user, { kind: 'browser', method, replacesSessionId: input.pendingSessionId });
}

/**
 * After a browser enrolment session confirms its new factor, it becomes a full session (rotated):
 * the password was proven to open it and the confirmed code proves the factor.
 */
export async function upgradeEnrollmentSession(deps: Deps, ctx: ServiceContext) {
  await revokeSession(deps.db, ctx.actor.sessionId, ctx.now);
  const session = await issueSession(deps.db, {
    userId: ctx.actor.userId,
    kind: 'browser',
    ip: ctx.origin.ip,
    userAgent: ctx.origin.userAgent,
    now: ctx.now,
  });
  await auditSecurity(deps.db, { userId: ctx.actor.userId, role: ctx.actor.role }, ctx, {
    action: 'auth.login',
    detail: { method: 'totp_enrollment', sessionId: session.sessionId, kind: 'browser' },
  });
  return session;
}
