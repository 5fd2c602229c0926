import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../../platform/db/database.js';
import { icd10Codes } from '../icd10.tables.js';

/**
 * Loads the shipped ICD-10-CM list (reference/icd10cm-2021.tsv.gz, ~95k rows) into `icd10_codes`
 * when the table is empty: the server starts it in the background right after it listens
 * (preloadIcd10), and a search arriving meanwhile waits for that same load. One transaction, one
 * bulk statement (an unnest() insert), under an advisory lock so two processes never load it twice. Not a data migration: every migration run (and every test
 * template) would pay for it. The test global setup calls this once on the template database.
 */
export const ICD10_EDITION = 'ICD-10-CM 2021 (January 2021 release)';
const LOCK_KEY = 7_310_001; // arbitrary, unique to this loader

export interface Icd10Entry {
  code: string;
  compactCode: string;
  description: string;
  billable: boolean;
}

function shippedText(): string {
  return gunzipSync(readFileSync(new URL('../reference/icd10cm-2021.tsv.gz', import.meta.url))).toString('utf8');
}

/** The shipped list as entries (the tests compare the loaded table with it). */
export function readShippedIcd10(): Icd10Entry[] {
  const text = shippedText();
  const entries: Icd10Entry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [code, billable, description] = line.split('\t');
    if (code && description) entries.push({ code, compactCode: code.replace('.', ''), description, billable: billable === '1' });
  }
  return entries;
}

const loaded = new WeakMap<object, Promise<void>>();

/** Ensures the list is loaded; cheap after the first call per database handle. */
export function ensureIcd10Loaded(db: Db): Promise<void> {
  const known = loaded.get(db);
  if (known) return known;
  const pending = loadIfEmpty(db).then(
    () => undefined,
    (error: unknown) => {
      loaded.delete(db);
      throw error;
    },
  );
  loaded.set(db, pending);
  return pending;
}

async function isEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ code: icd10Codes.code }).from(icd10Codes).limit(1);
  return rows.length === 0;
}

/**
 * Starts the load at process start so the first search does not pay for it; searches arriving
 * meanwhile share the same promise. Failures are reported and retried by the next search.
 */
export function preloadIcd10(db: Db, onError: (error: unknown) => void): Promise<void> {
  const pending = ensureIcd10Loaded(db);
  pending.catch(onError);
  return pending;
}

/** Returns the number of rows inserted (0 when the list was already there). */
export async function loadIfEmpty(db: Db): Promise<number> {
  if (!(await isEmpty(db))) return 0;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
    if (!(await isEmpty(tx))) return 0;
    return insertShippedList(tx);
  });
}

/**
 * One statement: the list's text is one parameter and the server splits it into rows (the same
 * reading as readShippedIcd10: the header skipped, rows without a code or a title left out). Built
 * as ~95k objects in the server process instead, the load left tens of megabytes of garbage that
 * Node keeps until some later allocation triggers a collection: an idle server stayed above 200 MB.
 */
async function insertShippedList(tx: Db): Promise<number> {
  const result = await tx.execute(sql`with inserted as (
    insert into icd10_codes (code, compact_code, description, billable)
    select f[1], replace(f[1], '.', ''), f[3], f[2] = '1'
    from (select string_to_array(line, E'\t') as f
          from unnest(string_to_array(${shippedText()}::text, E'\n')) with ordinality as lines(line, n)
          where n > 1) as fields
    where coalesce(f[1], '') <> '' and coalesce(f[3], '') <> ''
    returning 1)
    select count(*)::int as n from inserted`);
  return (result as { rows: { n: number }[] }).rows[0]!.n;
}
