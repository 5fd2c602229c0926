import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openPglite, openPostgres } from '../src/platform/db/database.js';
import { MIGRATIONS_FOLDER, runMigrations } from '../src/platform/db/migrate.js';
import type { TestProject } from 'vitest/node';
import { loadIfEmpty } from '../src/modules/records/index.js';
import { loadIngredientsIfEmpty } from '../src/modules/medications/index.js';
import { loadKnowledgeBaseIfEmpty } from '../src/modules/decision-support/index.js';

/** Reference data loaded into the template (not by a migration, see docs/records.md): part of the key. */
const TEMPLATE_REFERENCE_FILES = [
  'src/modules/records/diagnoses/reference/icd10cm-2021.tsv.gz',
  'src/modules/medications/reference/rxnorm-ingredients-2014.tsv.gz',
  'src/modules/decision-support/reference/knowledge-base.ts',
  'src/modules/decision-support/reference/knowledge-base-acute.ts',
  'src/modules/decision-support/reference/knowledge-base-more.ts',
  'src/modules/decision-support/reference/kb-symptoms.ts',
  'src/modules/decision-support/reference/kb-helpers.ts',
  'src/modules/decision-support/reference/guidelines.ts',
];

/** The knowledge base's rows carry this time in the template (tests never depend on it). */
const TEMPLATE_LOAD_TIME = new Date('2026-01-01T00:00:00Z');

/**
 * Migrates one template database per run (keyed by the migrations' content) that every test file
 * clones: a PGlite data-dir dump, or a PostgreSQL template database when TEST_DATABASE_URL is set.
 */
export const CACHE_DIR = path.resolve('.cache');

function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_FOLDER)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    hash.update(file).update(readFileSync(path.join(MIGRATIONS_FOLDER, file)));
  }
  for (const file of TEMPLATE_REFERENCE_FILES) hash.update(file).update(readFileSync(path.resolve(file)));
  // How the dump is made is part of the key too: a template cached before the spent log was dropped is rebuilt.
  hash.update('pglite dump without spent WAL');
  return hash.digest('hex').slice(0, 12);
}

export default async function setup(project: TestProject) {
  const key = migrationsHash();
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const templateName = `carewell_template_${key}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const exists = await admin.query('select 1 from pg_database where datname = $1', [templateName]);
    if (exists.rowCount === 0) {
      await admin.query(`create database ${templateName}`);
      const database = await openPostgres(withDatabase(url, templateName), { max: 2 });
      await runMigrations(database);
      await loadIfEmpty(database.db);
      await loadIngredientsIfEmpty(database.db);
      await loadKnowledgeBaseIfEmpty(database.db, TEMPLATE_LOAD_TIME);
      await database.close();
    }
    await admin.end();
    project.provide('templateDatabase', templateName);
    return;
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  const file = path.join(CACHE_DIR, `pglite-template-${key}.tgz`);
  if (!existsSync(file)) {
    const database = await openPglite({});
    await runMigrations(database);
    await loadIfEmpty(database.db);
    await loadIngredientsIfEmpty(database.db);
    await loadKnowledgeBaseIfEmpty(database.db, TEMPLATE_LOAD_TIME);
    await dropSpentWal(database.pglite!);
    const dump = await database.pglite!.dumpDataDir('gzip');
    // Written under a temporary name and renamed: another test run may be reading the same file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
    await database.close();
  }
  project.provide('templateDatabase', file);
}

/**
 * Checkpoints, then deletes the write-ahead log segments the checkpoint made unnecessary: those
 * before its redo point, and the recycled ones after the segment in use (PostgreSQL makes new ones
 * as it needs them). Why: loading the reference data wrote 13 segments of 16 MB, 208 of the dump's
 * 280 MB, and every test file's PGlite unpacked them: about 5 s a file, half the PGlite leg
 * (docs/testing.md, "CI time", 2026-12-06). Without them a file's database opens in about 1.6 s.
 *
 * PGlite has no public way to delete a file of its data directory, so this reaches its Emscripten
 * file system; should that move, the template is only left larger, never wrong.
 */
async function dropSpentWal(pglite: PGlite): Promise<void> {
  await pglite.exec('checkpoint');
  const { rows } = await pglite.query<{ redo: string; current: string }>(
    'select redo_wal_file as redo, pg_walfile_name(pg_current_wal_lsn()) as current from pg_control_checkpoint()',
  );
  const { redo, current } = rows[0]!;
  const internals = (pglite as unknown as { mod?: { FS?: EmscriptenFs; ENV?: { PGDATA?: string } } }).mod;
  if (!internals?.FS || !internals.ENV?.PGDATA) return;
  const walDir = `${internals.ENV.PGDATA}/pg_wal`;
  for (const name of internals.FS.readdir(walDir)) {
    if (/^[0-9A-F]{24}$/.test(name) && (name < redo || name > current)) internals.FS.unlink(`${walDir}/${name}`);
  }
}

interface EmscriptenFs {
  readdir(path: string): string[];
  unlink(path: string): void;
}

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
