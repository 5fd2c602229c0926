import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/platform/auth/totp.js';
import { outbox } from '../../src/platform/outbox/outbox.tables.js';
import { api, useTestApp } from '../helpers/app.js';
import { createAccount } from '../helpers/actors.js';

/**
 * Issue 2's journey through the JSON API with bearer tokens only: the same steps the browser
 * journey (e2e/foundation.spec.ts) takes through the pages.
 */
describe('foundation journey through the API', () => {
  const t = useTestApp();

  async function tokenFromOutbox(recipient: string, path: string): Promise<string> {
    const [message] = await t.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.recipient, recipient)))
      .orderBy(desc(outbox.createdAt))
      .limit(1);
    const match = new RegExp(`${path}\\?token=([\\w%-]+)`).exec(message!.text);
    expect(match, `a ${path} link in the e-mail to ${recipient}`).not.toBeNull();
    return decodeURIComponent(match![1]!);
  }

  it('registers a patient, fills in the profile, invites a doctor who enrols TOTP and reaches the record only through the care team', async () => {
    // A patient registers and verifies the e-mail.
    const email = 'layla.nasser@example.org';
    const register = await api(t, 'POST', '/api/v1/auth/register', {
      body: {
        email,
        password: 'a quiet river at dawn',
        givenName: 'Layla',
        familyName: 'Nasser',
        birthDate: '1987-05-09',
        preferredLanguage: 'ar',
        acceptedPrivacyNotice: true,
      },
    });
    expect(register.statusCode).toBe(202);
    expect(register.json()).toEqual({ status: 'pending_verification' });
    const unverified = await api(t, 'POST', '/api/v1/auth/token', { body: { email, password: 'a quiet river at dawn' } });
    expect(unverified.json().code).toBe('email_not_verified');
    expect(
      (await api(t, 'POST', '/api/v1/auth/verify-email', { body: { token: await tokenFromOutbox(email, '/verify-email') } })).statusCode,
    ).toBe(200);

    const signIn = await api(t, 'POST', '/api/v1/auth/token', { body: { email, password: 'a quiet river at dawn' } });
    expect(signIn.statusCode).toBe(201);
    const patientToken = signIn.json().token as string;
    const patientId = signIn.json().user.patientId as string;
    expect(signIn.json().user).toMatchObject({ email, role: 'patient', locale: 'ar', staffId: null });

    // The profile: contact details with optimistic concurrency, an allergy, insurance, an emergency contact.
    const profile = await api(t, 'GET', `/api/v1/patients/${patientId}`, { token: patientToken });
    expect(profile.json()).toMatchObject({ allergyStatus: 'not_recorded', mrn: expect.any(String) });
    const patched = await api(t, 'PATCH', `/api/v1/patients/${patientId}`, {
      token: patientToken,
      body: { phone: '+1 555 0198' },
      headers: { 'if-match': profile.headers.etag as string },
    });
    expect(patched.statusCode).toBe(200);
    const stale = await api(t, 'PATCH', `/api/v1/patients/${patientId}`, {
      token: patientToken,
      body: { phone: '+1 555 0197' },
      headers: { 'if-match': profile.headers.etag as string },
    });
    expect(stale.statusCode).toBe(412);
    expect(
      (
        await api(t, 'POST', `/api/v1/patients/${patientId}/allergies`, {
          token: patientToken,
          body: { substance: 'penicillin', reaction: 'Rash', severity: 'moderate' },
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await api(t, 'POST', `/api/v1/patients/${patientId}/insurance-policies`, {
          token: patientToken,
          body: { payer: 'Northwind Health', memberNumber: 'NW-77120' },
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await api(t, 'POST', `/api/v1/patients/${patientId}/emergency-contacts`, {
          token: patientToken,
          body: { name: 'Omar Nasser', relationship: 'Brother', phone: '+1 555 0199' },
        })
      ).statusCode,
    ).toBe(201);
    const filled = await api(t, 'GET', `/api/v1/patients/${patientId}`, { token: patientToken });
    expect(filled.json()).toMatchObject({ allergyStatus: 'has_allergies', phone: '+1 555 0198' });

    // An administrator invites a doctor; the doctor accepts and must enrol a second factor.
    const admin = await createAccount(t, { role: 'admin' });
    const doctorEmail = 'nadia.karam@carewell.test';
    const invite = await api(t, 'POST', '/api/v1/admin/staff', {
      token: admin.token,
      body: { email: doctorEmail, role: 'doctor', givenName: 'Nadia', familyName: 'Karam' },
    });
    expect(invite.statusCode).toBe(201);
    const accept = await api(t, 'POST', '/api/v1/auth/invitations/accept', {
      body: { token: await tokenFromOutbox(doctorEmail, '/invitations/accept'), password: 'stethoscope lantern 42' },
    });
    expect(accept.statusCode).toBe(200);
    const mustEnrol = await api(t, 'POST', '/api/v1/auth/token', { body: { email: doctorEmail, password: 'stethoscope lantern 42' } });
    expect(mustEnrol.statusCode).toBe(403);
    expect(mustEnrol.json().code).toBe('mfa_enrollment_required');
    const enrollmentToken = mustEnrol.json().enrollmentToken as string;
    expect((await api(t, 'GET', `/api/v1/patients/${patientId}`, { token: enrollmentToken })).json().code).toBe('mfa_enrollment_required');
    const totp = await api(t, 'POST', '/api/v1/auth/mfa/totp', { token: enrollmentToken, body: {} });
    expect(totp.statusCode).toBe(201);
    const secret = totp.json().secret as string;
    const confirm = await api(t, 'POST', '/api/v1/auth/mfa/totp/confirm', {
      token: enrollmentToken,
      body: { code: totpCodeAt(secret, t.clock.now()) },
    });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json().recoveryCodes).toHaveLength(10);
    t.clock.advance(30_000); // the confirming code's window is used up
    const doctorSignIn = await api(t, 'POST', '/api/v1/auth/token', {
      body: { email: doctorEmail, password: 'stethoscope lantern 42', otp: totpCodeAt(secret, t.clock.now()) },
    });
    expect(doctorSignIn.statusCode).toBe(201);
    const doctorToken = doctorSignIn.json().token as string;
    const doctorStaffId = doctorSignIn.json().user.staffId as string;

    // Not on the care team: the clinical record is not there for this doctor.
    expect((await api(t, 'GET', `/api/v1/patients/${patientId}`, { token: doctorToken })).statusCode).toBe(404);
    expect((await api(t, 'GET', `/api/v1/patients/${patientId}/allergies`, { token: doctorToken })).statusCode).toBe(404);

    // Added to the care team, the doctor reads it.
    const member = await api(t, 'POST', `/api/v1/patients/${patientId}/care-team`, {
      token: admin.token,
      body: { staffId: doctorStaffId },
    });
    expect(member.statusCode).toBe(201);
    const record = await api(t, 'GET', `/api/v1/patients/${patientId}`, { token: doctorToken });
    expect(record.statusCode).toBe(200);
    expect(record.json().allergyStatus).toBe('has_allergies');
    const allergies = await api(t, 'GET', `/api/v1/patients/${patientId}/allergies`, { token: doctorToken });
    expect(allergies.json().items.map((a: { substance: string }) => a.substance)).toEqual(['penicillin']);

    // The patient sees that the doctor looked.
    const log = await api(t, 'GET', `/api/v1/patients/${patientId}/access-log`, { token: patientToken });
    expect(log.statusCode).toBe(200);
    expect(JSON.stringify(log.json())).toContain('Karam');
  });
});
