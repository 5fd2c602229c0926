import { sql, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../app.js';
import { users } from '../../platform/auth/auth.tables.js';
import { loadConfig } from '../../platform/config.js';
import { openPostgres, type Database } from '../../platform/db/database.js';
import { createLogger } from '../../platform/logger.js';
import { api, TEST_SECRET, TestClock, type TestApp } from '../../../test/helpers/app.js';
import { createAccount } from '../../../test/helpers/actors.js';
import { createTestDatabase } from '../../../test/helpers/database.js';
import { postgresLegReady, redisLegReady } from '../../../test/helpers/postgres-leg.js';

async function startApp(database: Database, clock: TestClock, env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: '.cache/test-data', ...env });
  const { app, routes } = await buildApp({ config, database, logger: createLogger('silent'), appSecret: TEST_SECRET, clock: clock.now });
  return { app, db: database.db, database, routes, clock, config, close: () => app.close() };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Requests until the session comes from this instance's cache (see identity-session-cache.int.test.ts). */
async function warm(t: TestApp, token: string) {
  await vi.waitFor(
    async () => {
      const hits = t.app.deps.sessionCache.stats.hits;
      expect((await api(t, 'GET', '/api/v1/me', { token })).statusCode).toBe(200);
      expect(t.app.deps.sessionCache.stats.hits).toBe(hits + 1);
    },
    { timeout: 5_000, interval: 50 },
  );
}

/** Two instances on one PostgreSQL database (separate pools); returns both and an account. */
async function twoInstances(env: Record<string, string> = {}) {
  const database = await createTestDatabase();
  cleanups.push(() => database.close());
  const other = await openPostgres(String(database.pool!.options.connectionString), { max: 2 });
  cleanups.push(() => other.close());
  const clock = new TestClock();
  const one = await startApp(database, clock, env);
  cleanups.push(() => one.close());
  const two = await startApp(other, clock, env);
  cleanups.push(() => two.close());
  await vi.waitFor(() => expect(two.app.deps.events.connected).toBe(true), { timeout: 5_000 });
  const nurse = await createAccount(one, { role: 'nurse' });
  return { one, two, clock, nurse };
}

describe('session cache across instances', () => {
  it.runIf(postgresLegReady() && redisLegReady())(
    'Redis (needs TEST_REDIS_URL): a change committed by one instance reaches the other',
    async () => {
      const { one, two, clock, nurse } = await twoInstances({ REDIS_URL: process.env.TEST_REDIS_URL! });
      await warm(two, nurse.token);
      await one.db.update(users).set({ disabledAt: clock.now() }).where(eq(users.id, nurse.userId));
      await vi.waitFor(async () => expect((await api(two, 'GET', '/api/v1/me', { token: nurse.token })).statusCode).toBe(401), {
        timeout: 2_000,
        interval: 10,
      });
    },
    60_000,
  );

  it.runIf(postgresLegReady())(
    'PostgreSQL: another instance hears a change at once, and caches nothing while its listener is down',
    async () => {
      const { one, two, clock, nurse } = await twoInstances();
      await warm(two, nurse.token);
      // Committed through instance one's pool: instance two learns it from its listener.
      await one.db.update(users).set({ disabledAt: clock.now() }).where(eq(users.id, nurse.userId));
      await vi.waitFor(async () => expect((await api(two, 'GET', '/api/v1/me', { token: nurse.token })).statusCode).toBe(401), {
        timeout: 2_000,
        interval: 10,
      });
      await one.db.update(users).set({ disabledAt: null }).where(eq(users.id, nurse.userId));
      await warm(two, nurse.token);

      // The database drops the listeners' connections: no cache until a listener is back.
      await one.db.execute(
        sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'carewell-events' and datname = current_database()`,
      );
      await vi.waitFor(() => expect(two.app.deps.events.connected).toBe(false), { timeout: 5_000, interval: 10 });
      const bypassed = two.app.deps.sessionCache.stats.bypassed;
      expect((await api(two, 'GET', '/api/v1/me', { token: nurse.token })).statusCode).toBe(200);
      expect(two.app.deps.sessionCache.size).toBe(0);
      expect(two.app.deps.sessionCache.stats.bypassed).toBe(bypassed + 1);

      await vi.waitFor(() => expect(two.app.deps.events.connected).toBe(true), { timeout: 15_000, interval: 50 });
      await warm(two, nurse.token);
    },
    30_000,
  );
});
