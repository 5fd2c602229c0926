import { hashPassword, passwordProblems } from '../../../platform/auth/passwords.js';
import { issueOneTimeToken, consumeOneTimeToken } from '../../../platform/auth/one-time-tokens.js';
import { isLocale } from '../../../platform/i18n/i18n.js';
import { validationFailed } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/context.js';
import { claimPatientRecord, createPatientForAccount } from '../../patients/index.js';
import type { RegisterInput } from '../identity.schemas.js';
import { findUserByEmail, insertUser, updateUser } from '../identity.repository.js';
import { auditSecurity, type PublicContext } from './identity-context.js';
import { sendIdentityEmail } from './messages.js';

/** Bumped whenever the privacy notice's text changes, so acceptance records name what was read. */
export const PRIVACY_NOTICE_VERSION = '2026-01';

type Deps = Pick<AppDeps, 'db' | 'config'>;

/**
 * Patient self-registration. The answer never says whether the address already has an account
 * (being a patient here is itself PHI): the owner gets an e-mail instead, after the same argon2 work.
 * A link code attaches the account to the record the front desk made; otherwise a record is created.
 */
export async function registerPatient(deps: Deps, ctx: PublicContext, input: RegisterInput, locale: string): Promise<void> {
  const problems = passwordProblems(input.password, 'password');
  if (problems.length) throw validationFailed(problems);
  const { db, config } = deps;
  const email = input.email.trim();
  const passwordHash = await hashPassword(input.password);
  const preferred =
    input.preferredLanguage && isLocale(input.preferredLanguage) ? input.preferredLanguage : isLocale(locale) ? locale : 'en';

  const existing = await findUserByEmail(db, email);
  if (existing) {
    await sendIdentityEmail(db, {
      kind: 'register_existing',
      to: existing.email,
      userId: existing.id,
      locale: existing.locale,
      publicUrl: config.publicUrl,
      now: ctx.now,
    });
    await auditSecurity(db, { userId: existing.id, role: existing.role }, ctx, {
      action: 'auth.register',
      outcome: 'denied',
      detail: { reason: 'account_exists' },
    });
    return;
  }

  await db.transaction(async (tx) => {
    const user = await insertUser(tx, {
      email,
      passwordHash,
      role: 'patient',
      locale: preferred,
      privacyNoticeAcceptedAt: ctx.now,
      privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    const patient = input.linkCode
      ? await claimPatientRecord(tx, user.id, { linkCode: input.linkCode, birthDate: input.birthDate }, ctx.now)
      : await createPatientForAccount(tx, user.id, { ...input, email }, ctx.now);
    const token = await issueOneTimeToken(tx, { kind: 'email_verification', userId: user.id, now: ctx.now });
    await sendIdentityEmail(tx, {
      kind: 'verify_email',
      to: email,
      userId: user.id,
      locale: preferred,
      publicUrl: config.publicUrl,
      token,
      now: ctx.now,
    });
    await auditSecurity(tx, { userId: user.id, role: 'patient' }, ctx, {
      action: 'auth.register',
      detail: { patientId: patient.id, linked: Boolean(input.linkCode), privacyNoticeVersion: PRIVACY_NOTICE_VERSION },
    });
  });
}

/** The verification link's POST: marks the address verified (410 when used or expired). */
export async function verifyEmail(deps: Deps, ctx: PublicContext, token: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const consumed = await consumeOneTimeToken(tx, 'email_verification', token, ctx.now);
    if (!consumed.userId) return;
    await updateUser(tx, consumed.userId, { emailVerifiedAt: ctx.now }, ctx.now);
    await auditSecurity(tx, { userId: consumed.userId }, ctx, { action: 'auth.email_verified' });
  });
}
