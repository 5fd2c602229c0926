import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { multipartBody } from '../../../test/helpers/uploads.js';
import { documents, carePlans } from '../../modules/records/index.js';
import { authThrottles, users } from '../auth/auth.tables.js';
import { auditEvents } from '../audit/audit.tables.js';
import { storedFiles } from '../files/files.tables.js';
import { outbox } from '../outbox/outbox.tables.js';
import { controlCharacterErrors, findControlCharacters, MAX_VALUES_CHECKED } from './control-characters.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'carewell-control-'));
const rows = async (
  t: TestApp,
  table: typeof users | typeof outbox | typeof auditEvents | typeof authThrottles | typeof documents | typeof storedFiles,
) => (await t.db.select({ n: count() }).from(table))[0]!.n;
const withoutInstance = (body: Record<string, unknown>) => ({ ...body, instance: undefined });

describe('control characters in input', () => {
  const t = useTestApp({ env: { DATA_DIR: dataDir } });
  let doctor: TestAccount;
  let patient: TestAccount;
  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor' });
    patient = await createAccount(t, { role: 'patient' });
    await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('answers registration with a NUL byte identically for a registered and a new address, writing nothing', async () => {
    const before = { users: await rows(t, users), outbox: await rows(t, outbox) };
    const body = (email: string) => ({
      email,
      password: 'violet lantern orbit',
      givenName: 'Am\u0000ira',
      familyName: 'Haddad',
      birthDate: '1990-02-14',
      acceptedPrivacyNotice: true,
    });
    const registered = await api(t, 'POST', '/api/v1/auth/register', { body: body(patient.email) });
    const fresh = await api(t, 'POST', '/api/v1/auth/register', { body: body('nobody.control@example.test') });
    expect(registered.statusCode).toBe(400);
    expect(fresh.statusCode).toBe(400);
    expect(registered.headers['content-type']).toBe(fresh.headers['content-type']);
    expect(withoutInstance(registered.json())).toEqual(withoutInstance(fresh.json()));
    expect(fresh.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'givenName' }] });
    expect({ users: await rows(t, users), outbox: await rows(t, outbox) }).toEqual(before);
  });

  it('names the path of a control character inside an array of a JSON body and leaves the record unchanged', async () => {
    const created = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/care-plans`, {
      token: doctor.token,
      body: { title: 'Plan CC' },
    });
    expect(created.statusCode).toBe(201);
    const planId = created.json().id as string;
    const res = await api(t, 'PATCH', `/api/v1/care-plans/${planId}`, {
      token: doctor.token,
      headers: { 'if-match': created.headers.etag as string },
      body: { considerations: ['Lives alone', 'Stairs\u0007 at home', 'Fine\twith tabs\nand lines\r'] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'considerations.1' }] });
    expect(res.json().errors).toHaveLength(1);
    const [plan] = await t.db.select().from(carePlans).where(eq(carePlans.id, planId));
    expect(plan).toMatchObject({ considerations: [], version: 1 });
  });

  it('refuses a NUL byte in a query parameter', async () => {
    const clerk = await createAccount(t, { role: 'receptionist' });
    const res = await api(t, 'GET', '/api/v1/patients?query=Ana%00', { token: clerk.token });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'query' }] });
  });

  it('shows the normal error page for a page form and records no sign-in attempt', async () => {
    const before = { audit: await rows(t, auditEvents), throttles: await rows(t, authThrottles) };
    const page = new PageSession(t);
    const res = await page.post('/login', { email: `${patient.email}\u0000`, password: patient.password });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Some fields contain invisible control characters');
    expect(page.cookie('cw_session')).toBeUndefined();
    expect({ audit: await rows(t, auditEvents), throttles: await rows(t, authThrottles) }).toEqual(before);
  });

  it('refuses a control character in a route parameter', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/assets/identity/passkey%01.js', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'name' }] });
  });

  it('refuses a control character in a multipart upload field before a byte is stored', async () => {
    const before = { documents: await rows(t, documents), files: await rows(t, storedFiles) };
    const { payload, contentType } = multipartBody([
      { name: 'category', value: 'lab_report' },
      { name: 'title', value: 'Blood\u0000test' },
      { name: 'file', data: Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1'), filename: 'a.pdf', contentType: 'application/pdf' },
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${patient.patientId}/documents`,
      headers: { authorization: `Bearer ${patient.token}`, 'content-type': contentType },
      payload,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'title' }] });
    expect({ documents: await rows(t, documents), files: await rows(t, storedFiles) }).toEqual(before);
  });
});

describe('findControlCharacters', () => {
  it('allows tab, line feed and carriage return, and names keys and nested paths', () => {
    expect(findControlCharacters({ a: 'x\ty\nz\r' })).toEqual([]);
    const found = findControlCharacters({ a: [{ b: 'ok' }, { b: 'x\u001fy' }], ['k\u0000']: 'v' }, ['body']);
    expect(found).not.toBe('too_many_values');
    expect((found as { path: string }[]).map((e) => e.path).sort()).toEqual(['body.(key)', 'body.a.1.b']);
  });

  it('checks route params, the query string and the body together', () => {
    const found = controlCharacterErrors({ params: { code: 'E11\u0000' }, query: { q: ['a', 'b\u001b'] }, body: { note: 'fine' } });
    expect(found).toEqual([
      { path: 'code', message: expect.any(String) },
      { path: 'q.1', message: expect.any(String) },
    ]);
  });

  it('stops after a bounded number of values, and handles depth without recursion', () => {
    expect(findControlCharacters(Array.from({ length: MAX_VALUES_CHECKED + 1 }, () => 'a'))).toBe('too_many_values');
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 50_000; i += 1) deep = [deep];
    expect(findControlCharacters(deep)).toEqual([{ path: `${'0.'.repeat(50_000)}`.slice(0, -1), message: expect.any(String) }]);
  });
});
