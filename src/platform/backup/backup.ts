import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { openPglite } from '../db/database.js';
import { DataDirLockedError } from '../db/lockfile.js';
import { requestDatabaseDump } from './admin-socket.js';
import {
  listFiles,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  secretFingerprint,
  sha256OfFile,
  type BackupManifest,
} from './manifest.js';
import { runPostgresTool } from './postgres-tools.js';
import { countRowsPerTable } from './row-counts.js';

export interface BackupOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  appSecret: string | undefined;
  target: string;
  clock: () => Date;
}

const MIGRATIONS_TABLE = 'drizzle.__drizzle_migrations';

/** The app secret a restore will need, without ever generating one (unlike the server's resolveAppSecret). */
export function existingAppSecret(configured: string | undefined, dataDir: string): string | undefined {
  if (configured) return configured;
  const file = path.join(dataDir, 'app-secret');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

export function assertEmptyDirectory(dir: string, what: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${what} ${dir} is not empty: refusing to write over it.`);
}

/**
 * Writes a backup into `target` (absent or empty): the database copy, the encrypted file store,
 * and manifest.json last. Never the app secret or any key: the operator keeps those apart.
 */
export async function runBackup(options: BackupOptions): Promise<BackupManifest> {
  const secret = existingAppSecret(options.appSecret, options.dataDir);
  if (!secret)
    throw new Error(
      `No app secret (APP_SECRET or ${path.join(options.dataDir, 'app-secret')}): this data could not be read after a restore.`,
    );
  assertEmptyDirectory(options.target, 'The backup directory');
  mkdirSync(options.target, { recursive: true, mode: 0o700 });

  // The database first, then the files: objects are write-once, so every file a copied row names
  // is already on disk when the file store is copied.
  const database = options.databaseUrl
    ? await backupPostgres(options.databaseUrl, options.target)
    : await backupPglite(options.dataDir, options.target);
  copyFileStore(path.join(options.dataDir, 'files'), path.join(options.target, 'files'));

  const files = [];
  for (const file of listFiles(options.target, options.target))
    files.push({ path: file, ...(await sha256OfFile(path.join(options.target, file))) });
  const manifest: BackupManifest = {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_VERSION,
    databaseKind: options.databaseUrl ? 'postgres' : 'pglite',
    createdAt: options.clock().toISOString(),
    migrations: database.rowCounts[MIGRATIONS_TABLE] ?? 0,
    secretFingerprint: secretFingerprint(secret),
    rowCounts: database.rowCounts,
    files,
  };
  const partial = path.join(options.target, `${MANIFEST_FILE}.partial`);
  writeFileSync(partial, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  renameSync(partial, path.join(options.target, MANIFEST_FILE));
  return manifest;
}

/**
 * PGlite: a running server (it holds the lock) makes the copy through its admin socket; with no
 * server, this process takes the lock and dumps. The counts come from loading the copy itself in
 * memory, which also proves it opens.
 */
async function backupPglite(dataDir: string, target: string): Promise<{ rowCounts: Record<string, number> }> {
  const dbDir = path.join(dataDir, 'db');
  if (!existsSync(path.join(dbDir, 'PG_VERSION'))) throw new Error(`No embedded database in ${dbDir}.`);
  let dump: Buffer;
  try {
    const own = await openPglite({ dataDir: dbDir });
    try {
      dump = Buffer.from(await (await own.pglite!.dumpDataDir('gzip')).arrayBuffer());
    } finally {
      await own.close();
    }
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    dump = await requestDatabaseDump(dataDir);
  }
  writeFileSync(path.join(target, 'database.tar.gz'), dump, { mode: 0o600 });
  const copy = await openPglite({ loadDataDir: new Blob([new Uint8Array(dump)]) });
  try {
    return { rowCounts: await countRowsPerTable(copy.db) };
  } finally {
    await copy.close();
  }
}

/**
 * PostgreSQL: the counts and pg_dump read the same exported snapshot, so they describe the same
 * instant even while the server keeps writing.
 */
async function backupPostgres(url: string, target: string): Promise<{ rowCounts: Record<string, number> }> {
  const client = new pg.Client({ connectionString: url, application_name: 'carewell-backup' });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const snapshot = (await client.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0]!.id;
    const rowCounts = await countRowsPerTable(drizzle(client));
    await runPostgresTool('pg_dump', url, [
      '--format=custom',
      `--snapshot=${snapshot}`,
      '--no-owner',
      '--no-privileges',
      `--file=${path.join(target, 'database.pgdump')}`,
    ]);
    await client.query('commit');
    return { rowCounts };
  } finally {
    await client.end();
  }
}

/** Copies `files/objects` (committed objects only; `tmp/` holds unfinished uploads) keeping 0700/0600. */
export function copyFileStore(from: string, to: string): number {
  const objects = path.join(from, 'objects');
  if (!existsSync(objects)) return 0;
  const files = listFiles(objects, from);
  for (const file of files) {
    const destination = path.join(to, file);
    mkdirSync(path.dirname(destination), { recursive: true, mode: 0o700 });
    copyFileSync(path.join(from, file), destination);
  }
  return files.length;
}
