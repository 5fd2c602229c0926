import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { AppError, notFound, validationFailed } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/context.js';
import {
  consumeChallenge,
  deleteExpiredChallenges,
  deletePasskey,
  findPasskeyByCredentialId,
  findUserById,
  insertChallenge,
  insertPasskey,
  listPasskeys,
  recordPasskeyUse,
} from '../identity.repository.js';
import { auditSecurity, type PublicContext } from './identity-context.js';
import { assertCurrentPassword, requireUser } from './password.service.js';
import { completeSignIn, factorsOf, type SignedIn } from './sign-in.service.js';

type Deps = Pick<AppDeps, 'db' | 'encryptor' | 'config' | 'appSecret'>;

const CHALLENGE_TTL_MS = 5 * 60_000;

/** Loaded on the first passkey ceremony: the library takes a third of a second to import, which every start would otherwise pay. */
const webauthn = () => import('@simplewebauthn/server');

/** WebAuthn needs a host name (never an IP address): the public URL's. */
export function relyingParty(config: Deps['config']) {
  return { rpID: new URL(config.publicUrl).hostname, origin: config.publicUrl, rpName: 'Carewell' };
}

const ceremonyFailed = () => new AppError('unprocessable', 'The passkey could not be checked. Try again.');

/** The challenge the browser signed, read from its clientDataJSON (checked again by the verifier). */
function challengeOf(response: { response: { clientDataJSON: string } }): string {
  try {
    const raw = response.response.clientDataJSON;
    const parsed = JSON.parse(Buffer.from(String(raw), 'base64url').toString('utf8')) as { challenge?: unknown };
    if (typeof parsed.challenge === 'string' && parsed.challenge.length <= 200) return parsed.challenge;
  } catch {
    /* fall through */
  }
  throw ceremonyFailed();
}

/** Registration options for the signed-in person (or an enrolment session). A second factor needs the password. */
export async function passkeyRegistrationOptions(deps: Deps, ctx: ServiceContext, input: { password?: string | undefined }) {
  const { db, config } = deps;
  const user = await requireUser(db, ctx.actor.userId);
  if ((await factorsOf(db, user)).enrolled) {
    if (!input.password) throw validationFailed([{ path: 'password', message: 'Enter your current password to add a passkey.' }]);
    await assertCurrentPassword(deps, ctx, user, input.password, 'password');
  }
  const rp = relyingParty(config);
  const existing = await listPasskeys(db, user.id);
  const options = await (
    await webauthn()
  ).generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: user.email,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    timeout: CHALLENGE_TTL_MS,
  });
  await deleteExpiredChallenges(db, ctx.now);
  await insertChallenge(db, {
    challenge: options.challenge,
    userId: user.id,
    purpose: 'register',
    expiresAt: new Date(ctx.now.getTime() + CHALLENGE_TTL_MS),
    now: ctx.now,
  });
  return options;
}

export async function verifyPasskeyRegistration(
  deps: Deps,
  ctx: ServiceContext,
  input: { response: RegistrationResponseJSON; name?: string | undefined },
) {
  const { db, config } = deps;
  const user = await requireUser(db, ctx.actor.userId);
  const challenge = challengeOf(input.response);
  if (!(await consumeChallenge(db, challenge, 'register', user.id, ctx.now))) throw ceremonyFailed();
  const rp = relyingParty(config);
  const verification = await (
    await webauthn()
  )
    .verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
    })
    .catch(() => ({ verified: false as const }));
  if (!verification.verified) {
    await auditSecurity(db, { userId: user.id, role: user.role }, ctx, { action: 'auth.passkey_added', outcome: 'failure' });
    throw ceremonyFailed();
  }
  const { credential } = verification.registrationInfo;
  const passkey = await db.transaction(async (tx) => {
    const row = await insertPasskey(tx, {
      userId: user.id,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ?? [],
      name: input.name ?? 'Passkey',
      createdAt: ctx.now,
    });
    await auditSecurity(tx, { userId: user.id, role: user.role }, ctx, {
      action: 'auth.passkey_added',
      severity: 'medium',
      detail: { passkeyId: row.id },
    });
    return row;
  });
  return passkey;
}

/** Options for a passwordless sign-in with a discoverable credential. */
export async function passkeyLoginOptions(deps: Deps, ctx: PublicContext) {
  const rp = relyingParty(deps.config);
  const options = await (
    await webauthn()
  ).generateAuthenticationOptions({ rpID: rp.rpID, userVerification: 'required', timeout: CHALLENGE_TTL_MS });
  await deleteExpiredChallenges(deps.db, ctx.now);
  await insertChallenge(deps.db, {
    challenge: options.challenge,
    userId: null,
    purpose: 'login',
    expiresAt: new Date(ctx.now.getTime() + CHALLENGE_TTL_MS),
    now: ctx.now,
  });
  return options;
}

/**
 * Verifies a passkey assertion and signs the owner in. A user-verified passkey is possession plus
 * a PIN or biometric, so it satisfies the staff second factor by itself.
 */
export async function verifyPasskeyLogin(
  deps: Deps,
  ctx: PublicContext,
  input: { response: AuthenticationResponseJSON },
  options: { kind: 'api' | 'browser'; replacesSessionId?: string | null },
): Promise<SignedIn> {
  const { db, config } = deps;
  const challenge = challengeOf(input.response);
  if (!(await consumeChallenge(db, challenge, 'login', null, ctx.now))) throw ceremonyFailed();
  const passkey = await findPasskeyByCredentialId(db, input.response.id);
  const user = passkey ? await findUserById(db, passkey.userId) : undefined;
  const refuse = async (reason: string) => {
    await auditSecurity(db, user ? { userId: user.id, role: user.role } : {}, ctx, {
      action: 'auth.login',
      outcome: 'failure',
      detail: { method: 'passkey', reason },
    });
    return new AppError('invalid_credentials', 'This passkey is not registered here.');
  };
  if (!passkey || !user) throw await refuse('unknown_passkey');
  const rp = relyingParty(config);
  const verification = await (
    await webauthn()
  )
    .verifyAuthenticationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.counter,
        transports: passkey.transports,
      },
      requireUserVerification: true,
    })
    .catch(() => ({ verified: false as const, authenticationInfo: undefined }));
  if (!verification.verified || !verification.authenticationInfo) throw await refuse('assertion_failed');
  if (user.isDemo && !config.demoMode) throw await refuse('demo_account');
  if (user.disabledAt) {
    await auditSecurity(db, { userId: user.id, role: user.role }, ctx, {
      action: 'auth.login',
      outcome: 'denied',
      detail: { method: 'passkey', reason: 'account_disabled' },
    });
    throw new AppError('forbidden', 'This account has been disabled. Ask an administrator if you think this is a mistake.');
  }
  if (!user.emailVerifiedAt) throw new AppError('email_not_verified', 'Confirm your e-mail address first: open the link we sent you.');
  await recordPasskeyUse(db, passkey.id, verification.authenticationInfo.newCounter, ctx.now);
  return completeSignIn(deps, ctx, user, { kind: options.kind, method: 'passkey', replacesSessionId: options.replacesSessionId ?? null });
}

/** Removes a passkey with the password; staff must keep at least one factor. */
export async function removePasskey(deps: Deps, ctx: ServiceContext, input: { passkeyId: string; password: string }): Promise<void> {
  const { db } = deps;
  const user = await requireUser(db, ctx.actor.userId);
  const mine = await listPasskeys(db, user.id);
  if (!mine.some((p) => p.id === input.passkeyId)) throw notFound('The passkey');
  await assertCurrentPassword(deps, ctx, user, input.password, 'password');
  if (user.role !== 'patient' && !user.totpSecretSealed && mine.length === 1) {
    throw new AppError('unprocessable', 'Staff accounts keep a second factor: add another passkey or an authenticator app first.');
  }
  await db.transaction(async (tx) => {
    await deletePasskey(tx, user.id, input.passkeyId);
    await auditSecurity(tx, { userId: user.id, role: user.role }, ctx, {
      action: 'auth.passkey_removed',
      severity: 'medium',
      detail: { passkeyId: input.passkeyId },
    });
  });
}
