import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { writeAudit } from '../src/platform/audit/audit.service.js';
import { sealAuditChain } from '../src/platform/audit/audit-chain.js';
import { listFiles, readManifest, sha256OfFile, type BackupManifest } from '../src/platform/backup/manifest.js';
import { countRowsPerTable } from '../src/platform/backup/row-counts.js';
import { openPglite } from '../src/platform/db/database.js';
import { runMigrations } from '../src/platform/db/migrate.js';
import { createFileService } from '../src/platform/files/index.js';
import { resolveAppSecret } from '../src/platform/secrets.js';
import { makePng } from './helpers/uploads.js';
import { ensureBuilt, groupAlive, npmStart, pollUntil, runNpm, waitReady, type ServiceProcess } from './helpers/service-process.js';
import { randomTestPort } from './helpers/ports.js';

/**
 * The restore drill, run by `npm test`: a server (`npm start`, compiled JavaScript) on a data
 * directory with audited activity and encrypted files; a backup made THROUGH the running server;
 * SIGTERM to npm while a request is in flight (it completes, the lock goes, nothing survives); a
 * restore into a new directory; audit:verify there; a server on the copy, stopped by SIGINT to its
 * whole process group (Ctrl-C). Row counts and file hashes must match at every step.
 */
const root = mkdtempSync(path.join(tmpdir(), 'carewell-drill-'));
const sourceDir = path.join(root, 'source');
const restoredDir = path.join(root, 'restored');
const backupDir = path.join(root, 'backup');
const port = randomTestPort(4100, 400);
const env = (dataDir: string) => ({
  PORT: String(port),
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  DEMO_SEED: 'true',
  NODE_ENV: 'development',
});
const clinicalPng = makePng({ width: 16, height: 16, text: 'drill-file' });
let storedFileId: string;
let server: ServiceProcess | undefined;
let manifest: BackupManifest;

async function prepareSourceData(): Promise<void> {
  const template = process.env.TEST_DATABASE_URL ? undefined : inject('templateDatabase');
  const database = await openPglite({
    dataDir: path.join(sourceDir, 'db'),
    ...(template ? { loadDataDir: new Blob([readFileSync(template)]) } : {}),
  });
  try {
    if (!template) await runMigrations(database);
    const appSecret = resolveAppSecret(undefined, sourceDir);
    const files = createFileService({ dataDir: sourceDir, appSecret, logger: pino({ level: 'silent' }) });
    const now = new Date('2026-03-01T10:00:00Z');
    const stored = await files.storeUpload(database.db, {
      purpose: 'drill',
      allowedTypes: ['image/png'],
      maxBytes: 1_000_000,
      stream: chunks(clinicalPng),
      createdBy: null,
      now,
    });
    storedFileId = stored.id;
    await files.storeUpload(database.db, {
      purpose: 'drill',
      allowedTypes: ['image/png'],
      maxBytes: 1_000_000,
      stream: chunks(makePng({ text: 'second' })),
      createdBy: null,
      now,
    });
    for (const action of ['auth.login', 'patient.read', 'allergy.create']) {
      await writeAudit(database.db, {}, null, { action, resourceType: 'drill', category: 'security' }, now);
    }
    await sealAuditChain(database.db);
  } finally {
    await database.close();
  }
}

async function* chunks(bytes: Buffer): AsyncIterable<Buffer> {
  yield bytes;
}

async function stopWithGroupSignal(process_: ServiceProcess, signal: NodeJS.Signals): Promise<void> {
  process.kill(-process_.group, signal);
  await process_.exited;
  await pollUntil(() => !groupAlive(process_.group), 20_000, 'the process group to end');
}

beforeAll(async () => {
  ensureBuilt();
  mkdirSync(sourceDir);
  await prepareSourceData();
}, 900_000);

afterAll(() => {
  if (server && groupAlive(server.group)) process.kill(-server.group, 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe('restore drill (PGlite, compiled server)', () => {
  it('builds dist/ with every file the code reads at run time', () => {
    const runtimeFiles = listFiles('src', 'src').filter((f) => !/\.(ts|tsx)$/.test(f));
    expect(runtimeFiles.length).toBeGreaterThan(50);
    for (const file of runtimeFiles)
      expect(readFileSync(path.join('dist', file)).equals(readFileSync(path.join('src', file))), file).toBe(true);
    expect(existsSync('dist/server.js') && existsSync('dist/worker.js') && existsSync('dist/cli/audit-verify.js')).toBe(true);
  });

  it('starts with npm start on an existing data directory and answers /readyz', async () => {
    const startedAt = performance.now();
    server = npmStart(env(sourceDir));
    const ms = await waitReady(port, startedAt);
    process.stdout.write(`[drill] npm start → /readyz on an existing data directory: ${Math.round(ms)} ms\n`);
    expect(existsSync(path.join(sourceDir, 'db.lock'))).toBe(true);
  }, 240_000);

  it('backs up through the running server, which keeps the database lock', () => {
    const result = runNpm('backup', [backupDir], env(sourceDir));
    expect(result.status, result.output).toBe(0);
    manifest = readManifest(backupDir);
    expect(manifest.databaseKind).toBe('pglite');
    // The two uploads above, plus the demo hospital's documents: one encrypted object per row.
    const storedFiles = manifest.rowCounts['public.stored_files']!;
    expect(storedFiles).toBeGreaterThanOrEqual(2);
    expect(manifest.rowCounts['public.audit_events']).toBeGreaterThanOrEqual(3);
    expect(manifest.rowCounts['public.icd10_codes']).toBeGreaterThan(90_000);
    expect(manifest.files.filter((f) => f.path.startsWith('files/objects/'))).toHaveLength(storedFiles);
    expect(manifest.files.some((f) => f.path.includes('secret'))).toBe(false);
    expect(readFileSync(path.join(sourceDir, 'db.lock'), 'utf8').trim()).not.toBe('');
    expect(groupAlive(server!.group)).toBe(true);
    // A second backup into the same directory is refused rather than mixed in.
    expect(runNpm('backup', [backupDir], env(sourceDir)).status).toBe(1);
  }, 300_000);

  it('drains a request still in flight on SIGTERM to npm, releases the lock, and leaves no process', async () => {
    const answered = holdRequestInFlight();
    await (await fetch(`http://127.0.0.1:${port}/healthz`)).text(); // the server has read our headers by now
    server!.npm.kill('SIGTERM');
    const status = await answered;
    expect(status).toBeGreaterThanOrEqual(200);
    expect(status).toBeLessThan(500);
    expect(await server!.exited).toBe(0);
    await pollUntil(() => !groupAlive(server!.group), 20_000, 'the process group to end');
    expect(existsSync(path.join(sourceDir, 'db.lock'))).toBe(false);
    expect(existsSync(path.join(sourceDir, 'run', 'admin.sock'))).toBe(false);
  }, 120_000);

  it('refuses to restore without the app secret, which the backup never holds', () => {
    const noSecret = path.join(root, 'no-secret');
    const result = runNpm('restore', [backupDir], env(noSecret));
    expect(result.status).toBe(1);
    expect(result.output).toContain('app secret');
    expect(existsSync(path.join(noSecret, 'db'))).toBe(false);
  }, 120_000);

  it('restores into a new data directory with the same row counts and file hashes', async () => {
    mkdirSync(restoredDir, { mode: 0o700 });
    copyFileSync(path.join(sourceDir, 'app-secret'), path.join(restoredDir, 'app-secret')); // supplied by the operator
    const result = runNpm('restore', [backupDir], env(restoredDir));
    expect(result.status, result.output).toBe(0);
    expect(runNpm('restore', [backupDir], env(restoredDir)).status).toBe(1); // never over existing data

    const counts = async (dataDir: string) => {
      const database = await openPglite({ dataDir: path.join(dataDir, 'db') });
      try {
        return await countRowsPerTable(database.db);
      } finally {
        await database.close();
      }
    };
    const restoredCounts = await counts(restoredDir);
    expect(restoredCounts).toEqual(manifest.rowCounts);
    const appTables = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).filter(([name]) => !name.startsWith('pgboss.')));
    expect(appTables(restoredCounts)).toEqual(appTables(await counts(sourceDir)));
    for (const file of manifest.files.filter((f) => f.path.startsWith('files/'))) {
      const [original, copy] = await Promise.all([
        sha256OfFile(path.join(sourceDir, file.path)),
        sha256OfFile(path.join(restoredDir, file.path)),
      ]);
      expect(copy.sha256).toBe(original.sha256);
      expect(copy.sha256).toBe(file.sha256);
    }
  }, 300_000);

  it('audit:verify passes on the restored copy', () => {
    const result = runNpm('audit:verify', [], env(restoredDir));
    expect(result.status, result.output).toBe(0);
    expect(result.output).toMatch(/audit chain OK: [3-9]\d* events/);
  }, 120_000);

  it('serves the restored copy, whose encrypted file still decrypts, and stops on Ctrl-C (SIGINT to its process group)', async () => {
    const startedAt = performance.now();
    server = npmStart(env(restoredDir));
    const ms = await waitReady(port, startedAt);
    process.stdout.write(`[drill] npm start → /readyz on the restored data directory: ${Math.round(ms)} ms\n`);
    const asset = await fetch(`http://127.0.0.1:${port}/assets/carewell.css`);
    expect(asset.status).toBe(200);
    expect((await asset.text()).length).toBeGreaterThan(1000);
    expect((await fetch(`http://127.0.0.1:${port}/login`)).status).toBe(200);
    for (const name of [
      '/assets/htmx.min.js',
      '/assets/app.js',
      '/assets/records/document-viewer.css',
      '/assets/records/pdf.min.mjs',
      '/assets/identity/passkey.js',
    ]) {
      expect((await fetch(`http://127.0.0.1:${port}${name}`)).status, name).toBe(200);
    }
    const answered = holdRequestInFlight();
    await (await fetch(`http://127.0.0.1:${port}/healthz`)).text();
    await stopWithGroupSignal(server, 'SIGINT'); // what Ctrl-C in a terminal sends to the foreground group
    expect(await answered).toBeLessThan(500);
    expect(existsSync(path.join(restoredDir, 'db.lock'))).toBe(false);

    const database = await openPglite({ dataDir: path.join(restoredDir, 'db') });
    try {
      const files = createFileService({
        dataDir: restoredDir,
        appSecret: resolveAppSecret(undefined, restoredDir),
        logger: pino({ level: 'silent' }),
      });
      const { bytes } = await files.readStoredFile(database.db, storedFileId);
      expect(bytes.equals(clinicalPng)).toBe(true);
    } finally {
      await database.close();
    }
  }, 240_000);
});

/**
 * A sign-in POST whose body is sent in two parts: the rest only once the server has stopped
 * accepting connections, so the request is surely in flight while the server shuts down.
 * Resolves with the status the server finally answered.
 */
function holdRequestInFlight(): Promise<number> {
  const body = 'email=nobody%40carewell.test&password=not-the-password';
  return new Promise<number>((resolve, reject) => {
    const request = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
    });
    request.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    request.on('error', reject);
    request.write(body.slice(0, 10));
    void pollUntil(async () => !(await acceptsConnections()), 30_000, 'the server to stop accepting').then(
      () => request.end(body.slice(10)),
      reject,
    );
  });
}

async function acceptsConnections(): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}
