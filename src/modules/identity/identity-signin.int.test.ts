import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createAccount } from '../../../test/helpers/actors.js';
import { authThrottles, recoveryCodes, sessions, users } from '../../platform/auth/auth.tables.js';
import { totpCodeAt } from '../../platform/auth/totp.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { throttleKey } from './services/throttle.service.js';
import { uniqueEmail } from './identity-test-support.js';

const MINUTE = 60_000;
const signIn = (t: TestApp, body: Record<string, unknown>) => api(t, 'POST', '/api/v1/auth/token', { body });

describe('sign-in outcomes', () => {
  const t = useTestApp();

  it('answers wrong password and unknown e-mail with the same 401 body', async () => {
    const account = await createAccount(t, { role: 'patient' });
    const wrong = await signIn(t, { email: account.email, password: 'not the password' });
    const unknown = await signIn(t, { email: uniqueEmail('ghost'), password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
    expect(wrong.json().code).toBe('invalid_credentials');
    const failures = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'auth.login'), eq(auditEvents.outcome, 'failure')));
    expect(failures.some((f) => f.actorUserId === null && JSON.stringify(f.detail) === '{"reason":"unknown_account"}')).toBe(true);
  });

  it('refuses unverified and disabled accounts after a right password', async () => {
    const unverified = await createAccount(t, { role: 'patient', verified: false });
    const res = await signIn(t, { email: unverified.email, password: unverified.password });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('email_not_verified');
    const disabled = await createAccount(t, { role: 'patient' });
    await t.db.update(users).set({ disabledAt: t.clock.now() }).where(eq(users.id, disabled.userId));
    const refused = await signIn(t, { email: disabled.email, password: disabled.password });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('forbidden');
  });

  it('asks enrolled accounts for a code, accepts it once, and refuses a reused one', async () => {
    const nurse = await createAccount(t, { role: 'nurse' });
    const missing = await signIn(t, { email: nurse.email, password: nurse.password });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().code).toBe('mfa_required');
    const code = nurse.otp();
    const ok = await signIn(t, { email: nurse.email, password: nurse.password, otp: code });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().user).toMatchObject({ role: 'nurse', mfaEnrolled: true, staffId: nurse.staffId, patientId: null });
    expect(ok.json().expiresAt).toBe(new Date(t.clock.now().getTime() + 12 * 60 * MINUTE).toISOString());
    const reused = await signIn(t, { email: nurse.email, password: nurse.password, otp: code });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().code).toBe('mfa_invalid');
    const wrong = await signIn(t, { email: nurse.email, password: nurse.password, otp: '000000' });
    expect(wrong.json().code).toBe('mfa_invalid');
  });

  it('enrols TOTP for a patient, gives recovery codes that each work once, and turns it off', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const start = await api(t, 'POST', '/api/v1/auth/mfa/totp', { token: patient.token });
    expect(start.statusCode).toBe(201);
    const { secret, otpauthUri } = start.json();
    expect(otpauthUri).toContain(`secret=${secret}`);
    const [pending] = await t.db.select().from(users).where(eq(users.id, patient.userId));
    expect(pending!.totpPendingSealed).not.toContain(secret);
    expect(pending!.totpSecretSealed).toBeNull();

    expect((await api(t, 'POST', '/api/v1/auth/mfa/totp/confirm', { token: patient.token, body: { code: '123456' } })).json().code).toBe(
      'mfa_invalid',
    );
    const confirm = await api(t, 'POST', '/api/v1/auth/mfa/totp/confirm', {
      token: patient.token,
      body: { code: totpCodeAt(secret, t.clock.now()) },
    });
    expect(confirm.statusCode).toBe(200);
    const codes: string[] = confirm.json().recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = await t.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, patient.userId));
    expect(stored).toHaveLength(10);
    expect(stored.map((s) => s.codeHash)).not.toContain(codes[0]);

    // The confirming code's time step is spent: the next sign-in needs the next code.
    const sameStep = await signIn(t, { email: patient.email, password: patient.password, otp: totpCodeAt(secret, t.clock.now()) });
    expect(sameStep.json().code).toBe('mfa_invalid');
    t.clock.advance(30_000);
    expect((await signIn(t, { email: patient.email, password: patient.password, otp: totpCodeAt(secret, t.clock.now()) })).statusCode).toBe(
      201,
    );

    const recovery = await signIn(t, { email: patient.email, password: patient.password, otp: codes[0]!.toLowerCase() });
    expect(recovery.statusCode).toBe(201);
    const again = await signIn(t, { email: patient.email, password: patient.password, otp: codes[0]! });
    expect(again.json().code).toBe('mfa_invalid');

    // Adding a factor when one exists needs the password.
    const restart = await api(t, 'POST', '/api/v1/auth/mfa/totp', { token: patient.token, body: {} });
    expect(restart.statusCode).toBe(400);
    expect(restart.json().errors[0].path).toBe('password');

    const off = await api(t, 'DELETE', '/api/v1/auth/mfa/totp', {
      token: patient.token,
      body: { password: patient.password, otp: codes[1]! },
    });
    expect(off.statusCode).toBe(204);
    const [after] = await t.db.select().from(users).where(eq(users.id, patient.userId));
    expect(after!.totpSecretSealed).toBeNull();
    expect(await t.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, patient.userId))).toHaveLength(0);
    expect((await signIn(t, { email: patient.email, password: patient.password })).statusCode).toBe(201);
  });

  it('keeps staff factors: staff cannot turn TOTP off', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const res = await api(t, 'DELETE', '/api/v1/auth/mfa/totp', {
      token: doctor.token,
      body: { password: doctor.password, otp: doctor.otp() },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
    const [row] = await t.db.select().from(users).where(eq(users.id, doctor.userId));
    expect(row!.totpSecretSealed).not.toBeNull();
  });

  it('sends staff without a factor to enrolment with a token that works only on the enrolment calls', async () => {
    const clerk = await createAccount(t, { role: 'receptionist', mfa: false });
    const res = await signIn(t, { email: clerk.email, password: clerk.password });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('mfa_enrollment_required');
    const enrollmentToken: string = res.json().enrollmentToken;
    const [session] = await t.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, clerk.userId), eq(sessions.kind, 'enrollment')));
    expect(session!.expiresAt.getTime() - t.clock.now().getTime()).toBe(10 * MINUTE);

    const me = await api(t, 'GET', '/api/v1/me', { token: enrollmentToken });
    expect(me.statusCode).toBe(403);
    expect(me.json().code).toBe('mfa_enrollment_required');
    expect((await api(t, 'GET', '/api/v1/auth/sessions', { token: enrollmentToken })).statusCode).toBe(403);

    const start = await api(t, 'POST', '/api/v1/auth/mfa/totp', { token: enrollmentToken });
    expect(start.statusCode).toBe(201);
    const passkeyOptions = await api(t, 'POST', '/api/v1/auth/passkeys/register/options', { token: enrollmentToken });
    expect(passkeyOptions.statusCode).toBe(200);
    expect(passkeyOptions.json()).toMatchObject({ rp: { id: 'localhost' }, challenge: expect.any(String) });
    const confirm = await api(t, 'POST', '/api/v1/auth/mfa/totp/confirm', {
      token: enrollmentToken,
      body: { code: totpCodeAt(start.json().secret, t.clock.now()) },
    });
    expect(confirm.statusCode).toBe(200);
    t.clock.advance(30_000);
    const after = await signIn(t, { email: clerk.email, password: clerk.password, otp: totpCodeAt(start.json().secret, t.clock.now()) });
    expect(after.statusCode).toBe(201);

    t.clock.advance(10 * MINUTE);
    expect((await api(t, 'POST', '/api/v1/auth/mfa/totp', { token: enrollmentToken })).statusCode).toBe(401);
  });

  it('ends staff sessions after 15 idle minutes, patient sessions after 30, and all after 12 hours', async () => {
    const nurse = await createAccount(t, { role: 'nurse' });
    const patient = await createAccount(t, { role: 'patient' });
    const patientLater = (await signIn(t, { email: patient.email, password: patient.password })).json().token;
    t.clock.advance(16 * MINUTE);
    expect((await api(t, 'GET', '/api/v1/me', { token: nurse.token })).statusCode).toBe(401);
    expect((await api(t, 'GET', '/api/v1/me', { token: patient.token })).statusCode).toBe(200);
    t.clock.advance(15 * MINUTE);
    expect((await api(t, 'GET', '/api/v1/me', { token: patientLater })).statusCode).toBe(401);

    const busy = (await signIn(t, { email: patient.email, password: patient.password })).json().token;
    for (let elapsed = 0; elapsed < 12 * 60 - 10; elapsed += 10) {
      t.clock.advance(10 * MINUTE);
      expect((await api(t, 'GET', '/api/v1/me', { token: busy })).statusCode).toBe(200);
    }
    t.clock.advance(10 * MINUTE);
    expect((await api(t, 'GET', '/api/v1/me', { token: busy })).statusCode).toBe(401);
  });

  it('locks an e-mail after five failures, for unknown addresses too, and a success resets it', async () => {
    const account = await createAccount(t, { role: 'patient' });
    for (const email of [account.email, uniqueEmail('nobody')]) {
      for (let i = 0; i < 5; i++) expect((await signIn(t, { email, password: 'wrong password' })).statusCode).toBe(401);
      const locked = await signIn(t, { email, password: 'wrong password' });
      expect(locked.statusCode).toBe(429);
      expect(locked.json().code).toBe('rate_limited');
      expect(locked.headers['retry-after']).toBe('30');
    }
    // Even the right password waits out the lock.
    expect((await signIn(t, { email: account.email, password: account.password })).statusCode).toBe(429);
    t.clock.advance(31_000);
    expect((await signIn(t, { email: account.email, password: 'wrong password' })).statusCode).toBe(401);
    const longer = await signIn(t, { email: account.email, password: account.password });
    expect(longer.statusCode).toBe(429);
    expect(longer.headers['retry-after']).toBe('60');
    t.clock.advance(61_000);
    expect((await signIn(t, { email: account.email, password: account.password })).statusCode).toBe(201);
    expect(
      await t.db
        .select()
        .from(authThrottles)
        .where(eq(authThrottles.key, throttleKey(account.email))),
    ).toHaveLength(0);
  });

  it('limits requests per IP address with a problem+json 429 and Retry-After', async () => {
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset',
        remoteAddress: '203.0.113.9',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ email: uniqueEmail() }),
      });
    for (let i = 0; i < 10; i++) expect((await send()).statusCode).toBe(202);
    const limited = await send();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json().code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('lists your own sessions, revokes one, and answers 404 for another person’s', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const other = await createAccount(t, { role: 'patient' });
    const list = await api(t, 'GET', '/api/v1/auth/sessions', { token: patient.token });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: string; current: boolean; device: string }[];
    expect(items).toHaveLength(2);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    expect(items[0]!.device).toBe('vitest');

    const otherSessions = await t.db.select().from(sessions).where(eq(sessions.userId, other.userId));
    const foreign = await api(t, 'DELETE', `/api/v1/auth/sessions/${otherSessions[0]!.id}`, { token: patient.token });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('not_found');
    expect(
      await t.db
        .select()
        .from(sessions)
        .where(and(eq(sessions.userId, other.userId), isNull(sessions.revokedAt))),
    ).toHaveLength(2);
    const denied = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'auth.session_revoked'), eq(auditEvents.outcome, 'denied')));
    expect(denied.some((d) => d.resourceId === otherSessions[0]!.id)).toBe(true);

    const browser = items.find((s) => !s.current)!;
    expect((await api(t, 'DELETE', `/api/v1/auth/sessions/${browser.id}`, { token: patient.token })).statusCode).toBe(204);
    const [revoked] = await t.db.select().from(sessions).where(eq(sessions.id, browser.id));
    expect(revoked!.revokedAt).not.toBeNull();

    expect((await api(t, 'DELETE', '/api/v1/auth/token', { token: patient.token })).statusCode).toBe(204);
    expect((await api(t, 'GET', '/api/v1/me', { token: patient.token })).statusCode).toBe(401);
  });

  it('changes the password with the current one and ends the other sessions', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const weak = await api(t, 'POST', '/api/v1/auth/password', {
      token: patient.token,
      body: { currentPassword: patient.password, newPassword: 'password' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].path).toBe('newPassword');
    const res = await api(t, 'POST', '/api/v1/auth/password', {
      token: patient.token,
      body: { currentPassword: patient.password, newPassword: 'quiet river morning' },
    });
    expect(res.statusCode).toBe(200);
    const live = await t.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, patient.userId), isNull(sessions.revokedAt)));
    expect(live).toHaveLength(1);
    expect((await api(t, 'GET', '/api/v1/me', { token: patient.token })).statusCode).toBe(200);
    expect((await signIn(t, { email: patient.email, password: 'quiet river morning' })).statusCode).toBe(201);
  });

  it('answers the passkey sign-in options and refuses an unknown credential', async () => {
    const options = await api(t, 'POST', '/api/v1/auth/passkeys/login/options');
    expect(options.statusCode).toBe(200);
    expect(options.json()).toMatchObject({ rpId: 'localhost', userVerification: 'required', challenge: expect.any(String) });
    const clientDataJSON = Buffer.from(
      JSON.stringify({ type: 'webauthn.get', challenge: options.json().challenge, origin: t.config.publicUrl }),
    ).toString('base64url');
    const verify = await api(t, 'POST', '/api/v1/auth/passkeys/login/verify', {
      body: {
        response: {
          id: 'AAAA',
          rawId: 'AAAA',
          type: 'public-key',
          response: { clientDataJSON, authenticatorData: 'AAAA', signature: 'AAAA' },
          clientExtensionResults: {},
        },
      },
    });
    expect(verify.statusCode).toBe(401);
    expect(verify.json().code).toBe('invalid_credentials');
    // The challenge was spent by that attempt.
    const replay = await api(t, 'POST', '/api/v1/auth/passkeys/login/verify', {
      body: {
        response: {
          id: 'AAAA',
          rawId: 'AAAA',
          type: 'public-key',
          response: { clientDataJSON, authenticatorData: 'AAAA', signature: 'AAAA' },
          clientExtensionResults: {},
        },
      },
    });
    expect(replay.statusCode).toBe(422);
  });
});

describe('demo accounts outside demo mode', () => {
  const t = useTestApp({ env: { DEMO_SEED: 'false' } });

  it('refuses them at sign-in like an unknown account', async () => {
    const demo = await createAccount(t, { role: 'patient' });
    await t.db.update(users).set({ isDemo: true }).where(eq(users.id, demo.userId));
    const res = await signIn(t, { email: demo.email, password: demo.password });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('invalid_credentials');
  });
});
