import { and, desc, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { oneTimeTokens, passkeys, recoveryCodes, sessions, users } from '../../platform/auth/auth.tables.js';
import { hashToken } from '../../platform/crypto.js';
import { outbox } from '../../platform/outbox/outbox.tables.js';
import { privacyReviewTasks } from '../patients/index.js';
import { departments, specialties, staffProfiles, staffSpecialties } from '../staff/index.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';

describe('admin: staff accounts', () => {
  const t = useTestApp();
  let admin: TestAccount;
  let doctor: TestAccount;
  let officer: TestAccount;
  let departmentId: string;
  let specialtyId: string;

  beforeAll(async () => {
    admin = await createAccount(t, { role: 'admin', givenName: 'Ada', familyName: 'Admin' });
    doctor = await createAccount(t, { role: 'doctor' });
    officer = await createAccount(t, { role: 'nurse', privacyOfficer: true });
    [{ id: departmentId }] = (await t.db
      .insert(departments)
      .values({ code: 'ER', name: 'Emergency', createdAt: t.clock.now() })
      .returning({ id: departments.id })) as [{ id: string }];
    [{ id: specialtyId }] = (await t.db
      .insert(specialties)
      .values({ code: 'TRAUMA', name: 'Trauma', departmentId, createdAt: t.clock.now() })
      .returning({ id: specialties.id })) as [{ id: string }];
  });

  const invite = (email: string, extra: Record<string, unknown> = {}) =>
    api(t, 'POST', '/api/v1/admin/staff', {
      token: admin.token,
      body: {
        email,
        role: 'nurse',
        givenName: 'Nina',
        familyName: 'Newman',
        departmentId,
        specialtyIds: [specialtyId],
        languages: ['en', 'ES'],
        title: 'RN',
        flags: { nurseLead: true },
        ...extra,
      },
    });

  const lastAudit = async (action: string) =>
    (await t.db.select().from(auditEvents).where(eq(auditEvents.action, action)).orderBy(desc(auditEvents.id)).limit(1))[0];

  it('invites: creates the account, profile, specialties, token and invitation e-mail together', async () => {
    const res = await invite('nina.newman@test.carewell');
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      email: 'nina.newman@test.carewell',
      role: 'nurse',
      name: 'Nina Newman',
      title: 'RN',
      status: 'invited',
      mfaEnrolled: false,
      flags: { nurseLead: true, privacyOfficer: false },
      department: { id: departmentId, name: 'Emergency' },
      specialties: [{ id: specialtyId, name: 'Trauma' }],
      languages: ['en', 'es'],
    });
    const [user] = await t.db.select().from(users).where(eq(users.id, body.userId));
    expect(user).toMatchObject({ passwordHash: null, emailVerifiedAt: null, role: 'nurse', nurseLead: true });
    const [profile] = await t.db.select().from(staffProfiles).where(eq(staffProfiles.userId, body.userId));
    expect(profile!.id).toBe(body.id);
    expect(await t.db.select().from(staffSpecialties).where(eq(staffSpecialties.staffId, body.id))).toHaveLength(1);
    const [message] = await t.db.select().from(outbox).where(eq(outbox.recipientUserId, body.userId));
    expect(message).toMatchObject({ template: 'admin.staff_invitation', recipient: 'nina.newman@test.carewell', channel: 'email' });
    const token = /\/invitations\/accept\?token=([\w-]+)/.exec(message!.text)?.[1];
    expect(message!.text).toContain(`${t.config.publicUrl}/invitations/accept?token=`);
    const [stored] = await t.db
      .select()
      .from(oneTimeTokens)
      .where(eq(oneTimeTokens.tokenHash, hashToken(token!)));
    expect(stored).toMatchObject({ kind: 'invitation', userId: body.userId, usedAt: null });
    expect(stored!.expiresAt.getTime() - t.clock.now().getTime()).toBe(72 * 3_600_000);
    const audit = await lastAudit('admin.staff.invite');
    expect(audit).toMatchObject({ actorUserId: admin.userId, resourceId: body.id, outcome: 'success' });
    expect(JSON.stringify(audit!.detail)).not.toContain('Nina');
  });

  it('refuses a duplicate e-mail with 409 and leaves no profile or message behind', async () => {
    const before = {
      outbox: (await t.db.select().from(outbox)).length,
      profiles: (await t.db.select().from(staffProfiles)).length,
      users: (await t.db.select().from(users)).length,
    };
    const res = await invite('NINA.newman@test.carewell', { givenName: 'Other' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('conflict');
    expect(res.json().detail).toMatch(/already exists/);
    expect((await t.db.select().from(outbox)).length).toBe(before.outbox);
    expect((await t.db.select().from(staffProfiles)).length).toBe(before.profiles);
    expect((await t.db.select().from(users)).length).toBe(before.users);
  });

  it('validates the invitation: staff roles only, unknown fields and references refused', async () => {
    const patientRole = await invite('p@test.carewell', { role: 'patient' });
    expect(patientRole.statusCode).toBe(400);
    expect(patientRole.json().errors[0].path).toBe('role');
    expect((await invite('x@test.carewell', { isAdmin: true })).statusCode).toBe(400);
    const unknownDepartment = await invite('y@test.carewell', { departmentId: '00000000-0000-4000-8000-000000000000' });
    expect(unknownDepartment.statusCode).toBe(404);
    expect(await t.db.select().from(users).where(eq(users.email, 'y@test.carewell'))).toEqual([]);
  });

  it('refuses every admin route to a non-administrator with 403', async () => {
    const staffId = doctor.staffId!;
    const id = '00000000-0000-4000-8000-000000000001';
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/v1/admin/staff'],
      ['POST', '/api/v1/admin/staff', { email: 'a@b.c', role: 'nurse', givenName: 'A', familyName: 'B' }],
      ['GET', `/api/v1/admin/staff/${staffId}`],
      ['PATCH', `/api/v1/admin/staff/${staffId}`, { role: 'admin' }],
      ['POST', `/api/v1/admin/staff/${staffId}/disable`],
      ['POST', `/api/v1/admin/staff/${staffId}/enable`],
      ['POST', `/api/v1/admin/staff/${staffId}/reset-mfa`],
      ['POST', `/api/v1/admin/staff/${staffId}/resend-invitation`],
      ['GET', '/api/v1/admin/audit'],
      ['POST', '/api/v1/admin/audit/verify'],
      ['GET', '/api/v1/admin/api-keys'],
      ['POST', '/api/v1/admin/api-keys', { name: 'x', scopes: ['patients:read'] }],
      ['GET', `/api/v1/admin/api-keys/${id}`],
      ['DELETE', `/api/v1/admin/api-keys/${id}`],
      ['GET', '/api/v1/admin/outbox'],
      ['POST', `/api/v1/admin/outbox/${id}/retry`],
    ];
    for (const [method, url, body] of calls) {
      const res = await api(t, method, url, { token: doctor.token, ...(body ? { body } : {}) });
      expect(`${method} ${url} ${res.statusCode} ${res.json().code}`).toBe(`${method} ${url} 403 forbidden`);
    }
    const [user] = await t.db.select().from(users).where(eq(users.id, doctor.userId));
    expect(user).toMatchObject({ role: 'doctor', disabledAt: null });
    const page = await new PageSession(t, doctor.cookie).get('/admin/staff');
    expect(page.statusCode).toBe(403);
  });

  it('changes role and flags with an audited before/after, ends their sessions and honours If-Match', async () => {
    const target = await createAccount(t, { role: 'nurse' });
    const current = await api(t, 'GET', `/api/v1/admin/staff/${target.staffId}`, { token: admin.token });
    expect(current.headers.etag).toBe('"1"');
    const stale = await api(t, 'PATCH', `/api/v1/admin/staff/${target.staffId}`, {
      token: admin.token,
      body: { role: 'doctor' },
      headers: { 'if-match': '"7"' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('version_mismatch');

    const res = await api(t, 'PATCH', `/api/v1/admin/staff/${target.staffId}`, {
      token: admin.token,
      body: { role: 'doctor', flags: { privacyOfficer: true }, languages: ['fr'], departmentId },
      headers: { 'if-match': '"1"' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toMatchObject({
      role: 'doctor',
      flags: { nurseLead: false, privacyOfficer: true },
      languages: ['fr'],
      department: { id: departmentId },
    });
    const [user] = await t.db.select().from(users).where(eq(users.id, target.userId));
    expect(user).toMatchObject({ role: 'doctor', privacyOfficer: true });
    const audit = await lastAudit('admin.staff.update');
    expect(audit).toMatchObject({ resourceId: target.staffId, severity: 'high', actorUserId: admin.userId });
    expect(audit!.detail).toMatchObject({
      permissionChange: true,
      before: { role: 'nurse', flags: { nurseLead: false, privacyOfficer: false } },
      after: { role: 'doctor', flags: { nurseLead: false, privacyOfficer: true } },
    });
    expect(
      await t.db
        .select()
        .from(sessions)
        .where(and(eq(sessions.userId, target.userId), isNull(sessions.revokedAt))),
    ).toEqual([]);
    expect((await api(t, 'GET', '/api/v1/staff', { token: target.token })).statusCode).toBe(401);
  });

  it('does not let an administrator remove their own admin role (422)', async () => {
    const res = await api(t, 'PATCH', `/api/v1/admin/staff/${admin.staffId}`, { token: admin.token, body: { role: 'doctor' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('unprocessable');
    const [user] = await t.db.select().from(users).where(eq(users.id, admin.userId));
    expect(user!.role).toBe('admin');
  });

  it('disables an account: sessions end at once and its token gets 401; enabling lets it back', async () => {
    const target = await createAccount(t, { role: 'receptionist' });
    expect((await api(t, 'GET', '/api/v1/staff', { token: target.token })).statusCode).toBe(200);
    const res = await api(t, 'POST', `/api/v1/admin/staff/${target.staffId}/disable`, { token: admin.token });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('disabled');
    const [user] = await t.db.select().from(users).where(eq(users.id, target.userId));
    expect(user!.disabledAt).toEqual(t.clock.now());
    expect(
      await t.db
        .select()
        .from(sessions)
        .where(and(eq(sessions.userId, target.userId), isNull(sessions.revokedAt))),
    ).toEqual([]);
    const after = await api(t, 'GET', '/api/v1/staff', { token: target.token });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('not_authenticated');
    expect(await lastAudit('admin.staff.disable')).toMatchObject({ resourceId: target.staffId, category: 'security' });

    const self = await api(t, 'POST', `/api/v1/admin/staff/${admin.staffId}/disable`, { token: admin.token });
    expect(self.statusCode).toBe(422);
    expect((await t.db.select().from(users).where(eq(users.id, admin.userId)))[0]!.disabledAt).toBeNull();

    const enabled = await api(t, 'POST', `/api/v1/admin/staff/${target.staffId}/enable`, { token: admin.token });
    expect(enabled.json().status).toBe('active');
    expect((await t.db.select().from(users).where(eq(users.id, target.userId)))[0]!.disabledAt).toBeNull();
  });

  it('resets a lost second factor: clears it, ends sessions, opens a review and e-mails the privacy officer', async () => {
    const target = await createAccount(t, { role: 'doctor' });
    await t.db.insert(recoveryCodes).values({ userId: target.userId, codeHash: 'x'.repeat(64), createdAt: t.clock.now() });
    await t.db
      .insert(passkeys)
      .values({ userId: target.userId, credentialId: `cred-${target.userId}`, publicKey: 'pk', createdAt: t.clock.now() });
    const res = await api(t, 'POST', `/api/v1/admin/staff/${target.staffId}/reset-mfa`, { token: admin.token });
    expect(res.statusCode).toBe(200);
    expect(res.json().mfaEnrolled).toBe(false);
    const [user] = await t.db.select().from(users).where(eq(users.id, target.userId));
    expect(user).toMatchObject({ totpSecretSealed: null, totpPendingSealed: null, totpLastStep: null });
    expect(await t.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, target.userId))).toEqual([]);
    expect(await t.db.select().from(passkeys).where(eq(passkeys.userId, target.userId))).toEqual([]);
    expect(
      await t.db
        .select()
        .from(sessions)
        .where(and(eq(sessions.userId, target.userId), isNull(sessions.revokedAt))),
    ).toEqual([]);
    const [task] = await t.db.select().from(privacyReviewTasks).where(eq(privacyReviewTasks.subjectUserId, target.userId));
    expect(task).toMatchObject({ kind: 'mfa_reset', status: 'open' });
    const toOfficer = await t.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.recipientUserId, officer.userId), eq(outbox.template, 'admin.privacy_review_waiting')));
    expect(toOfficer).toHaveLength(1);
    expect(toOfficer[0]!.text).toContain('/staff/privacy-reviews');
    const audit = await lastAudit('admin.staff.reset_mfa');
    expect(audit).toMatchObject({ severity: 'high', resourceId: target.staffId });
    expect(audit!.detail).toMatchObject({ reviewTaskId: task!.id, removed: { totp: true, passkeys: 1, recoveryCodes: 1 } });

    const self = await api(t, 'POST', `/api/v1/admin/staff/${admin.staffId}/reset-mfa`, { token: admin.token });
    expect(self.statusCode).toBe(422);
  });

  it('resends an invitation (old link dead) and refuses once accepted', async () => {
    const created = (await invite('resend.me@test.carewell')).json();
    const res = await api(t, 'POST', `/api/v1/admin/staff/${created.id}/resend-invitation`, { token: admin.token });
    expect(res.statusCode).toBe(200);
    const tokens = await t.db.select().from(oneTimeTokens).where(eq(oneTimeTokens.userId, created.userId));
    expect(tokens).toHaveLength(2);
    expect(tokens.filter((tk) => tk.usedAt === null)).toHaveLength(1);
    expect(await t.db.select().from(outbox).where(eq(outbox.recipientUserId, created.userId))).toHaveLength(2);
    const accepted = await api(t, 'POST', `/api/v1/admin/staff/${doctor.staffId}/resend-invitation`, { token: admin.token });
    expect(accepted.statusCode).toBe(409);
  });

  it('lists staff accounts with e-mail, status and second-factor state, filtered by status', async () => {
    const res = await api(t, 'GET', '/api/v1/admin/staff?status=invited&limit=100', { token: admin.token });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { email: string; status: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.status === 'invited')).toBe(true);
    expect(items.map((i) => i.email)).toContain('nina.newman@test.carewell');
  });

  it('renders the admin staff pages and invites through the HTML form', async () => {
    const page = new PageSession(t, admin.cookie);
    const list = await page.get('/admin/staff');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('nina.newman@test.carewell');
    const form = await page.get('/admin/staff/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="specialtyIds"');

    const invalid = await page.post('/admin/staff/new', { email: 'not-an-email', role: 'nurse', givenName: 'Hugo', familyName: 'Html' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('field--invalid');

    const res = await page.post('/admin/staff/new', {
      email: 'hugo.html@test.carewell',
      role: 'pharmacist',
      givenName: 'Hugo',
      familyName: 'Html',
      departmentId,
      specialtyIds: [specialtyId],
      languages: 'en, fr',
      privacyOfficer: 'true',
    });
    expect(res.statusCode).toBe(303);
    const [user] = await t.db.select().from(users).where(eq(users.email, 'hugo.html@test.carewell'));
    expect(user).toMatchObject({ role: 'pharmacist', privacyOfficer: true, nurseLead: false, passwordHash: null });
    const [profile] = await t.db.select().from(staffProfiles).where(eq(staffProfiles.userId, user!.id));
    expect(profile).toMatchObject({ givenName: 'Hugo', languages: ['en', 'fr'], departmentId });
    expect(res.headers.location).toBe(`/admin/staff/${profile!.id}?done=invited`);

    const detail = await page.get(res.headers.location as string);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('data-confirm=');
    expect(detail.body).toContain(`action="/admin/staff/${profile!.id}/disable"`);

    const duplicate = await page.post('/admin/staff/new', {
      email: 'hugo.html@test.carewell',
      role: 'nurse',
      givenName: 'H',
      familyName: 'H',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.body).toContain('already exists');

    const edit = await page.post(`/admin/staff/${profile!.id}`, {
      _version: '1',
      role: 'doctor',
      givenName: 'Hugo',
      familyName: 'Html',
      languages: 'es',
    });
    expect(edit.statusCode).toBe(303);
    const [edited] = await t.db.select().from(staffProfiles).where(eq(staffProfiles.id, profile!.id));
    expect(edited).toMatchObject({ languages: ['es'], departmentId: null, version: 2 });
    expect((await t.db.select().from(users).where(eq(users.id, user!.id)))[0]).toMatchObject({ role: 'doctor', privacyOfficer: false });

    const disable = await page.post(`/admin/staff/${profile!.id}/disable`, {});
    expect(disable.statusCode).toBe(303);
    expect((await t.db.select().from(users).where(eq(users.id, user!.id)))[0]!.disabledAt).not.toBeNull();
  });
});
