import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/database.js';
import { JOBS_SCHEMA } from '../jobs/job-runner.js';

/**
 * The clock has one source: the injected one. A database default or trigger reading the server's
 * clock would let real time leak into rows that tests (and the faketime CI leg) pin, so the
 * migrated schema may contain none. pg-boss's own schema is its business, not ours.
 */
const SERVER_CLOCK =
  /\b(now|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday)\s*\(|\bcurrent_(timestamp|date|time)\b|\blocal(timestamp|time)\b/i;

describe('timestamps come from the injected clock, never the database server', () => {
  it('no column default and no function in the migrated schema reads the server clock', async () => {
    const database = await createTestDatabase();
    try {
      const defaults = await database.db.execute(sql`
        select table_schema || '.' || table_name || '.' || column_name as name, column_default as source
        from information_schema.columns
        where column_default is not null and table_schema not in ('pg_catalog', 'information_schema', ${JOBS_SCHEMA})`);
      const functions = await database.db.execute(sql`
        select n.nspname || '.' || p.proname as name, p.prosrc as source
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and p.prolang = (select oid from pg_language where lanname = 'plpgsql')`);
      const rowsOf = (result: unknown) => (result as { rows: { name: string; source: string }[] }).rows;
      const rows = [...rowsOf(defaults), ...rowsOf(functions)];
      expect(rows.length).toBeGreaterThan(10); // the queries see the schema at all
      expect(rows.filter((r) => SERVER_CLOCK.test(r.source)).map((r) => r.name)).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
