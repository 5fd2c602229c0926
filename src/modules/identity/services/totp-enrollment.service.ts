import type { ServiceContext } from '../../../platform/auth/actor.js';
import { matchTotpStep, newTotpSecret, totpUri } from '../../../platform/auth/totp.js';
import { AppError, forbidden, validationFailed } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/context.js';
import { deleteRecoveryCodes, replaceRecoveryCodes, updateUser } from '../identity.repository.js';
import { auditSecurity } from './identity-context.js';
import { assertCurrentPassword, requireUser } from './password.service.js';
import { hashRecoveryCode, newRecoveryCodes, verifyOneTimeCode } from './second-factor.service.js';
import { factorsOf, mfaInvalid } from './sign-in.service.js';
import { assertNotLocked, reauthThrottleKey, recordFailure } from './throttle.service.js';

type Deps = Pick<AppDeps, 'db' | 'encryptor' | 'config'>;

/**
 * Starts TOTP enrolment: a new secret is kept sealed as pending until a code from it is confirmed.
 * When the account already has a factor, the current password is required (SECURITY.md).
 */
export async function startTotpEnrollment(
  deps: Deps,
  ctx: ServiceContext,
  input: { password?: string | undefined },
): Promise<{ secret: string; otpauthUri: string }> {
  const { db, encryptor } = deps;
  const user = await requireUser(db, ctx.actor.userId);
  if ((await factorsOf(db, user)).enrolled) {
    if (!input.password)
      throw validationFailed([{ path: 'password', message: 'Enter your current password to change two-factor settings.' }]);
    await assertCurrentPassword(deps, ctx, user, input.password, 'password');
  }
  const secret = newTotpSecret();
  await updateUser(db, user.id, { totpPendingSealed: encryptor.encrypt(secret) }, ctx.now);
  return { secret, otpauthUri: totpUri(secret, user.email) };
}

/** The pending secret, for the enrolment page to show again (null when none is pending). */
export async function pendingTotp(deps: Deps, ctx: ServiceContext): Promise<{ secret: string; otpauthUri: string } | null> {
  const user = await requireUser(deps.db, ctx.actor.userId);
  if (!user.totpPendingSealed) return null;
  const secret = deps.encryptor.decrypt(user.totpPendingSealed);
  return { secret, otpauthUri: totpUri(secret, user.email) };
}

/**
 * Confirms enrolment with a code from the new secret; the secret becomes the account's factor, the
 * code's time step counts as used, and ten new recovery codes replace any old ones (shown once).
 */
export async function confirmTotpEnrollment(deps: Deps, ctx: ServiceContext, code: string): Promise<{ recoveryCodes: string[] }> {
  const { db, encryptor } = deps;
  const user = await requireUser(db, ctx.actor.userId);
  if (!user.totpPendingSealed) throw new AppError('unprocessable', 'Start the set-up first: there is no pending authenticator secret.');
  const key = reauthThrottleKey(user.id);
  await assertNotLocked(db, key, ctx.now);
  const step = matchTotpStep(encryptor.decrypt(user.totpPendingSealed), code.trim(), ctx.now);
  if (step === null) {
    await recordFailure(db, key, ctx.now);
    throw mfaInvalid();
  }
  const recoveryCodes = newRecoveryCodes();
  await db.transaction(async (tx) => {
    await updateUser(tx, user.id, { totpSecretSealed: user.totpPendingSealed, totpPendingSealed: null, totpLastStep: step }, ctx.now);
    await replaceRecoveryCodes(tx, user.id, recoveryCodes.map(hashRecoveryCode), ctx.now);
    await auditSecurity(tx, { userId: user.id, role: user.role }, ctx, { action: 'auth.mfa_totp_enrolled', severity: 'medium' });
  });
  return { recoveryCodes };
}

/** Patients may turn TOTP off with their password and a code; staff keep a factor (an administrator resets a lost one). */
export async function disableTotp(deps: Deps, ctx: ServiceContext, input: { password: string; otp: string }): Promise<void> {
  const { db, encryptor } = deps;
  if (ctx.actor.role !== 'patient') throw forbidden('Staff accounts keep their second factor. An administrator can reset a lost one.');
  const user = await requireUser(db, ctx.actor.userId);
  if (!user.totpSecretSealed) throw new AppError('unprocessable', 'Two-factor sign-in with an app is not turned on.');
  await assertCurrentPassword(deps, ctx, user, input.password, 'password');
  const key = reauthThrottleKey(user.id);
  if (!(await verifyOneTimeCode(db, encryptor, user, input.otp, ctx.now))) {
    await recordFailure(db, key, ctx.now);
    throw mfaInvalid();
  }
  await db.transaction(async (tx) => {
    await updateUser(tx, user.id, { totpSecretSealed: null, totpPendingSealed: null, totpLastStep: null }, ctx.now);
    await deleteRecoveryCodes(tx, user.id);
    await auditSecurity(tx, { userId: user.id, role: user.role }, ctx, { action: 'auth.mfa_totp_disabled', severity: 'medium' });
  });
}
