import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { sessions, users } from '../../platform/auth/auth.tables.js';
import { totpCodeAt } from '../../platform/auth/totp.js';
import { lastEmail, tokenFromText, uniqueEmail } from './identity-test-support.js';

describe('identity pages', () => {
  const t = useTestApp();

  it('sends people from / to sign in, or to their home', async () => {
    expect((await new PageSession(t).get('/')).headers.location).toBe('/login');
    const patient = await createAccount(t, { role: 'patient' });
    expect((await new PageSession(t, patient.cookie).get('/')).headers.location).toBe('/portal');
    const admin = await createAccount(t, { role: 'admin' });
    expect((await new PageSession(t, admin.cookie).get('/')).headers.location).toBe('/admin/staff');
    const nurse = await createAccount(t, { role: 'nurse' });
    expect((await new PageSession(t, nurse.cookie).get('/')).headers.location).toBe('/staff');
  });

  it('shows a wrong password beside the form, then signs a patient in with a new session cookie', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const page = new PageSession(t);
    const form = await page.get('/login');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="password"');
    expect(form.body).toContain('/assets/identity/passkey.js');
    const wrong = await page.post('/login', { email: patient.email, password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('alert--danger');
    expect(wrong.body).toContain('The e-mail address or password is not right.');
    const ok = await page.post('/login?next=/portal/profile', { email: patient.email, password: patient.password });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/portal/profile');
    expect(page.cookie('cw_session')).toBeDefined();
    const external = await new PageSession(t).post('/login?next=//evil.example', { email: patient.email, password: patient.password });
    expect(external.headers.location).toBe('/portal');
  });

  it('never follows a hostile next= after a real sign-in (tab, newline, backslash, encoded slashes)', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    for (const next of ['/%09/evil.example/', '/%0A/evil.example', '/%5Cevil.example', '/%252F%252Fevil.example', 'https:evil.example']) {
      const page = new PageSession(t);
      const form = await page.get(`/login?next=${next}`);
      expect(form.statusCode).toBe(200);
      expect(form.body).not.toContain('evil.example');
      const res = await page.post(`/login?next=${next}`, { email: patient.email, password: patient.password });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/portal');
      // Already signed in: GET /login redirects too, and still only home.
      const again = await page.get(`/login?next=${next}`);
      expect(again.headers.location).toBe('/portal');
    }
  });

  it('takes staff through /login/otp and rotates the half-finished session', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const page = new PageSession(t);
    const first = await page.post('/login', { email: doctor.email, password: doctor.password });
    expect(first.headers.location).toBe('/login/otp');
    const pendingToken = page.cookie('cw_session');
    expect((await page.get('/account')).headers.location).toBe('/login?next=%2Faccount');
    const otpPage = await page.get('/login/otp');
    expect(otpPage.statusCode).toBe(200);
    const bad = await page.post('/login/otp', { otp: '000000' });
    expect(bad.statusCode).toBe(401);
    expect(bad.body).toContain('field-error');
    const good = await page.post('/login/otp', { otp: doctor.otp() });
    expect(good.statusCode).toBe(303);
    expect(good.headers.location).toBe('/staff');
    expect(page.cookie('cw_session')).not.toBe(pendingToken);
    const pending = await t.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, doctor.userId), eq(sessions.kind, 'mfa_pending')));
    expect(pending.every((s) => s.revokedAt)).toBe(true);
    expect((await page.get('/account')).statusCode).toBe(200);
  });

  it('enrols a staff member without a factor on /mfa/enroll and shows the recovery codes once', async () => {
    const clerk = await createAccount(t, { role: 'billing', mfa: false });
    const page = new PageSession(t);
    const first = await page.post('/login', { email: clerk.email, password: clerk.password });
    expect(first.headers.location).toBe('/mfa/enroll');
    expect((await page.get('/account')).statusCode).toBe(403);
    expect((await page.get('/mfa/enroll')).statusCode).toBe(200);
    expect((await page.post('/mfa/enroll/start', {})).headers.location).toBe('/mfa/enroll');
    const shown = await page.get('/mfa/enroll');
    expect(shown.body).toContain('src="data:image/png;base64,');
    const secret = /<code class="secret">([A-Z2-7]+)<\/code>/.exec(shown.body)![1]!;
    const done = await page.post('/mfa/enroll/confirm', { code: totpCodeAt(secret, t.clock.now()) });
    expect(done.statusCode).toBe(200);
    expect(done.body.match(/<li>[A-Z0-9]{5}-[A-Z0-9]{5}<\/li>/g)).toHaveLength(10);
    expect((await page.get('/account')).statusCode).toBe(200);
    const [user] = await t.db.select().from(users).where(eq(users.id, clerk.userId));
    expect(user!.totpSecretSealed).not.toBeNull();
  });

  it('re-renders the register form with the missing field marked, and registers a complete one', async () => {
    const page = new PageSession(t);
    expect((await page.get('/register')).statusCode).toBe(200);
    const email = uniqueEmail('form');
    const missing = await page.post('/register', {
      email,
      password: 'violet lantern orbit',
      givenName: 'Lina',
      birthDate: '1985-03-03',
      acceptedPrivacyNotice: 'true',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('id="f-familyName-error"');
    expect(missing.body).toContain('value="Lina"');
    expect(await t.db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
    const done = await page.post('/register', {
      email,
      password: 'violet lantern orbit',
      givenName: 'Lina',
      familyName: 'Saad',
      birthDate: '1985-03-03',
      acceptedPrivacyNotice: 'true',
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/register/check-email');

    const token = tokenFromText((await lastEmail(t, email, 'identity.verify_email'))!.text);
    const view = await page.get(`/verify-email?token=${encodeURIComponent(token)}`);
    expect(view.statusCode).toBe(200);
    const [still] = await t.db.select().from(users).where(eq(users.email, email));
    expect(still!.emailVerifiedAt).toBeNull();
    expect((await page.post('/verify-email', { token })).statusCode).toBe(200);
    const [verified] = await t.db.select().from(users).where(eq(users.email, email));
    expect(verified!.emailVerifiedAt).not.toBeNull();
    expect((await page.post('/verify-email', { token })).statusCode).toBe(410);
  });

  it('refuses a form posted without its CSRF token', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const page = new PageSession(t, patient.cookie);
    const res = await page.post(
      '/account/password',
      { currentPassword: patient.password, newPassword: 'quiet river morning' },
      { csrf: null },
    );
    expect(res.statusCode).toBe(403);
    const [user] = await t.db.select().from(users).where(eq(users.id, patient.userId));
    expect(await import('../../platform/auth/passwords.js').then((m) => m.verifyPassword(user!.passwordHash, patient.password))).toBe(true);
    expect((await new PageSession(t).post('/login', { email: patient.email, password: patient.password }, { csrf: null })).statusCode).toBe(
      403,
    );
  });

  it('shows the account and lets a person sign out another device', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const page = new PageSession(t, patient.cookie);
    const account = await page.get('/account');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain(patient.email);
    const list = await page.get('/account/sessions');
    expect(list.statusCode).toBe(200);
    const [apiSession] = await t.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, patient.userId), eq(sessions.kind, 'api')));
    expect(list.body).toContain(`/account/sessions/${apiSession!.id}/revoke`);
    const revoked = await page.post(`/account/sessions/${apiSession!.id}/revoke`, {});
    expect(revoked.headers.location).toBe('/account/sessions?done=revoked');
    expect((await api(t, 'GET', '/api/v1/me', { token: patient.token })).statusCode).toBe(401);

    const wrong = await page.post('/account/password', { currentPassword: 'not it at all', newPassword: 'quiet river morning' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('id="f-currentPassword-error"');

    const out = await page.post('/logout', {});
    expect(out.headers.location).toBe('/login');
    const live = await t.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, patient.userId), isNull(sessions.revokedAt)));
    expect(live).toHaveLength(0);
  });

  it('serves the passkey scripts and the privacy notice', async () => {
    const lib = await api(t, 'GET', '/assets/identity/webauthn.js');
    expect(lib.statusCode).toBe(200);
    expect(lib.body).toContain('SimpleWebAuthnBrowser');
    expect((await api(t, 'GET', '/assets/identity/passkey.js')).body).toContain('startAuthentication');
    expect((await api(t, 'GET', '/assets/identity/other.js')).statusCode).toBe(404);
    expect((await new PageSession(t).get('/privacy')).statusCode).toBe(200);
    const openapi = await api(t, 'GET', '/api/openapi.json');
    expect(openapi.statusCode).toBe(200);
    expect(Object.keys(openapi.json().paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/token', '/api/v1/me', '/api/v1/auth/passkeys/login/verify']),
    );
  });
});
