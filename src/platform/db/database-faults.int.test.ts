import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count, inArray, isNull } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patients } from '../../modules/patients/index.js';
import { staffProfiles } from '../../modules/staff/index.js';
import { auditEvents } from '../audit/audit.tables.js';
import { users } from '../auth/auth.tables.js';
import { hashPassword } from '../auth/passwords.js';
import { issueSession } from '../auth/session.service.js';
import { openPostgres, type Database } from './database.js';
import { postgresLegReady } from '../../../test/helpers/postgres-leg.js';

/**
 * A real PostgreSQL cluster of this test's own (initdb in a temp dir, a free port) under a real
 * Carewell process taking concurrent registrations, while the database is (a) stopped at once and
 * started again and (b) restarted fast. The process must stay up, answer only 201 or 503
 * database_unavailable (with Retry-After), lose no acknowledged write, report not-ready during the
 * outage and recover by itself. It runs in CI's PostgreSQL leg (where initdb exists).
 */
const PG_BIN =
  ['17', '16', '15', '14'].map((v) => `/usr/lib/postgresql/${v}/bin`).find((dir) => existsSync(path.join(dir, 'initdb'))) ??
  (existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .map((v) => `/usr/lib/postgresql/${v}/bin`)
        .find((dir) => existsSync(path.join(dir, 'initdb')))
    : undefined);
const available = postgresLegReady({ 'a PostgreSQL initdb binary': PG_BIN });

const root = available ? mkdtempSync(path.join(tmpdir(), 'carewell-faults-')) : '';
const pgData = path.join(root, 'pgdata');
let pgPort = 0;
let appPort = 0;
let server: ChildProcess | undefined;
let serverOutput = '';
let database: Database | undefined;
let token = '';

/**
 * PostgreSQL refuses to run as root: its binaries run as the postgres user (CI runs as root).
 * Asynchronous, so the load keeps running while pg_ctl waits for the server.
 */
async function asPostgres(binary: string, args: string[], timeout = 60_000): Promise<void> {
  const command = path.join(PG_BIN!, binary);
  const [file, fileArgs] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  await promisify(execFile)(file, fileArgs, { timeout });
}

const pgCtl = (...args: string[]) => asPostgres('pg_ctl', ['-D', pgData, '-w', '-t', '30', ...args]);
const pgOptions = () => `-p ${pgPort} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}\n${serverOutput.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const appUrl = (p: string) => `http://127.0.0.1:${appPort}${p}`;
const status = (p: string) => fetch(appUrl(p), { signal: AbortSignal.timeout(5_000) }).then((res) => res.status);

interface Outcome {
  status: number;
  code?: string;
  retryAfter?: string | null;
  patientId?: string;
}

describe.skipIf(!available)('database faults under load (needs TEST_DATABASE_URL and a PostgreSQL initdb binary)', () => {
  beforeAll(async () => {
    chownSync(
      root,
      Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
      Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
    );
    await asPostgres('initdb', ['-D', pgData, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    pgPort = await freePort();
    appPort = await freePort();
    await pgCtl('-o', pgOptions(), '-l', path.join(root, 'postgres.log'), 'start');
    const admin = new pg.Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', database: 'postgres' });
    await admin.connect();
    await admin.query('create database carewell');
    await admin.end();
    const databaseUrl = `postgres://postgres@127.0.0.1:${pgPort}/carewell`;

    const dataDir = path.join(root, 'app');
    mkdirSync(dataDir);
    server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(appPort),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DEMO_SEED: 'false',
        RUN_WORKERS: 'true',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d) => (serverOutput += d));
    server.stderr!.on('data', (d) => (serverOutput += d));
    await until('the server to migrate and become ready', async () => (await status('/readyz')) === 200, 90_000);

    // A front-desk account with a live API session, made in the database (sign-in has its own tests).
    database = await openPostgres(databaseUrl, { max: 2 });
    // The server process runs on the real clock, so its rows do too.
    const now = new Date();
    const [user] = await database.db
      .insert(users)
      .values({
        email: `front.desk.${appPort}@test.carewell`,
        passwordHash: await hashPassword('correct horse battery staple'),
        role: 'receptionist',
        emailVerifiedAt: now,
        privacyNoticeAcceptedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: users.id });
    await database.db
      .insert(staffProfiles)
      .values({ userId: user!.id, givenName: 'Front', familyName: 'Desk', languages: ['en'], createdAt: now, updatedAt: now });
    token = (await issueSession(database.db, { userId: user!.id, kind: 'api', ip: null, userAgent: 'vitest', now })).token;
  }, 120_000);

  afterAll(async () => {
    await database?.close().catch(() => {});
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGKILL');
      await exited;
    }
    if (existsSync(path.join(pgData, 'postmaster.pid'))) {
      try {
        await pgCtl('-m', 'immediate', 'stop');
      } catch {
        /* already stopped */
      }
    }
    rmSync(root, { recursive: true, force: true });
  }, 60_000);

  it('keeps serving through a killed and a fast-restarted database: 201 or 503 with Retry-After, no acknowledged write lost, ready again by itself', async () => {
    const outcomes: Outcome[] = [];
    const readiness: number[] = [];
    let running = true;
    let sequence = 0;

    async function register(): Promise<void> {
      while (running) {
        const n = ++sequence;
        try {
          const res = await fetch(appUrl('/api/v1/patients'), {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ givenName: `Load${n}`, familyName: `Fault${n}`, birthDate: '1970-01-01', confirmNotDuplicate: true }),
            signal: AbortSignal.timeout(20_000),
          });
          const body = (await res.json()) as { code?: string; patient?: { id: string } };
          outcomes.push({ status: res.status, code: body.code, retryAfter: res.headers.get('retry-after'), patientId: body.patient?.id });
          if (res.status === 503) await new Promise((resolve) => setTimeout(resolve, 50));
        } catch (error) {
          outcomes.push({ status: 0, code: (error as Error).name });
        }
      }
    }

    async function watchReadiness(): Promise<void> {
      while (running) {
        readiness.push(await status('/readyz').catch(() => 0));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    const created = () => outcomes.filter((o) => o.status === 201).length;
    const load = [...Array.from({ length: 6 }, register), watchReadiness()];
    try {
      await until('writes before the first fault', async () => created() >= 10, 20_000);

      // (a) The database dies at once (no shutdown checkpoint; backends killed) and comes back.
      await pgCtl('-m', 'immediate', 'stop');
      await until('/readyz to report the outage', async () => readiness.at(-1) === 503, 10_000);
      const refusedBefore = outcomes.filter((o) => o.status === 503).length;
      await until(
        'requests to be refused during the outage',
        async () => outcomes.filter((o) => o.status === 503).length >= refusedBefore + 20,
        15_000,
      );
      await pgCtl('-o', pgOptions(), '-l', path.join(root, 'postgres.log'), 'start');
      let before = created();
      await until('writes to succeed again after the restart', async () => created() >= before + 10 && readiness.at(-1) === 200, 30_000);

      // (b) A fast restart while requests are in flight.
      const sentBefore = outcomes.length;
      await pgCtl('-m', 'fast', '-o', pgOptions(), '-l', path.join(root, 'postgres.log'), 'restart');
      expect(outcomes.length, 'requests answered while the database restarted').toBeGreaterThan(sentBefore);
      before = created();
      await until(
        'writes to succeed again after the fast restart',
        async () => created() >= before + 10 && readiness.at(-1) === 200,
        30_000,
      );
    } finally {
      running = false;
      await Promise.all(load);
    }

    expect(server!.exitCode, serverOutput.slice(-3000)).toBeNull();
    expect(await status('/healthz')).toBe(200);
    expect(await status('/readyz')).toBe(200);

    const refused = outcomes.filter((o) => o.status !== 201);
    expect(refused.length).toBeGreaterThan(0);
    for (const outcome of refused) {
      expect(outcome).toMatchObject({ status: 503, code: 'database_unavailable', retryAfter: '5' });
    }
    expect(readiness).toContain(503);
    expect(readiness.at(-1)).toBe(200);

    const acknowledged = outcomes.flatMap((o) => (o.status === 201 && o.patientId ? [o.patientId] : []));
    expect(acknowledged.length).toBe(created());
    const [stored] = await database!.db.select({ n: count() }).from(patients).where(inArray(patients.id, acknowledged));
    expect(stored!.n).toBe(acknowledged.length);

    // The background loops came back by themselves: the sealer chains every audit row written,
    // and the event LISTEN connection is open again.
    expect((await database!.db.select({ n: count() }).from(auditEvents))[0]!.n).toBeGreaterThanOrEqual(acknowledged.length);
    await until(
      'the audit sealer to seal every row',
      async () => (await database!.db.select({ n: count() }).from(auditEvents).where(isNull(auditEvents.hash)))[0]!.n === 0,
      20_000,
    );
    const admin = new pg.Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', database: 'carewell' });
    await admin.connect();
    try {
      await until(
        'the event listener to reconnect',
        async () => (await admin.query("select 1 from pg_stat_activity where application_name = 'carewell-events'")).rowCount! > 0,
        20_000,
      );
    } finally {
      await admin.end();
    }
    expect(serverOutput).not.toMatch(/unhandled error|Unhandled|uncaught/i);
  }, 110_000);
});
