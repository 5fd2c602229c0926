import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiKeys } from '../../platform/auth/auth.tables.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { hashToken } from '../../platform/crypto.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { patients } from './patients.tables.js';

/**
 * An integration key with `patients:read` finds and reads patients at the registration tier only
 * (a key has no care team), every read is audited under the key, and nothing else opens to it.
 */
describe('patients: integration keys', () => {
  const t = useTestApp();
  let admin: TestAccount;
  let doctor: TestAccount;
  let patient: TestAccount;
  let key: string;
  let keyId: string;

  const keyAudits = () => t.db.select().from(auditEvents).where(eq(auditEvents.actorApiKeyId, keyId));

  beforeAll(async () => {
    admin = await createAccount(t, { role: 'admin' });
    doctor = await createAccount(t, { role: 'doctor' });
    patient = await createAccount(t, { role: 'patient', familyName: 'Quillfeather' });
    await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
    const allergy = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/allergies`, {
      token: doctor.token,
      body: { substance: 'Penicillin', severity: 'severe' },
    });
    expect(allergy.statusCode).toBe(201);
    const created = await api(t, 'POST', '/api/v1/admin/api-keys', {
      token: admin.token,
      body: { name: 'Registration sync', scopes: ['patients:read'] },
    });
    ({ key, id: keyId } = created.json());
  });

  it('reads a profile with registration fields only, audited with the key as the actor', async () => {
    const res = await api(t, 'GET', `/api/v1/patients/${patient.patientId}`, { token: key });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: patient.patientId,
      familyName: 'Quillfeather',
      access: 'registration',
      allergyStatus: null,
      healthStatus: null,
    });
    // The care team sees the same record's clinical field: the key's null is its tier, not missing data.
    expect((await api(t, 'GET', `/api/v1/patients/${patient.patientId}`, { token: doctor.token })).json()).toMatchObject({
      access: 'care_team',
      allergyStatus: 'has_allergies',
    });
    const audits = (await keyAudits()).filter((a) => a.action === 'patient.read');
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorUserId: null,
      actorRole: null,
      actorApiKeyId: keyId,
      patientId: patient.patientId,
      category: 'registration',
      outcome: 'success',
      detail: { tier: 'registration' },
    });
  });

  it('searches patients, audited under the key without the search term', async () => {
    const res = await api(t, 'GET', '/api/v1/patients?query=Quillfeather', { token: key });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((p: { id: string }) => p.id)).toEqual([patient.patientId]);
    const [audit] = (await keyAudits()).filter((a) => a.action === 'patient.search');
    expect(audit).toMatchObject({ actorApiKeyId: keyId, actorUserId: null, outcome: 'success', detail: { resultCount: 1 } });
    expect(JSON.stringify(audit)).not.toContain('Quillfeather');
  });

  it('answers an unknown patient 404 with a denied audit row under the key', async () => {
    const unknown = '00000000-0000-4000-8000-000000000001';
    const res = await api(t, 'GET', `/api/v1/patients/${unknown}`, { token: key });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
    const [denied] = (await keyAudits()).filter((a) => a.resourceId === unknown);
    expect(denied).toMatchObject({ action: 'patient.read', outcome: 'denied', actorApiKeyId: keyId });
  });

  it('refuses clinical data and every write to the key (403 forbidden), leaving the record unchanged', async () => {
    const before = (await t.db.select().from(patients).where(eq(patients.id, patient.patientId!)))[0]!;
    for (const [method, url, body] of [
      ['GET', `/api/v1/patients/${patient.patientId}/allergies`],
      ['GET', `/api/v1/patients/${patient.patientId}/conditions`],
      ['GET', `/api/v1/patients/${patient.patientId}/care-team`],
      ['PATCH', `/api/v1/patients/${patient.patientId}`, { phone: '+15550199' }],
      ['POST', '/api/v1/patients', { givenName: 'New', familyName: 'Person', birthDate: '1990-01-01' }],
    ] as const) {
      const res = await api(t, method, url, { token: key, ...(body ? { body } : {}) });
      expect(`${method} ${url} ${res.statusCode} ${res.json().code}`).toBe(`${method} ${url} 403 forbidden`);
    }
    expect((await t.db.select().from(patients).where(eq(patients.id, patient.patientId!)))[0]).toEqual(before);
    expect(await t.db.select().from(patients).where(eq(patients.familyName, 'Person'))).toEqual([]);
    const denied = (await keyAudits()).filter((a) => a.action === 'authz.denied');
    expect(denied.map((a) => a.resourceId).sort()).toEqual(
      [
        'GET /api/v1/patients/:id/allergies',
        'GET /api/v1/patients/:id/conditions',
        'GET /api/v1/patients/:id/care-team',
        'PATCH /api/v1/patients/:id',
        'POST /api/v1/patients',
      ].sort(),
    );
  });

  it('refuses a key whose scopes no route accepts (issued before scopes were enforced)', async () => {
    const legacy = 'cwk_legacy-key-with-a-reserved-scope-0123456789abcdef';
    const [row] = await t.db
      .insert(apiKeys)
      .values({
        name: 'Old lab key',
        keyHash: hashToken(legacy),
        prefix: legacy.slice(0, 8),
        scopes: ['lab-results:write'],
        createdAt: t.clock.now(),
      })
      .returning();
    const res = await api(t, 'GET', `/api/v1/patients/${patient.patientId}`, { token: legacy });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden', scopes: ['patients:read'] });
    const reads = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorApiKeyId, row!.id), eq(auditEvents.action, 'patient.read')));
    expect(reads).toEqual([]);
  });
});
