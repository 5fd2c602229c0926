import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openPglite, openPostgres, type Database } from '../db/database.js';
import { assertEmptyDirectory, copyFileStore, existingAppSecret } from './backup.js';
import { readManifest, secretFingerprint, sha256OfFile, verifyBackupFiles, type BackupManifest } from './manifest.js';
import { runPostgresTool } from './postgres-tools.js';
import { compareRowCounts, countRowsPerTable } from './row-counts.js';

export interface RestoreOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  appSecret: string | undefined;
  source: string;
}

/**
 * Restores a backup into an EMPTY target (a new DATA_DIR, or an empty PostgreSQL database) and
 * proves it: every file's SHA-256 before and after copying, and the row count of every table
 * against the manifest. The app secret must be supplied (APP_SECRET or `$DATA_DIR/app-secret`)
 * and match the one the backup was made with, or the encrypted files and columns are unreadable.
 */
export async function runRestore(options: RestoreOptions): Promise<BackupManifest> {
  const manifest = readManifest(options.source);
  const problems = await verifyBackupFiles(options.source, manifest);
  if (problems.length > 0) throw new Error(`The backup is damaged:\n  ${problems.join('\n  ')}`);
  const kind = options.databaseUrl ? 'postgres' : 'pglite';
  if (manifest.databaseKind !== kind) {
    throw new Error(
      `This backup is of a ${manifest.databaseKind} database; the configuration points at ${kind} (${options.databaseUrl ? 'DATABASE_URL is set' : 'DATABASE_URL is not set'}).`,
    );
  }
  const secret = existingAppSecret(options.appSecret, options.dataDir);
  if (!secret) {
    throw new Error(
      `Supply the app secret the backup was made with (APP_SECRET, or the file ${path.join(options.dataDir, 'app-secret')} with mode 0600) before restoring: backups never contain it.`,
    );
  }
  if (secretFingerprint(secret) !== manifest.secretFingerprint) {
    throw new Error('The app secret supplied is not the one this backup was made with: its encrypted files and columns could not be read.');
  }
  const filesDir = path.join(options.dataDir, 'files');
  assertEmptyDirectory(path.join(filesDir, 'objects'), 'The file store');

  const database =
    kind === 'pglite' ? await restorePglite(options.dataDir, options.source) : await restorePostgres(options.databaseUrl!, options.source);
  try {
    const differences = compareRowCounts(manifest.rowCounts, await countRowsPerTable(database.db));
    if (differences.length > 0) throw new Error(`The restored database differs from the backup:\n  ${differences.join('\n  ')}`);
  } finally {
    await database.close();
  }

  copyFileStore(path.join(options.source, 'files'), filesDir);
  for (const file of manifest.files.filter((f) => f.path.startsWith('files/'))) {
    const copied = await sha256OfFile(path.join(options.dataDir, file.path));
    if (copied.sha256 !== file.sha256) throw new Error(`${file.path} differs after copying: the target disk may be failing.`);
  }
  return manifest;
}

async function restorePglite(dataDir: string, source: string): Promise<Database> {
  const dbDir = path.join(dataDir, 'db');
  assertEmptyDirectory(dbDir, 'The embedded database directory');
  try {
    return await openPglite({ dataDir: dbDir, loadDataDir: new Blob([readFileSync(path.join(source, 'database.tar.gz'))]) });
  } catch (error) {
    rmSync(dbDir, { recursive: true, force: true }); // it was empty before: leave nothing half-loaded
    throw error;
  }
}

async function restorePostgres(url: string, source: string): Promise<Database> {
  const database = await openPostgres(url, { max: 2 });
  const existing = await database.db.execute(
    sql`select count(*)::int as n from information_schema.tables where table_schema in ('public', 'drizzle', 'pgboss')`,
  );
  const rows = (Array.isArray(existing) ? existing : (existing as { rows: { n: number }[] }).rows) as { n: number }[];
  if (Number(rows[0]?.n ?? 0) > 0) {
    await database.close();
    throw new Error(
      'The target PostgreSQL database is not empty: restore into a newly created database (createdb), never over a live one.',
    );
  }
  try {
    await runPostgresTool('pg_restore', url, [
      '--exit-on-error',
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      path.join(source, 'database.pgdump'),
    ]);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
