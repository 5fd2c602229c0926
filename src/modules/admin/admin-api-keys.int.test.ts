import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiKeys } from '../../platform/auth/auth.tables.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { hashToken } from '../../platform/crypto.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';

describe('admin: API keys', () => {
  const t = useTestApp();
  let admin: TestAccount;

  beforeAll(async () => {
    admin = await createAccount(t, { role: 'admin' });
  });

  it('creates a key shown once, stores only its hash, lists it without the key, and revokes it', async () => {
    const created = await api(t, 'POST', '/api/v1/admin/api-keys', {
      token: admin.token,
      body: { name: 'Registration sync', scopes: ['patients:read'] },
    });
    expect(created.statusCode).toBe(201);
    const { id, key } = created.json();
    expect(key).toMatch(/^cwk_[\w-]{40,}$/);
    expect(created.json()).toMatchObject({
      name: 'Registration sync',
      scopes: ['patients:read'],
      prefix: key.slice(0, 8),
      status: 'active',
      createdBy: admin.userId,
    });
    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row).toMatchObject({ keyHash: hashToken(key), prefix: key.slice(0, 8), scopes: ['patients:read'], revokedAt: null });
    expect(JSON.stringify(row)).not.toContain(key);

    const list = await api(t, 'GET', '/api/v1/admin/api-keys', { token: admin.token });
    expect(list.json().items.map((k: { id: string }) => k.id)).toContain(id);
    expect(list.body).not.toContain(key);
    expect(list.body).not.toContain(row!.keyHash);
    const one = await api(t, 'GET', `/api/v1/admin/api-keys/${id}`, { token: admin.token });
    expect(one.json()).not.toHaveProperty('key');

    // The key authenticates: the guard knows it is an API key and refuses a route without its scope (403, not 401).
    const asKey = await api(t, 'GET', '/api/v1/admin/outbox', { token: key });
    expect(asKey.statusCode).toBe(403);
    expect(asKey.json().code).toBe('forbidden');
    const [denied] = await t.db.select().from(auditEvents).where(eq(auditEvents.actorApiKeyId, id));
    expect(denied).toMatchObject({ action: 'authz.denied', outcome: 'denied' });

    const revoked = await api(t, 'DELETE', `/api/v1/admin/api-keys/${id}`, { token: admin.token });
    expect(revoked.statusCode).toBe(204);
    expect((await t.db.select().from(apiKeys).where(eq(apiKeys.id, id)))[0]!.revokedAt).toEqual(t.clock.now());
    const afterRevoke = await api(t, 'GET', '/api/v1/admin/outbox', { token: key });
    expect(afterRevoke.statusCode).toBe(401);
    expect(afterRevoke.json().code).toBe('not_authenticated');
    expect((await api(t, 'GET', `/api/v1/admin/api-keys/${id}`, { token: admin.token })).json().status).toBe('revoked');
    expect((await api(t, 'DELETE', `/api/v1/admin/api-keys/${id}`, { token: admin.token })).statusCode).toBe(204);
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.resourceId, id));
    expect(audits.map((a) => a.action).sort()).toEqual(['admin.api_key.create', 'admin.api_key.revoke']);
  });

  it('refuses unknown scopes, scopes no route accepts yet, a past expiry and unknown keys', async () => {
    const badScope = await api(t, 'POST', '/api/v1/admin/api-keys', {
      token: admin.token,
      body: { name: 'x', scopes: ['patients:read', 'admin:everything'] },
    });
    expect(badScope.statusCode).toBe(400);
    expect(badScope.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'scopes.1', message: 'Unknown scope' }] });
    for (const reserved of ['devices:write', 'fhir:read', 'fhir:write']) {
      const notYet = await api(t, 'POST', '/api/v1/admin/api-keys', { token: admin.token, body: { name: 'x', scopes: [reserved] } });
      expect(notYet.statusCode).toBe(400);
      expect(notYet.json()).toMatchObject({
        code: 'validation_failed',
        errors: [{ path: 'scopes.0', message: 'No route accepts this scope yet' }],
      });
    }
    // Laboratory results (the FHIR DiagnosticReport import) are accepted by a route: the scope is issuable.
    const labFeed = await api(t, 'POST', '/api/v1/admin/api-keys', {
      token: admin.token,
      body: { name: 'lab feed', scopes: ['lab-results:write'] },
    });
    expect(labFeed.statusCode).toBe(201);
    const past = await api(t, 'POST', '/api/v1/admin/api-keys', {
      token: admin.token,
      body: { name: 'x', scopes: ['patients:read'], expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect(past.statusCode).toBe(422);
    expect(await t.db.select().from(apiKeys).where(eq(apiKeys.name, 'x'))).toEqual([]);
    const missing = await api(t, 'DELETE', '/api/v1/admin/api-keys/00000000-0000-4000-8000-000000000000', { token: admin.token });
    expect(missing.statusCode).toBe(404);
  });

  it('stops an expired key at its expiry time', async () => {
    const expiresAt = new Date(t.clock.now().getTime() + 60_000).toISOString();
    const { key } = (
      await api(t, 'POST', '/api/v1/admin/api-keys', { token: admin.token, body: { name: 'Short', scopes: ['patients:read'], expiresAt } })
    ).json();
    expect((await api(t, 'GET', '/api/v1/admin/outbox', { token: key })).statusCode).toBe(403);
    t.clock.advance(61_000);
    expect((await api(t, 'GET', '/api/v1/admin/outbox', { token: key })).statusCode).toBe(401);
  });

  it('creates a key through the page (shown once) and revokes it there', async () => {
    const page = new PageSession(t, admin.cookie);
    const form = await page.get('/admin/api-keys');
    expect(form.statusCode).toBe(200);
    // Only scopes some route accepts are offered; the reserved ones stay hidden until then.
    expect(form.body).toContain('value="patients:read"');
    expect(form.body).not.toContain('value="devices:write"');
    const invalid = await page.post('/admin/api-keys', { name: 'No scopes' });
    expect(invalid.statusCode).toBe(400);
    const reserved = await page.post('/admin/api-keys', { name: 'Pharmacy robot', scopes: ['devices:write'] });
    expect(reserved.statusCode).toBe(400);
    expect(await t.db.select().from(apiKeys).where(eq(apiKeys.name, 'Pharmacy robot'))).toEqual([]);
    const res = await page.post('/admin/api-keys', { name: 'Pharmacy robot', scopes: ['patients:read'] });
    expect(res.statusCode).toBe(200);
    const key = /id="new-api-key">(cwk_[\w-]+)</.exec(res.body)?.[1];
    expect(key).toBeDefined();
    const [row] = await t.db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.keyHash, hashToken(key!)));
    expect(row).toMatchObject({ name: 'Pharmacy robot', scopes: ['patients:read'] });
    const again = await page.get('/admin/api-keys');
    expect(again.body).not.toContain(key);
    expect(again.body).toContain('Read patient details (patients:read)'); // the scope in words, with its code
    const revoke = await page.post(`/admin/api-keys/${row!.id}/revoke`, {});
    expect(revoke.statusCode).toBe(303);
    expect((await t.db.select().from(apiKeys).where(eq(apiKeys.id, row!.id)))[0]!.revokedAt).not.toBeNull();
  });
});
