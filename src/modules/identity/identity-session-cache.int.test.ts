import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { passkeys, sessions, users } from '../../platform/auth/auth.tables.js';
import { hashToken } from '../../platform/crypto.js';
import { buildApp } from '../../app.js';
import { createLogger } from '../../platform/logger.js';
import { api, TEST_SECRET, useTestApp, type TestApp } from '../../../test/helpers/app.js';
import { countQueries } from '../../../test/helpers/query-count.js';
import { createAccount, TEST_PASSWORD, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { patients } from '../patients/index.js';
import { lastEmail, tokenFromText } from './identity-test-support.js';

/**
 * The session cache (src/platform/auth/session-cache.ts) must never let a change wait for its
 * lifetime: each test warms the cache for a session (and proves the next lookup is a hit), makes
 * one change, and expects the very next request on the same instance to see it.
 */
describe('session cache: every change takes effect at once', () => {
  const t = useTestApp();
  const cache = () => t.app.deps.sessionCache;

  /**
   * Requests with the token until one is served from the cache. On PostgreSQL the dedicated
   * listener hears the account's creation a moment after the pool did, and that late signal may
   * drop the first entry (a harmless extra miss), so a few tries are allowed.
   */
  async function warm(token: string, url = '/api/v1/me') {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const hits = cache().stats.hits;
      expect((await api(t, 'GET', url, { token })).statusCode).toBe(200);
      if (cache().stats.hits === hits + 1) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the session never came from the cache');
  }

  /** The same for a page session; returns the last page served. */
  async function warmPage(page: PageSession) {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const hits = cache().stats.hits;
      const res = await page.get('/account');
      expect(res.statusCode).toBe(200);
      if (cache().stats.hits === hits + 1) return res.body;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the session never came from the cache');
  }

  const liveSessions = (userId: string) =>
    t.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));

  it('serves a warm session from the cache, and a revoked token is refused on its next request (sign-out)', async () => {
    const nurse = await createAccount(t, { role: 'nurse' });
    await warm(nurse.token);
    expect((await api(t, 'DELETE', '/api/v1/auth/token', { token: nurse.token })).statusCode).toBe(204);
    const after = await api(t, 'GET', '/api/v1/me', { token: nurse.token });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('not_authenticated');
  });

  it('signs a page session out: the cookie sends the next page to sign-in', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const page = new PageSession(t, patient.cookie);
    await warmPage(page);
    expect((await page.post('/logout', {})).headers.location).toBe('/login');
    const again = await new PageSession(t, patient.cookie).get('/account');
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/login?next=%2Faccount');
  });

  it('revokes one session from the sessions API: that token is dead, the others live', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const second = await signIn(t, patient);
    await warm(patient.token);
    await warm(second);
    const [target] = await t.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.userId, patient.userId), eq(sessions.kind, 'api'), isNull(sessions.revokedAt)))
      .orderBy(sessions.createdAt)
      .limit(1);
    const res = await api(t, 'DELETE', `/api/v1/auth/sessions/${target!.id}`, { token: second });
    expect(res.statusCode).toBe(204);
    expect((await api(t, 'GET', '/api/v1/me', { token: patient.token })).statusCode).toBe(401);
    expect((await api(t, 'GET', '/api/v1/me', { token: second })).statusCode).toBe(200);
  });

  it('disables an account: its warm token is refused on the next request', async () => {
    const admin = await createAccount(t, { role: 'admin' });
    const clerk = await createAccount(t, { role: 'receptionist' });
    await warm(clerk.token);
    expect((await api(t, 'POST', `/api/v1/admin/staff/${clerk.staffId}/disable`, { token: admin.token })).statusCode).toBe(200);
    expect((await api(t, 'GET', '/api/v1/me', { token: clerk.token })).statusCode).toBe(401);
  });

  it('resets a second factor: the warm session ends at once', async () => {
    const admin = await createAccount(t, { role: 'admin' });
    const doctor = await createAccount(t, { role: 'doctor' });
    await warm(doctor.token);
    expect((await api(t, 'POST', `/api/v1/admin/staff/${doctor.staffId}/reset-mfa`, { token: admin.token })).statusCode).toBe(200);
    expect((await api(t, 'GET', '/api/v1/me', { token: doctor.token })).statusCode).toBe(401);
  });

  it('resets a password through the e-mailed link: every warm session ends at once', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    await warm(patient.token);
    expect((await api(t, 'POST', '/api/v1/auth/password-reset', { body: { email: patient.email } })).statusCode).toBe(202);
    const token = tokenFromText((await lastEmail(t, patient.email, 'identity.password_reset'))!.text);
    const done = await api(t, 'POST', '/api/v1/auth/password-reset/confirm', { body: { token, password: 'a brand new secret' } });
    expect(done.statusCode).toBe(200);
    expect((await api(t, 'GET', '/api/v1/me', { token: patient.token })).statusCode).toBe(401);
  });

  it('changes a password: the other warm sessions end at once, the one used stays', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const other = await signIn(t, patient);
    await warm(patient.token);
    await warm(other);
    const res = await api(t, 'POST', '/api/v1/auth/password', {
      token: patient.token,
      body: { currentPassword: TEST_PASSWORD, newPassword: 'quiet river morning' },
    });
    expect(res.statusCode).toBeLessThan(300);
    expect((await api(t, 'GET', '/api/v1/me', { token: other })).statusCode).toBe(401);
    expect((await api(t, 'GET', '/api/v1/me', { token: patient.token })).statusCode).toBe(200);
  });

  it('changes role and flags through the admin API: the old session is refused at once', async () => {
    const admin = await createAccount(t, { role: 'admin' });
    const nurse = await createAccount(t, { role: 'nurse' });
    await warm(nurse.token);
    const res = await api(t, 'PATCH', `/api/v1/admin/staff/${nurse.staffId}`, { token: admin.token, body: { flags: { nurseLead: true } } });
    expect(res.statusCode).toBe(200);
    expect((await api(t, 'GET', '/api/v1/me', { token: nurse.token })).statusCode).toBe(401);
  });

  it('revokes an integration key: its warm cache entry is gone on the next request', async () => {
    const admin = await createAccount(t, { role: 'admin' });
    const created = await api(t, 'POST', '/api/v1/admin/api-keys', {
      token: admin.token,
      body: { name: 'Lab feed', scopes: ['patients:read'] },
    });
    expect(created.statusCode).toBe(201);
    const { id, key } = created.json<{ id: string; key: string }>();
    // The key lacks the route's scope (403), which proves it was recognised; the second is a cache hit.
    await vi.waitFor(async () => {
      const hits = cache().stats.hits;
      expect((await api(t, 'GET', '/api/v1/admin/outbox', { token: key })).statusCode).toBe(403);
      expect(cache().stats.hits).toBe(hits + 1);
    });
    expect((await api(t, 'DELETE', `/api/v1/admin/api-keys/${id}`, { token: admin.token })).statusCode).toBe(204);
    expect((await api(t, 'GET', '/api/v1/admin/outbox', { token: key })).statusCode).toBe(401);
  });

  // The paths below change the account without ending its sessions: only the triggers can tell the cache.
  it('a privacy-officer flag set by any path gives the new permission on the next request', async () => {
    const nurse = await createAccount(t, { role: 'nurse' });
    await warm(nurse.token);
    expect((await api(t, 'GET', '/api/v1/admin/audit', { token: nurse.token })).statusCode).toBe(403);
    await t.db.update(users).set({ privacyOfficer: true }).where(eq(users.id, nurse.userId));
    expect((await api(t, 'GET', '/api/v1/admin/audit', { token: nurse.token })).statusCode).toBe(200);
    await t.db.update(users).set({ privacyOfficer: false }).where(eq(users.id, nurse.userId));
    expect((await api(t, 'GET', '/api/v1/admin/audit', { token: nurse.token })).statusCode).toBe(403);
  });

  it('a role changed by any path decides the next request', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    await warm(doctor.token, '/api/v1/staff');
    expect((await api(t, 'GET', '/api/v1/admin/audit', { token: doctor.token })).statusCode).toBe(403);
    await t.db.update(users).set({ role: 'admin' }).where(eq(users.id, doctor.userId));
    expect((await api(t, 'GET', '/api/v1/admin/audit', { token: doctor.token })).statusCode).toBe(200);
    await t.db.update(users).set({ role: 'patient' }).where(eq(users.id, doctor.userId));
    expect((await api(t, 'GET', '/api/v1/admin/audit', { token: doctor.token })).statusCode).toBe(403);
  });

  it('a language chosen on the account is the next page language', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const page = new PageSession(t, patient.cookie);
    expect(await warmPage(page)).toContain('<html lang="en"');
    await t.db.update(users).set({ locale: 'fr' }).where(eq(users.id, patient.userId));
    expect((await page.get('/account')).body).toContain('<html lang="fr"');
  });

  it('a patient record linked or a passkey added is seen on the next request', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    await warm(patient.token);
    await warm(patient.token);
    const before = cache().stats.misses;
    await t.db.update(patients).set({ userId: null }).where(eq(patients.userId, patient.userId));
    expect((await api(t, 'GET', '/api/v1/me', { token: patient.token })).statusCode).toBe(200);
    expect(cache().stats.misses).toBe(before + 1);
    await t.db
      .insert(passkeys)
      .values({ userId: patient.userId, credentialId: `cred-${patient.userId}`, publicKey: 'pk', createdAt: t.clock.now() });
    expect((await api(t, 'GET', '/api/v1/me', { token: patient.token })).statusCode).toBe(200);
    expect(cache().stats.misses).toBe(before + 2);
  });

  it('keeps the idle timeout on a cached session, touches it at most once a minute, and not for background requests', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    await warm(doctor.token);
    const lastSeen = async () =>
      (
        await t.db
          .select()
          .from(sessions)
          .where(eq(sessions.tokenHash, tokenHashOf(doctor)))
      )[0]!.lastSeenAt;
    const start = t.clock.now();
    t.clock.advance(2 * 60_000);
    const background = await api(t, 'GET', '/api/v1/me', { token: doctor.token, headers: { 'x-carewell-background': '1' } });
    expect(background.statusCode).toBe(200);
    expect(await lastSeen()).toEqual(start);
    expect((await api(t, 'GET', '/api/v1/me', { token: doctor.token })).statusCode).toBe(200);
    expect(await lastSeen()).toEqual(t.clock.now());
    // 14 minutes after the touch (16 after sign-in): alive, because the cached row was touched too.
    t.clock.advance(14 * 60_000);
    expect((await api(t, 'GET', '/api/v1/me', { token: doctor.token })).statusCode).toBe(200);
    t.clock.advance(16 * 60_000);
    const hits = cache().stats.hits;
    expect((await api(t, 'GET', '/api/v1/me', { token: doctor.token })).statusCode).toBe(401);
    expect(cache().stats.hits).toBe(hits + 1); // refused although the row came from the cache
  });

  it('does not refuse a session as idle from a copy older than a touch made elsewhere', async () => {
    const nurse = await createAccount(t, { role: 'nurse' });
    await warm(nurse.token);
    t.clock.advance(10 * 60_000);
    // Another instance's touch: last-seen changes fire no signal, so this copy still says 10 min ago.
    await t.db
      .update(sessions)
      .set({ lastSeenAt: t.clock.now() })
      .where(eq(sessions.tokenHash, hashToken(nurse.token)));
    t.clock.advance(10 * 60_000);
    expect((await api(t, 'GET', '/api/v1/me', { token: nurse.token })).statusCode).toBe(200);
  });

  it('counts statements: a cold request reads its session once (prepared), a warm one reads none', async () => {
    // A second app on the same database whose handle counts every statement the app sends.
    const counter = countQueries(t);
    const { app } = await buildApp({
      config: t.config,
      database: { ...t.database, db: counter.db },
      logger: createLogger('silent'),
      appSecret: TEST_SECRET,
      clock: t.clock.now,
    });
    try {
      const nurse = await createAccount(t, { role: 'nurse' });
      const me = () => app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${nurse.token}` } });
      const sessionReads = /from "sessions"/;
      counter.reset();
      expect((await me()).statusCode).toBe(200);
      expect(counter.matching(sessionReads)).toBe(1);
      const cold = counter.count();
      let warm = Number.POSITIVE_INFINITY;
      for (let attempt = 0; attempt < 10 && warm === Number.POSITIVE_INFINITY; attempt += 1) {
        counter.reset();
        expect((await me()).statusCode).toBe(200);
        if (counter.matching(sessionReads) === 0) warm = counter.count();
      }
      expect(warm).toBe(cold - 1);
    } finally {
      await app.close();
    }
  });

  it('caches nothing while the bus is disconnected, and starts empty when it is back', async () => {
    const nurse = await createAccount(t, { role: 'nurse' });
    await warm(nurse.token);
    expect(cache().size).toBeGreaterThan(0);
    await t.app.deps.events.stop();
    try {
      expect(t.app.deps.events.connected).toBe(false);
      const bypassed = cache().stats.bypassed;
      for (let i = 0; i < 3; i += 1) expect((await api(t, 'GET', '/api/v1/me', { token: nurse.token })).statusCode).toBe(200);
      expect(cache().size).toBe(0);
      expect(cache().stats.bypassed).toBe(bypassed + 3);
      // A change made meanwhile cannot have been missed: nothing was kept.
      await t.db.update(users).set({ disabledAt: t.clock.now() }).where(eq(users.id, nurse.userId));
      expect((await api(t, 'GET', '/api/v1/me', { token: nurse.token })).statusCode).toBe(401);
      await t.db.update(users).set({ disabledAt: null }).where(eq(users.id, nurse.userId));
    } finally {
      await t.app.deps.events.start();
    }
    expect(t.app.deps.events.connected).toBe(true);
    await warm(nurse.token);
    expect((await liveSessions(nurse.userId)).length).toBeGreaterThan(0);
  });
});

/** A second API session for the account, through the sign-in API (patients have no second factor here). */
async function signIn(t: TestApp, account: TestAccount): Promise<string> {
  const res = await api(t, 'POST', '/api/v1/auth/token', { body: { email: account.email, password: TEST_PASSWORD } });
  expect(res.statusCode).toBe(201);
  return res.json().token as string;
}

function tokenHashOf(account: TestAccount): string {
  return hashToken(account.token);
}
