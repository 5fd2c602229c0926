import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { patients, careTeamMembers } from '../src/modules/patients/index.js';
import { staffProfiles } from '../src/modules/staff/index.js';
import { users } from '../src/platform/auth/auth.tables.js';
import { issueSession } from '../src/platform/auth/session.service.js';
import { loadConfig } from '../src/platform/config.js';
import { openPostgres } from '../src/platform/db/database.js';
import { runMigrations } from '../src/platform/db/migrate.js';

/**
 * Issue 14: device ingestion on PostgreSQL, over HTTP against the app in this process.
 *  1. Throughput: readings per second sent as JSON batches (BENCH_DEVICE_BATCH readings each, default
 *     500) by BENCH_DEVICE_CONNECTIONS devices at once (default 4), each a separate patient enrolled
 *     in home blood-pressure monitoring (so every batch is also weighed against its programme).
 *     Target: at least 2,000 readings a second.
 *  2. Latency: a nurse's event stream is open (as the board's page keeps it); a device posts one
 *     reading; measured until the `remote_monitoring.changed` event arrives, and until the board's
 *     table (the fragment the page swaps in) has been re-read. Target: under one second.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/device-ingestion.ts
 *   (or BENCH_ONLY=device-ingestion npm run bench). Results: bench/results/latest-device-ingestion.md.
 *
 * It creates a scratch database next to the one named (migrated from scratch), and drops it after.
 */
const BATCH = Number(process.env.BENCH_DEVICE_BATCH ?? 500);
const DEVICES = Number(process.env.BENCH_DEVICE_CONNECTIONS ?? 4);
const BATCHES_PER_DEVICE = Number(process.env.BENCH_DEVICE_BATCHES ?? 20);
const LATENCY_SAMPLES = Number(process.env.BENCH_DEVICE_LATENCY_SAMPLES ?? 20);

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

export async function benchDeviceIngestion(url: string): Promise<void> {
  const scratch = `carewell_bench_devices_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${scratch}`);
  const scratchUrl = new URL(url);
  scratchUrl.pathname = `/${scratch}`;
  const database = await openPostgres(scratchUrl.toString(), { max: 10 });
  try {
    await runMigrations(database);
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: '.cache/bench-devices',
      DATABASE_URL: scratchUrl.toString(),
    });
    const { app } = await buildApp({
      config,
      database,
      logger: pino({ level: 'silent' }),
      appSecret: 'bench-secret-0123456789abcdef0123456789abcdef',
    });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const db = database.db;
      const now = () => new Date();
      const [nurseUser] = await db
        .insert(users)
        .values({
          email: `nurse.${randomUUID()}@bench.test`,
          passwordHash: 'x',
          role: 'nurse',
          emailVerifiedAt: now(),
          createdAt: now(),
          updatedAt: now(),
        })
        .returning();
      const [staff] = await db
        .insert(staffProfiles)
        .values({ userId: nurseUser!.id, givenName: 'Bench', familyName: 'Nurse', createdAt: now(), updatedAt: now() })
        .returning();
      const nurse = await issueSession(db, { userId: nurseUser!.id, kind: 'api', ip: null, userAgent: 'bench', now: now() });
      const call = (method: string, route: string, token: string, body?: unknown) =>
        fetch(`${address}${route}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
      const credentials: string[] = [];
      for (let i = 0; i < DEVICES; i++) {
        const mrn = `B${process.pid}${i}`;
        const [patient] = await db
          .insert(patients)
          .values({ mrn, givenName: 'Bench', familyName: `Patient ${i}`, birthDate: '1960-01-01', createdAt: now(), updatedAt: now() })
          .returning();
        await db.insert(careTeamMembers).values({ patientId: patient!.id, staffId: staff!.id, startsAt: now(), createdAt: now() });
        const enrol = await call('POST', `/api/v1/patients/${patient!.id}/monitoring-enrolments`, nurse.token, { programme: 'home_bp' });
        if (enrol.status !== 201) throw new Error(`enrol: ${enrol.status} ${await enrol.text()}`);
        const device = await call('POST', `/api/v1/patients/${patient!.id}/devices`, nurse.token, { kind: 'bp_cuff', label: `Cuff ${i}` });
        if (device.status !== 201) throw new Error(`device: ${device.status} ${await device.text()}`);
        credentials.push(((await device.json()) as { credential: string }).credential);
      }

      // 1. Throughput. Readings a second apart, going back in time (a backfill), two codes per instant.
      const started = performance.now();
      const batchMs: number[] = [];
      let stored = 0;
      await Promise.all(
        credentials.map(async (credential, d) => {
          for (let b = 0; b < BATCHES_PER_DEVICE; b++) {
            const readings = [];
            for (let r = 0; r < BATCH / 2; r++) {
              const at = new Date(Date.UTC(2026, 0, 1) + (b * BATCH + r) * 60_000 + d).toISOString();
              readings.push(
                { code: '8480-6', value: 120 + (r % 30), unit: 'mm[Hg]', effectiveAt: at },
                { code: '8462-4', value: 75 + (r % 15), unit: 'mm[Hg]', effectiveAt: at },
              );
            }
            const t0 = performance.now();
            const res = await call('POST', '/api/v1/devices/observations', credential, { readings });
            batchMs.push(performance.now() - t0);
            if (res.status !== 200) throw new Error(`batch: ${res.status} ${await res.text()}`);
            stored += ((await res.json()) as { stored: number }).stored;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const perSecond = Math.round(stored / seconds);

      // 2. Ingestion → board. The nurse's stream is open, as on the board's page.
      const controller = new AbortController();
      const stream = await fetch(`${address}/api/v1/events/stream`, {
        headers: { authorization: `Bearer ${nurse.token}`, accept: 'text/event-stream' },
        signal: controller.signal,
      });
      const reader = stream.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      const nextBoardEvent = async () => {
        for (;;) {
          const at = buffer.indexOf('event: remote_monitoring.changed');
          if (at >= 0) {
            buffer = buffer.slice(at + 10);
            return;
          }
          const { value, done } = await reader.read();
          if (done) throw new Error('stream ended');
          buffer += decoder.decode(value, { stream: true });
        }
      };
      const toEvent: number[] = [];
      const toBoard: number[] = [];
      for (let s = 0; s < LATENCY_SAMPLES; s++) {
        const at = new Date().toISOString();
        const t0 = performance.now();
        const res = await call('POST', '/api/v1/devices/observations', credentials[0]!, {
          readings: [
            { code: '8480-6', value: 185, unit: 'mm[Hg]', effectiveAt: at },
            { code: '8462-4', value: 125, unit: 'mm[Hg]', effectiveAt: at },
          ],
        });
        if (res.status !== 200) throw new Error(`latency batch: ${res.status}`);
        await nextBoardEvent();
        toEvent.push(performance.now() - t0);
        const board = await call('GET', '/api/v1/remote-monitoring/board', nurse.token);
        if (board.status !== 200) throw new Error(`board: ${board.status}`);
        await board.text();
        toBoard.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 20));
      }
      controller.abort();

      const lines = [
        '# Device ingestion (issue 14)',
        '',
        `PostgreSQL ${(await admin.query('show server_version')).rows[0].server_version}, Node ${process.version}, app in the bench process over HTTP (127.0.0.1). ${new Date().toISOString()}.`,
        '',
        '| measure | value | target |',
        '|---|---|---|',
        `| readings stored per second (${DEVICES} devices at once, batches of ${BATCH}, ${stored} readings) | ${perSecond} | ≥ 2,000 |`,
        `| one batch of ${BATCH}: p50 / p99 ms | ${Math.round(percentile(batchMs, 50))} / ${Math.round(percentile(batchMs, 99))} | |`,
        `| ingestion → board event on the nurse's stream: p50 / p99 ms (${LATENCY_SAMPLES} samples) | ${Math.round(percentile(toEvent, 50))} / ${Math.round(percentile(toEvent, 99))} | < 1,000 |`,
        `| ingestion → board re-read (event, then the board's read): p50 / p99 ms | ${Math.round(percentile(toBoard, 50))} / ${Math.round(percentile(toBoard, 99))} | < 1,000 |`,
        '',
        'Each batch: the device lookup, the ledger claim (unique device+code+time), one audit row, one multi-row',
        'observation insert, the device and enrolment updates, the care-plan goal read and the board event.',
        '',
      ];
      const out = path.resolve('bench/results/latest-device-ingestion.md');
      writeFileSync(out, lines.join('\n'));
      console.log(lines.join('\n'));
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    await admin.query(`drop database if exists ${scratch} with (force)`);
    await admin.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL: the PostgreSQL server to measure on, e.g. postgres://postgres@127.0.0.1:5432/postgres');
  await benchDeviceIngestion(url);
}
