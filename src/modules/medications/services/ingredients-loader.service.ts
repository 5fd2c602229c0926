import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { medicationIngredients } from '../medications.tables.js';

/**
 * Loads the shipped ingredient catalogue (reference/rxnorm-ingredients-2014.tsv.gz: ~13.8k RxCUIs,
 * ~20k names) into `medication_ingredients` and `medication_ingredient_names` when empty, as the
 * ICD-10-CM list is loaded: at start (the server starts it after it listens; the demo seed and
 * formulary writes wait for it), in one transaction under an advisory lock so two processes never
 * load it twice, with one unnest() statement per table. Not a data migration: every migration run
 * and every test template would pay for it. The test global setup loads it once into the template.
 */
export const RXNORM_EDITION = 'RxNorm ingredients via NDF-RT and FDA UNII mappings (2014)';
const LOCK_KEY = 7_310_012; // arbitrary, unique to this loader

export interface IngredientName {
  rxcui: string;
  name: string;
  preferred: boolean;
}

export function readShippedIngredients(): IngredientName[] {
  const text = gunzipSync(readFileSync(new URL('../reference/rxnorm-ingredients-2014.tsv.gz', import.meta.url))).toString('utf8');
  const entries: IngredientName[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [rxcui, name, preferred] = line.split('\t');
    if (rxcui && name) entries.push({ rxcui, name, preferred: preferred === '1' });
  }
  return entries;
}

const loaded = new WeakMap<object, Promise<void>>();

/** Ensures the catalogue is loaded; cheap after the first call per database handle. */
export function ensureIngredientsLoaded(db: Db): Promise<void> {
  const known = loaded.get(db);
  if (known) return known;
  const pending = loadIngredientsIfEmpty(db).then(
    () => undefined,
    (error: unknown) => {
      loaded.delete(db);
      throw error;
    },
  );
  loaded.set(db, pending);
  return pending;
}

/** Starts the load at process start; failures are reported and retried by the next use. */
export function preloadIngredients(db: Db, onError: (error: unknown) => void): Promise<void> {
  const pending = ensureIngredientsLoaded(db);
  pending.catch(onError);
  return pending;
}

async function isEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ rxcui: medicationIngredients.rxcui }).from(medicationIngredients).limit(1);
  return rows.length === 0;
}

/** Returns the number of ingredients inserted (0 when the catalogue was already there). */
export async function loadIngredientsIfEmpty(db: Db): Promise<number> {
  if (!(await isEmpty(db))) return 0;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
    if (!(await isEmpty(tx))) return 0;
    const entries = readShippedIngredients();
    const preferred = entries.filter((e) => e.preferred);
    await tx.execute(sql`insert into medication_ingredients (rxcui, name)
      select * from unnest(${sql.param(preferred.map((e) => e.rxcui))}::text[], ${sql.param(preferred.map((e) => e.name))}::text[])`);
    await tx.execute(sql`insert into medication_ingredient_names (rxcui, name, preferred)
      select * from unnest(${sql.param(entries.map((e) => e.rxcui))}::text[], ${sql.param(entries.map((e) => e.name))}::text[],
                           ${sql.param(entries.map((e) => e.preferred))}::boolean[])`);
    return preferred.length;
  });
}
