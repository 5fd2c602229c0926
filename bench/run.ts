import autocannon from 'autocannon';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { cpuMsOf, postgresCpuMs, start, stop, waitFor } from './processes.js';
import { memoryTable, recordIdleMemory, recordMemoryAfterIdle } from './memory.js';
import { raceForSlots, registerRacers, type RaceOutcome } from './booking-race.js';
import { benchPages, DEFAULT_PAGE_TARGET_MS, NOT_MEASURED, PAGE_TARGET_MS, type PageRow } from './pages.js';
import {
  fillPatientsOnPostgres,
  MANY_MATCH,
  ONE_MATCH,
  oneMatchPatientId,
  registerPatientsThroughApi,
  registrationBody,
} from './patients.js';
import { DEMO_PASSWORD, signInFrontDesk } from './sign-in.js';
import { benchSigningChecks, signingTable, type SigningOutcome } from './signing.js';
import { benchLabResults, labResultsTable, type LabResultsOutcome } from './lab-results.js';

/**
 * Load benchmark: the token endpoint (patient accounts), audited patient reads, registration and name
 * search as the front desk, slot search and booking, against the app's own /healthz (no database) as
 * the reference measured in the same process and run: every row shows its throughput as a share of
 * it, since the machine's speed varies. On PGlite, and on PostgreSQL when BENCH_DATABASE_URL is set.
 * Servers run as separate processes so the load generator does not share their event loop.
 *
 *   npm run bench   (or with BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)
 *   BENCH_ONLY=booking BENCH_BACKENDS=postgres BENCH_DATABASE_URL=… npm run bench   # /healthz, the race and booking only
 *   BENCH_ONLY=signing BENCH_BACKENDS=postgres BENCH_DATABASE_URL=… npm run bench   # /healthz and the signing checks only
 *   BENCH_ONLY=lab-results BENCH_BACKENDS=postgres BENCH_DATABASE_URL=… npm run bench   # /healthz and the lab results pages only
 *   BENCH_ONLY=device-ingestion BENCH_DATABASE_URL=… npm run bench   # device readings per second and ingestion → board (bench/device-ingestion.ts)
 *   BENCH_ONLY=pages BENCH_BACKENDS=postgres BENCH_DATABASE_URL=… npm run bench   # /healthz and the pages on the demo hospital alone
 *   BENCH_ONLY=memory BENCH_BACKENDS=postgres BENCH_DATABASE_URL=… npm run bench   # idle memory 3 s and 60 s after start and after a restart
 *   BENCH_ONLY=patients BENCH_BACKENDS=postgres BENCH_DATABASE_URL=… npm run bench   # /healthz and the front desk's read, search and register
 */
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** Pages are measured at 20 connections (issue 11), each for this long. */
const PAGE_SECONDS = Number(process.env.BENCH_PAGE_SECONDS ?? 3);
const PAGES_ONLY = (process.env.BENCH_PAGES || undefined)?.split(',').map((route) => route.trim()); // 'GET /staff,GET /portal': these pages alone
const PAGE_CONNECTIONS = 20;
const pageLoad = { connections: PAGE_CONNECTIONS, seconds: PAGE_SECONDS, chartSeconds: DURATION, only: PAGES_ONLY };
const HEALTHZ = 'GET /healthz (no database: the reference)';
/** Table sizes the PostgreSQL run measures the patient scenarios at (issue 11: flat from 5,000 to 100,000). */
const PATIENT_SIZES = (process.env.BENCH_PATIENT_SIZES ?? '5000,100000').split(',').map(Number);
const PGLITE_PATIENTS = Number(process.env.BENCH_PGLITE_PATIENTS ?? 1000);
/** One part only (with /healthz, the reference): the booking race and load, the signing checks, lab results pages, device ingestion. */
const ONLY = process.env.BENCH_ONLY;
const BENCH_ONLY_CHOICES = ['booking', 'signing', 'lab-results', 'device-ingestion', 'pages', 'memory', 'patients'];
if (ONLY !== undefined && !BENCH_ONLY_CHOICES.includes(ONLY))
  throw new Error(`BENCH_ONLY: one of ${BENCH_ONLY_CHOICES.join(', ')}, not "${ONLY}"`);
/** Which servers to measure (default both; PostgreSQL only when BENCH_DATABASE_URL is set). */
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',');
/** The PostgreSQL run's own database (dropped and made anew) and port: two benches on one machine must not share them. */
const PG_BENCH_DATABASE = process.env.BENCH_PG_DATABASE ?? 'carewell_bench';
const PG_BENCH_PORT = Number(process.env.BENCH_PG_PORT ?? 3197);

interface Row {
  backend: string;
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

const pages: PageRow[] = [];
/** The race, with the CPU its 200 attempts cost the server process and the bench database's PostgreSQL backends. */
const races: (RaceOutcome & { backend: string; serverMs: number; postgresMs: number | null })[] = [];
const signings: (SigningOutcome & { backend: string })[] = [];
const labResults: { backend: string; values: number; outcomes: LabResultsOutcome[] }[] = [];
/** CPU spent per booking by the server process and by the PostgreSQL backends of the bench database. */
const cpu: { backend: string; scenario: string; requests: number; serverMs: number; postgresMs: number | null }[] = [];

async function load(title: string, options: autocannon.Options): Promise<Omit<Row, 'backend'>> {
  const result = await autocannon({ duration: DURATION, connections: CONNECTIONS, ...options });
  return {
    scenario: title,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

async function benchCarewell(backend: 'pglite' | 'postgres', port: number): Promise<Row[]> {
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DEMO_SEED: 'true',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
  };
  if (backend === 'pglite') {
    const dir = path.resolve('.cache/bench-pglite');
    rmSync(dir, { recursive: true, force: true });
    env.DATA_DIR = dir;
  } else {
    const url = process.env.BENCH_DATABASE_URL!;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${pg.escapeIdentifier(PG_BENCH_DATABASE)} with (force)`);
    await admin.query(`create database ${pg.escapeIdentifier(PG_BENCH_DATABASE)}`);
    await admin.end();
    const target = new URL(url);
    target.pathname = `/${PG_BENCH_DATABASE}`;
    env.DATABASE_URL = target.toString();
    env.DATA_DIR = path.resolve('.cache/bench-postgres');
  }
  // The server runs as `npm start` runs it in production: the built bundle, not the TypeScript loader.
  // BENCH_CPU_PROFILE_DIR: a CPU profile of the server alone, written there when it stops.
  // BENCH_NODE_FLAGS: more flags for the server's node, e.g. `--trace-gc` (printed where BENCH_SERVER_STDOUT names).
  const profile = process.env.BENCH_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`] : [];
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const startServer = (overrides: Record<string, string> = {}) =>
    start([...profile, ...flags, 'scripts/run-built.mjs', 'dist/server.js'], { ...env, ...overrides });
  let server = startServer();
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${base}/readyz`);
    // Idle: started, demo hospital seeded, no request served yet but the readiness probe.
    const seeded = 'after start (the demo seeded by this process)';
    if (backend === 'postgres' && (ONLY === undefined || ONLY === 'memory')) {
      await recordIdleMemory(server, backend, seeded);
      // What a hospital's server looks like: started on a database that already holds its data (no
      // demo seeding in the process, whose garbage the first figures carry).
      await stop(server);
      server = startServer({ DEMO_SEED: 'false' });
      await waitFor(`${base}/readyz`);
      await recordIdleMemory(server, backend, 'after a restart (the data already in the database)');
      if (ONLY === 'memory') return [];
      // Demo accounts sign in only in demo mode, which that restart turned off: start as the first time.
      await stop(server);
      server = startServer();
      await waitFor(`${base}/readyz`);
    } else await recordMemoryAfterIdle(server, backend, `${seeded}: idle 3 s`);
    const rows: Row[] = [{ backend, ...(await load(HEALTHZ, { url: `${base}/healthz` })) }];
    const credentials = JSON.stringify({ email: 'patient@carewell.test', password: DEMO_PASSWORD });
    const signIn = await fetch(`${base}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: credentials,
    });
    if (signIn.status !== 201) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const { token, user } = (await signIn.json()) as { token: string; user: { patientId: string } };
    if (ONLY === undefined || ONLY === 'signing') {
      for (const outcome of await benchSigningChecks(base, user.patientId)) signings.push({ backend, ...outcome });
    }
    if (ONLY === 'signing') return rows;
    if (ONLY === 'lab-results') {
      labResults.push({ backend, ...(await benchLabResults(base, user.patientId, server.pid!)) });
      await recordMemoryAfterIdle(server, backend, 'after the run (loaded, then idle 3 s)');
      return rows;
    }
    if (ONLY === 'pages') {
      pages.push(
        ...(await benchPages(base, backend, pageLoad, {
          serverPid: server.pid!,
          postgresDatabase: backend === 'postgres' ? PG_BENCH_DATABASE : null,
        })),
      );
      return rows;
    }
    if (ONLY === 'patients') {
      rows.push(...(await benchPatients(base, backend, env.DATABASE_URL)));
      return rows;
    }
    if (ONLY === 'booking') {
      rows.push(...(await benchScheduling(base, backend, token, server.pid!)));
      await recordMemoryAfterIdle(server, backend, 'after the run (loaded, then idle 3 s)');
      return rows;
    }
    rows.push({
      backend,
      ...(await load('POST /api/v1/auth/token (argon2id)', {
        url: `${base}/api/v1/auth/token`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: credentials,
      })),
    });
    rows.push({
      backend,
      ...(await load('GET /api/v1/patients/{id} (session + audit row)', {
        url: `${base}/api/v1/patients/${user.patientId}`,
        headers: { authorization: `Bearer ${token}` },
      })),
    });
    rows.push(...(await benchPatients(base, backend, env.DATABASE_URL)));
    rows.push(...(await benchScheduling(base, backend, token, server.pid!)));
    pages.push(
      ...(await benchPages(base, backend, pageLoad, {
        serverPid: server.pid!,
        postgresDatabase: backend === 'postgres' ? PG_BENCH_DATABASE : null,
      })),
    );
    // Last: its five years of panels would change what the pages above show the patient and the doctor.
    labResults.push({ backend, ...(await benchLabResults(base, user.patientId, server.pid!)) });
    await recordMemoryAfterIdle(server, backend, 'after the run (loaded, then idle 3 s)');
    return rows;
  } finally {
    await stop(server);
  }
}

/**
 * Issue 4: a month of slot search for one specialty (as the patient), and booking as the front
 * desk: each request books the next free slot for the next of many patients, so nearly every
 * request is a real booking (the rest are honest 409s).
 */
async function benchScheduling(base: string, backend: Row['backend'], patientToken: string, serverPid: number): Promise<Row[]> {
  const auth = { authorization: `Bearer ${patientToken}` };
  const get = async (path: string, headers = auth) =>
    (await fetch(`${base}${path}`, { headers })).json() as Promise<{ items: { id: string; code: string }[] } & Record<string, unknown>>;
  const specialty = (await get('/api/v1/specialties')).items.find((s) => s.code === 'cardiology')!;
  const visitTypes = (await get('/api/v1/visit-types')).items;
  const visitType = visitTypes.find((v) => v.code === 'follow_up')!;
  const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 31 * 86_400_000).toISOString().slice(0, 10);
  const search = `/api/v1/slots?specialty=${specialty.id}&visitType=${visitType.id}&from=${from}&to=${to}`;
  const rows: Row[] = [];
  if (ONLY !== 'booking') {
    rows.push(
      // One connection: the latency one person waits for (the issue's 50 ms p99 target).
      {
        backend,
        ...(await load('GET /api/v1/slots (cardiology, one month, 1 connection)', {
          url: `${base}${search}`,
          headers: auth,
          connections: 1,
        })),
      },
      { backend, ...(await load('GET /api/v1/slots (cardiology, one month)', { url: `${base}${search}`, headers: auth })) },
    );
  }

  const desk = await signInFrontDesk(base);
  const slots = ((await get(search, desk)) as unknown as { items: { staffId: string; startsAt: string }[] }).items;
  const patients: string[] = [];
  for (let i = 0; i < 40; i++) {
    const res = await fetch(`${base}/api/v1/patients`, {
      method: 'POST',
      headers: { ...desk, 'content-type': 'application/json' },
      body: JSON.stringify({
        givenName: 'Bench',
        familyName: `Patient ${i} ${Date.now()}`,
        birthDate: '1970-01-01',
        confirmNotDuplicate: true,
      }),
    });
    patients.push(((await res.json()) as { patient: { id: string } }).patient.id);
  }
  // The race first, on the month's first 20 slots (still free); the booking load below then wraps
  // around all the month's slots, so its non-2xx answers are honest 409s.
  // BENCH_RACE_ROUNDS (default 1): more races, each on the next 20 free slots, e.g. to profile the race.
  for (let round = 0; round < Number(process.env.BENCH_RACE_ROUNDS ?? 1); round++) {
    const racers = await registerRacers(base, desk);
    const cpuBefore = { server: cpuMsOf(serverPid), postgres: backend === 'postgres' ? postgresCpuMs(PG_BENCH_DATABASE) : 0 };
    const race = await raceForSlots(base, desk, visitType.id, slots.slice(20 * round, 20 * round + 20), racers);
    races.push({
      backend,
      ...race,
      serverMs: (cpuMsOf(serverPid) - cpuBefore.server) / race.attempts,
      postgresMs: backend === 'postgres' ? (postgresCpuMs(PG_BENCH_DATABASE) - cpuBefore.postgres) / race.attempts : null,
    });
  }
  let next = 0;
  const bookingTitle = 'POST /api/v1/appointments (front desk, Idempotency-Key)';
  const before = { server: cpuMsOf(serverPid), postgres: backend === 'postgres' ? postgresCpuMs(PG_BENCH_DATABASE) : 0 };
  rows.push({
    backend,
    ...(await load(bookingTitle, {
      url: `${base}/api/v1/appointments`,
      method: 'POST',
      headers: { ...desk, 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (request) => {
            const i = next++;
            const slot = slots[i % slots.length]!;
            return {
              ...request,
              headers: { ...request.headers, 'idempotency-key': `bench-${Date.now()}-${i}` },
              body: JSON.stringify({
                patientId: patients[i % patients.length],
                staffId: slot.staffId,
                visitTypeId: visitType.id,
                startsAt: slot.startsAt,
              }),
            };
          },
        },
      ],
    })),
  });
  // Every request sent was answered by then (autocannon waits for the answers in flight).
  cpu.push({
    backend,
    scenario: bookingTitle,
    requests: next,
    serverMs: (cpuMsOf(serverPid) - before.server) / next,
    postgresMs: backend === 'postgres' ? (postgresCpuMs(PG_BENCH_DATABASE) - before.postgres) / next : null,
  });
  return rows;
}

/** Issue 11: read, register and search patients as the front desk, at each table size. */
async function benchPatients(base: string, backend: Row['backend'], databaseUrl: string | undefined): Promise<Row[]> {
  const desk = await signInFrontDesk(base);
  const sizes = databaseUrl ? PATIENT_SIZES : [PGLITE_PATIENTS];
  const rows: Row[] = [];
  let registered = 0;
  for (const size of sizes) {
    if (databaseUrl) await fillPatientsOnPostgres(databaseUrl, size, new Date());
    else await registerPatientsThroughApi(base, desk, size);
    const patientId = await oneMatchPatientId(base, desk);
    const at = `${size.toLocaleString('en')} patients`;
    const one = encodeURIComponent(`${ONE_MATCH.givenName} ${ONE_MATCH.familyName}`);
    rows.push(
      {
        backend,
        ...(await load(`GET /api/v1/patients/{id} (front desk, audited; ${at})`, {
          url: `${base}/api/v1/patients/${patientId}`,
          headers: desk,
        })),
      },
      {
        backend,
        ...(await load(`GET /api/v1/patients?query= one match (${at})`, { url: `${base}/api/v1/patients?query=${one}`, headers: desk })),
      },
      {
        backend,
        ...(await load(`GET /api/v1/patients?query= many, first 20 (${at})`, {
          url: `${base}/api/v1/patients?query=${MANY_MATCH}&limit=20`,
          headers: desk,
        })),
      },
    );
    if (size === sizes[0]) {
      rows.push({
        backend,
        ...(await load(`POST /api/v1/patients (front desk; ${at})`, {
          url: `${base}/api/v1/patients`,
          method: 'POST',
          headers: { ...desk, 'content-type': 'application/json' },
          requests: [{ setupRequest: (request) => ({ ...request, body: registrationBody(registered++) }) }],
        })),
      });
    }
  }
  return rows;
}

function pageTable(rows: Row[]): string {
  const target = (route: string) => PAGE_TARGET_MS[route] ?? DEFAULT_PAGE_TARGET_MS;
  return [
    `Pages: ${PAGE_CONNECTIONS} connections, ${PAGE_SECONDS} s each (the chart ${DURATION} s), found by following links from each demo account's home.`,
    `Not measured: ${NOT_MEASURED.join('; ')}.`,
    '',
    '| database | page route | as | req/s | % of /healthz | p50 ms | p99 ms | target p99 | met | non-2xx | KiB | server CPU ms per request | PostgreSQL CPU ms per request |',
    '|---|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|',
    ...pages.map(
      (p) =>
        `| ${p.backend} | ${p.route} | ${p.account} | ${p.rps} | ${shareOfHealthz(rows, { backend: p.backend, rps: p.rps })} | ${p.p50} | ${p.p99} | < ${target(p.route)} | ${p.p99 < target(p.route) ? 'yes' : '**no**'} | ${p.non2xx} | ${p.kib} | ${p.serverCpuMs} | ${p.postgresCpuMs ?? '—'} |`,
    ),
  ].join('\n');
}

function raceAndMemoryTable(): string {
  return [
    '| database | 200 concurrent bookings on 20 slots | won (201) | 409 slot_taken | other | p50 ms | p99 ms | all answered in s | server CPU ms per attempt | PostgreSQL CPU ms per attempt |',
    '|---|---|---:|---:|---|---:|---:|---:|---:|---:|',
    ...races.map(
      (r) =>
        `| ${r.backend} | ${r.attempts} attempts | ${r.won} | ${r.slotTaken} | ${
          Object.entries(r.other)
            .map(([k, n]) => `${n} × ${k}`)
            .join(', ') || 'none'
        } | ${r.p50} | ${r.p99} | ${r.seconds.toFixed(2)} | ${r.serverMs.toFixed(2)} | ${r.postgresMs === null ? '—' : r.postgresMs.toFixed(2)} |`,
    ),
    '',
    memoryTable(),
  ].join('\n');
}

async function main() {
  // Its own scenario on PostgreSQL only (issue 14), with its own results file.
  if (ONLY === 'device-ingestion') {
    const url = process.env.BENCH_DATABASE_URL;
    if (!url) throw new Error('BENCH_ONLY=device-ingestion measures on PostgreSQL: set BENCH_DATABASE_URL');
    const { benchDeviceIngestion } = await import('./device-ingestion.js');
    return benchDeviceIngestion(url);
  }
  const rows: Row[] = [];
  if (ONLY === undefined) {
    const bare = start(['--import', 'tsx', 'bench/bare-server.ts'], { PORT: '3199' });
    await waitFor('http://127.0.0.1:3199/bare');
    rows.push({ backend: '—', ...(await load('GET /bare (bare Fastify, the ceiling)', { url: 'http://127.0.0.1:3199/bare' })) });
    await stop(bare);
  }
  if (BACKENDS.includes('pglite')) rows.push(...(await benchCarewell('pglite', 3198)));
  if (process.env.BENCH_DATABASE_URL && BACKENDS.includes('postgres')) rows.push(...(await benchCarewell('postgres', PG_BENCH_PORT)));

  const table = [
    `Load: ${CONNECTIONS} connections for ${DURATION} s each, ${new Date().toISOString().slice(0, 10)}, node ${process.version}`,
    '',
    '| database | scenario | req/s | % of /healthz | p50 ms | p99 ms | errors | non-2xx |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) => `| ${r.backend} | ${r.scenario} | ${r.rps} | ${shareOfHealthz(rows, r)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`,
    ),
    '',
    '| database | scenario | requests | server CPU ms per request | PostgreSQL CPU ms per request |',
    '|---|---|---:|---:|---:|',
    ...cpu.map(
      (c) =>
        `| ${c.backend} | ${c.scenario} | ${c.requests} | ${c.serverMs.toFixed(2)} | ${c.postgresMs === null ? '—' : c.postgresMs.toFixed(2)} |`,
    ),
    '',
    raceAndMemoryTable(),
    '',
    signingTable(signings),
    '',
    labResultsTable(labResults, (backend, rps) => shareOfHealthz(rows, { backend, rps })),
    '',
    pageTable(rows),
  ].join('\n');
  mkdirSync('bench/results', { recursive: true });
  // A partial run (BENCH_ONLY) leaves the full table of the last whole run in place.
  writeFileSync(ONLY ? `bench/results/latest-${ONLY}.md` : 'bench/results/latest.md', `${table}\n`);
  process.stdout.write(`${table}\n`);
}

/** A row's throughput as a share of the same backend's /healthz in this run (the machine's speed cancels out). */
function shareOfHealthz(rows: Row[], row: Pick<Row, 'backend' | 'rps'>): string {
  const reference = rows.find((r) => r.backend === row.backend && r.scenario === HEALTHZ);
  return reference && reference.rps > 0 ? `${((100 * row.rps) / reference.rps).toFixed(2)} %` : '—';
}

await main();
