import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/database.js';
import type { Database } from '../../../platform/db/database.js';
import { icd10Codes } from './icd10.tables.js';
import { ensureIcd10Loaded, loadIfEmpty, preloadIcd10, readShippedIcd10 } from './services/icd10-loader.service.js';
import { searchIcd10 } from './services/icd10.service.js';

/**
 * The list is loaded once per process at start (preloadIcd10), in one bulk statement; searches
 * that arrive meanwhile wait for that load instead of starting their own.
 */
let database: Database;
const shipped = readShippedIcd10();

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.execute(sql`delete from icd10_codes`); // the template ships it loaded
}, 120_000);
afterAll(async () => database?.close());

async function codeCount(): Promise<number> {
  const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(icd10Codes);
  return Number(row!.n);
}

describe('ICD-10-CM loading at start', () => {
  it('searches arriving during the start-up load share it and answer from the full list', async () => {
    const errors: unknown[] = [];
    const preload = preloadIcd10(database.db, (error) => errors.push(error));
    expect(ensureIcd10Loaded(database.db)).toBe(preload); // one load per handle, whoever asks
    const [diabetes, byCode] = await Promise.all([searchIcd10(database.db, 'type 2 diabetes'), searchIcd10(database.db, 'I10'), preload]);
    expect(errors).toEqual([]);
    expect(diabetes.map((r) => r.code)).toContain('E11.9');
    expect(byCode[0]).toEqual({ code: 'I10', description: 'Essential (primary) hypertension', billable: true });
    expect(await codeCount()).toBe(shipped.length);
    expect(shipped.length).toBeGreaterThan(90_000);
  }, 240_000);

  it('leaves the rows exactly as shipped, and a second load inserts nothing', async () => {
    const rows = await database.db.execute(
      sql`select code, compact_code, description, billable from icd10_codes where code in ('E11.9', 'A00.0', 'Z99.89') order by code`,
    );
    const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as {
      code: string;
      compact_code: string;
      description: string;
      billable: boolean;
    }[];
    const expected = shipped.filter((e) => ['E11.9', 'A00.0', 'Z99.89'].includes(e.code)).sort((a, b) => a.code.localeCompare(b.code));
    expect(list).toEqual(
      expected.map((e) => ({ code: e.code, compact_code: e.compactCode, description: e.description, billable: e.billable })),
    );
    expect(await loadIfEmpty(database.db)).toBe(0);
    expect(await codeCount()).toBe(shipped.length);
  }, 60_000);
});
