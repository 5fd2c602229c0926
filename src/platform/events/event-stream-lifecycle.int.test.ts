import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../config.js';
import { openPostgres, type Database } from '../db/database.js';
import { createLogger } from '../logger.js';
import { revokeSession } from '../auth/session.repository.js';
import { createTestDatabase } from '../../../test/helpers/database.js';
import { TEST_SECRET, TestClock, type TestApp } from '../../../test/helpers/app.js';
import { createAccount } from '../../../test/helpers/actors.js';
import { listeningUrl, openSse, type SseClient } from '../../../test/helpers/sse.js';
import { publishEvent } from './publish-event.js';
import { sessions } from '../auth/auth.tables.js';
import { eq } from 'drizzle-orm';
import { postgresLegReady, redisLegReady } from '../../../test/helpers/postgres-leg.js';

/** An app on a given database, with short stream intervals and optional extra environment. */
async function startApp(database: Database, clock: TestClock, env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: '.cache/test-data', ...env });
  const { app, routes } = await buildApp({
    config,
    database,
    logger: createLogger('silent'),
    appSecret: TEST_SECRET,
    clock: clock.now,
    eventStreamTimings: { heartbeatMs: 100, sessionCheckMs: 100 },
  });
  return { app, db: database.db, database, routes, clock, config, close: () => app.close() };
}

const cleanups: (() => Promise<void>)[] = [];
const clients: SseClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function singleApp() {
  const database = await createTestDatabase();
  const t = await startApp(database, new TestClock());
  cleanups.push(
    () => database.close(),
    () => t.close(),
  );
  return t;
}

describe('event stream lifecycle', () => {
  it('ends the stream when the session is revoked (checked periodically)', async () => {
    const t = await singleApp();
    const account = await createAccount(t, { role: 'nurse' });
    const client = await openSse(await listeningUrl(t.app), { token: account.token });
    clients.push(client);
    // Still open after several checks while the session stands.
    await new Promise((r) => setTimeout(r, 400));
    expect(await Promise.race([client.ended.then(() => 'ended'), Promise.resolve('open')])).toBe('open');
    for (const s of await t.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, account.userId)))
      await revokeSession(t.db, s.id, t.clock.now());
    await expect(
      Promise.race([client.ended.then(() => 'ended'), new Promise((r) => setTimeout(() => r('still open'), 3_000))]),
    ).resolves.toBe('ended');
  });

  it('ends the stream when the session goes idle (the stream itself is not activity)', async () => {
    const t = await singleApp();
    const account = await createAccount(t, { role: 'doctor' });
    const client = await openSse(await listeningUrl(t.app), { token: account.token });
    clients.push(client);
    t.clock.advance(16 * 60_000); // staff idle timeout is 15 minutes
    await expect(
      Promise.race([client.ended.then(() => 'ended'), new Promise((r) => setTimeout(() => r('still open'), 3_000))]),
    ).resolves.toBe('ended');
  });

  it('app.close() ends open streams instead of waiting for them', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.close());
    const t = await startApp(database, new TestClock());
    const account = await createAccount(t, { role: 'patient' });
    const client = await openSse(await listeningUrl(t.app), { token: account.token });
    clients.push(client);
    const started = Date.now();
    await t.app.close();
    await client.ended;
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

/** Two app instances on one database, each listening on 127.0.0.1: the second one's client hears the first's events. */
async function crossInstance(env: Record<string, string>, separatePools: boolean) {
  const database = await createTestDatabase();
  cleanups.push(() => database.close());
  const second = separatePools && database.pool ? await openPostgres(String(database.pool.options.connectionString), { max: 2 }) : database;
  if (second !== database) cleanups.push(() => second.close());
  const clock = new TestClock();
  const one = await startApp(database, clock, env);
  cleanups.push(() => one.close());
  const two = await startApp(second, clock, env);
  cleanups.push(() => two.close());
  const account = await createAccount(one, { role: 'nurse' });
  const other = await createAccount(one, { role: 'patient' });
  const client = await openSse(await listeningUrl(two.app), { token: account.token });
  const outsider = await openSse(await listeningUrl(two.app), { token: other.token });
  clients.push(client, outsider);
  const id = await publishEvent(
    one.db,
    { type: 'test.cross_instance', audience: { userIds: [account.userId] }, data: { from: 'one' } },
    clock.now(),
  );
  const message = await client.waitFor((m) => m.event === 'test.cross_instance', 10_000);
  expect(message).toEqual({ id: String(id), event: 'test.cross_instance', data: { from: 'one' } });
  const sentinel = await publishEvent(one.db, { type: 'test.sentinel', audience: { userIds: [other.userId] }, data: {} }, clock.now());
  await outsider.waitFor((m) => m.id === String(sentinel), 10_000);
  expect(outsider.messages.map((m) => m.event)).toEqual(['test.sentinel']);
  // Exactly once, even when several instances relay.
  await new Promise((r) => setTimeout(r, 300));
  expect(client.messages.filter((m) => m.event === 'test.cross_instance')).toHaveLength(1);
}

describe('several app instances', () => {
  it.runIf(postgresLegReady())(
    'PostgreSQL LISTEN/NOTIFY (needs TEST_DATABASE_URL): an event published by one instance reaches an SSE client on another',
    async () => {
      await crossInstance({}, true);
    },
  );

  it.runIf(redisLegReady())(
    'Redis pub/sub (needs TEST_REDIS_URL): an event published by one instance reaches an SSE client on another',
    async () => {
      await crossInstance({ REDIS_URL: process.env.TEST_REDIS_URL! }, true);
    },
  );
});
