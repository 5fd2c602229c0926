import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord } from '../../../test/helpers/actors.js';
import { oneTimeTokens, sessions, users } from '../../platform/auth/auth.tables.js';
import { issueOneTimeToken } from '../../platform/auth/one-time-tokens.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { outbox } from '../../platform/outbox/outbox.tables.js';
import { patients, issuePatientLinkCode } from '../patients/index.js';
import { lastEmail, tokenFromText, uniqueEmail } from './identity-test-support.js';

const PASSWORD = 'violet lantern orbit';

function registration(email: string, extra: Record<string, unknown> = {}) {
  return {
    email,
    password: PASSWORD,
    givenName: 'Amira',
    familyName: 'Haddad',
    birthDate: '1990-02-14',
    acceptedPrivacyNotice: true,
    ...extra,
  };
}

describe('patient sign-up', () => {
  const t = useTestApp();

  it('registers, sends a verification link with no clinical detail, verifies once, then signs in', async () => {
    const email = uniqueEmail('amira');
    const res = await api(t, 'POST', '/api/v1/auth/register', { body: registration(email, { preferredLanguage: 'fr' }) });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'pending_verification' });

    const [user] = await t.db.select().from(users).where(eq(users.email, email));
    expect(user).toMatchObject({ role: 'patient', emailVerifiedAt: null, privacyNoticeVersion: expect.any(String), locale: 'fr' });
    expect(user!.privacyNoticeAcceptedAt).toEqual(t.clock.now());
    const [patient] = await t.db.select().from(patients).where(eq(patients.userId, user!.id));
    expect(patient).toMatchObject({ givenName: 'Amira', birthDate: '1990-02-14' });
    expect(patient!.mrn).toMatch(/^\d+$/);

    const mail = await lastEmail(t, email, 'identity.verify_email');
    expect(mail!.text).toContain(`${t.config.publicUrl}/verify-email?token=`);
    expect(mail!.text).not.toContain('Amira');
    expect(mail!.text).not.toContain(patient!.mrn);
    expect(mail!.text).not.toContain('1990');

    const before = await api(t, 'POST', '/api/v1/auth/token', { body: { email, password: PASSWORD } });
    expect(before.statusCode).toBe(403);
    expect(before.json().code).toBe('email_not_verified');

    const token = tokenFromText(mail!.text);
    const verified = await api(t, 'POST', '/api/v1/auth/verify-email', { body: { token } });
    expect(verified.statusCode).toBe(200);
    const again = await api(t, 'POST', '/api/v1/auth/verify-email', { body: { token } });
    expect(again.statusCode).toBe(410);
    expect(again.json().code).toBe('token_expired');

    const signIn = await api(t, 'POST', '/api/v1/auth/token', { body: { email, password: PASSWORD } });
    expect(signIn.statusCode).toBe(201);
    const body = signIn.json();
    expect(body.user).toEqual({
      id: user!.id,
      email,
      name: 'Amira Haddad',
      role: 'patient',
      flags: { nurseLead: false, privacyOfficer: false },
      locale: 'fr',
      timeZone: 'UTC',
      mfaEnrolled: false,
      patientId: patient!.id,
      staffId: null,
    });
    const me = await api(t, 'GET', '/api/v1/me', { token: body.token });
    expect(me.json()).toEqual(body.user);
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, user!.id));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['auth.register', 'auth.email_verified', 'auth.login']));
    expect(JSON.stringify(audits.map((a) => a.detail))).not.toContain(email);
  });

  it('answers identically for an address that already has an account and e-mails its owner instead', async () => {
    const owner = await createAccount(t, { role: 'patient' });
    const fresh = await api(t, 'POST', '/api/v1/auth/register', { body: registration(uniqueEmail()) });
    const existing = await api(t, 'POST', '/api/v1/auth/register', { body: registration(owner.email) });
    expect(existing.statusCode).toBe(fresh.statusCode);
    expect(existing.body).toBe(fresh.body);
    const count = await t.db.select().from(users).where(eq(users.email, owner.email));
    expect(count).toHaveLength(1);
    expect(await lastEmail(t, owner.email, 'identity.verify_email')).toBeUndefined();
    const notice = await lastEmail(t, owner.email, 'identity.register_existing');
    expect(notice!.text).toContain('/password-reset');
  });

  it('rejects a weak password, a missing privacy acceptance and unknown fields', async () => {
    const weak = await api(t, 'POST', '/api/v1/auth/register', { body: registration(uniqueEmail(), { password: 'password' }) });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].path).toBe('password');
    const noPrivacy = await api(t, 'POST', '/api/v1/auth/register', {
      body: registration(uniqueEmail(), { acceptedPrivacyNotice: false }),
    });
    expect(noPrivacy.statusCode).toBe(400);
    expect(noPrivacy.json().errors[0].path).toBe('acceptedPrivacyNotice');
    const extra = await api(t, 'POST', '/api/v1/auth/register', { body: registration(uniqueEmail(), { role: 'admin' }) });
    expect(extra.statusCode).toBe(400);
  });

  it('claims the front-desk record with a link code and the right birth date, not with a wrong one', async () => {
    const record = await createPatientRecord(t, { birthDate: '1968-07-01' });
    const code = await issuePatientLinkCode(t.db, record.id, t.clock.now());

    const wrongEmail = uniqueEmail();
    const wrong = await api(t, 'POST', '/api/v1/auth/register', {
      body: registration(wrongEmail, { linkCode: code, birthDate: '1968-07-02' }),
    });
    expect(wrong.statusCode).toBe(422);
    expect(await t.db.select().from(users).where(eq(users.email, wrongEmail))).toHaveLength(0);
    const [untouched] = await t.db.select().from(patients).where(eq(patients.id, record.id));
    expect(untouched!.userId).toBeNull();

    const email = uniqueEmail();
    const ok = await api(t, 'POST', '/api/v1/auth/register', {
      body: registration(email, { linkCode: code.toLowerCase(), birthDate: '1968-07-01' }),
    });
    expect(ok.statusCode).toBe(202);
    const [user] = await t.db.select().from(users).where(eq(users.email, email));
    const [claimed] = await t.db.select().from(patients).where(eq(patients.id, record.id));
    expect(claimed!.userId).toBe(user!.id);
    expect(await t.db.select().from(patients).where(eq(patients.userId, user!.id))).toHaveLength(1);
  });

  it('resets a password: link replaces older ones, every session ends, the link works once', async () => {
    const account = await createAccount(t, { role: 'patient' });
    const unknown = await api(t, 'POST', '/api/v1/auth/password-reset', { body: { email: uniqueEmail('nobody') } });
    const first = await api(t, 'POST', '/api/v1/auth/password-reset', { body: { email: account.email } });
    expect(first.statusCode).toBe(202);
    expect(first.body).toBe(unknown.body);
    const oldToken = tokenFromText((await lastEmail(t, account.email, 'identity.password_reset'))!.text);
    t.clock.advance(1000);
    await api(t, 'POST', '/api/v1/auth/password-reset', { body: { email: account.email } });
    const newToken = tokenFromText((await lastEmail(t, account.email, 'identity.password_reset'))!.text);
    expect(newToken).not.toBe(oldToken);

    const stale = await api(t, 'POST', '/api/v1/auth/password-reset/confirm', {
      body: { token: oldToken, password: 'a brand new secret' },
    });
    expect(stale.statusCode).toBe(410);
    const weak = await api(t, 'POST', '/api/v1/auth/password-reset/confirm', { body: { token: newToken, password: 'short' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].path).toBe('password');

    const done = await api(t, 'POST', '/api/v1/auth/password-reset/confirm', { body: { token: newToken, password: 'a brand new secret' } });
    expect(done.statusCode).toBe(200);
    const live = (await t.db.select().from(sessions).where(eq(sessions.userId, account.userId))).filter((s) => !s.revokedAt);
    expect(live).toHaveLength(0);
    expect((await api(t, 'GET', '/api/v1/me', { token: account.token })).statusCode).toBe(401);
    const reused = await api(t, 'POST', '/api/v1/auth/password-reset/confirm', {
      body: { token: newToken, password: 'another new secret' },
    });
    expect(reused.statusCode).toBe(410);
    expect(reused.json().code).toBe('token_expired');
    expect(
      (await api(t, 'POST', '/api/v1/auth/token', { body: { email: account.email, password: 'a brand new secret' } })).statusCode,
    ).toBe(201);
  });

  it('expires a reset link after an hour', async () => {
    const account = await createAccount(t, { role: 'patient' });
    await api(t, 'POST', '/api/v1/auth/password-reset', { body: { email: account.email } });
    const token = tokenFromText((await lastEmail(t, account.email, 'identity.password_reset'))!.text);
    t.clock.advance(61 * 60_000);
    expect(
      (await api(t, 'POST', '/api/v1/auth/password-reset/confirm', { body: { token, password: 'a brand new secret' } })).statusCode,
    ).toBe(410);
  });

  it('accepts a staff invitation: sets the password, verifies the address, then asks for a factor', async () => {
    const email = uniqueEmail('nurse');
    const [user] = await t.db
      .insert(users)
      .values({ email, role: 'nurse', createdAt: t.clock.now(), updatedAt: t.clock.now() })
      .returning();
    const token = await issueOneTimeToken(t.db, {
      kind: 'invitation',
      userId: user!.id,
      payload: { userId: user!.id },
      now: t.clock.now(),
    });
    const res = await api(t, 'POST', '/api/v1/auth/invitations/accept', { body: { token, password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const [after] = await t.db.select().from(users).where(eq(users.id, user!.id));
    expect(after!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(after!.emailVerifiedAt).toEqual(t.clock.now());
    expect((await api(t, 'POST', '/api/v1/auth/invitations/accept', { body: { token, password: PASSWORD } })).statusCode).toBe(410);
    const signIn = await api(t, 'POST', '/api/v1/auth/token', { body: { email, password: PASSWORD } });
    expect(signIn.statusCode).toBe(403);
    expect(signIn.json().code).toBe('mfa_enrollment_required');
  });

  it('changes the e-mail address only after the new one is confirmed', async () => {
    const account = await createAccount(t, { role: 'patient' });
    const newEmail = uniqueEmail('moved');
    const wrong = await api(t, 'POST', '/api/v1/auth/email', {
      token: account.token,
      body: { currentPassword: 'not my password', newEmail },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe('currentPassword');
    const res = await api(t, 'POST', '/api/v1/auth/email', { token: account.token, body: { currentPassword: account.password, newEmail } });
    expect(res.statusCode).toBe(200);
    const [pending] = await t.db.select().from(users).where(eq(users.id, account.userId));
    expect(pending!.email).toBe(account.email);
    expect(await lastEmail(t, account.email, 'identity.email_change_notice')).toBeDefined();
    const token = tokenFromText((await lastEmail(t, newEmail, 'identity.email_change'))!.text);
    const confirm = await api(t, 'POST', '/api/v1/auth/email/confirm', { body: { token } });
    expect(confirm.statusCode).toBe(200);
    const [changed] = await t.db.select().from(users).where(eq(users.id, account.userId));
    expect(changed!.email).toBe(newEmail);
    const rows = await t.db.select().from(oneTimeTokens).where(eq(oneTimeTokens.userId, account.userId));
    expect(rows.every((r) => r.usedAt)).toBe(true);
    expect(await t.db.select().from(outbox).where(eq(outbox.recipient, newEmail))).toHaveLength(1);
  });
});
