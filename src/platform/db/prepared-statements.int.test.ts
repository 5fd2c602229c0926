import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/database.js';
import { postgresLegReady } from '../../../test/helpers/postgres-leg.js';
import type { Database } from './database.js';
import { MAX_NAMED_PER_CONNECTION, statementName } from './prepared-statements.js';

/** The names a connection has prepared, read on that same connection. */
async function preparedOn(client: { query: (text: string) => Promise<{ rows: { name: string }[] }> }): Promise<string[]> {
  return (await client.query('select name from pg_prepared_statements order by name')).rows.map((r) => r.name);
}

describe.runIf(postgresLegReady())('named prepared statements on PostgreSQL', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('prepares a parameterised statement once per connection and reuses it, with the same answers', async () => {
    const client = await database.pool!.connect();
    try {
      const text = 'select $1::int + 1 as n';
      expect((await client.query({ text, values: [1] })).rows).toEqual([{ n: 2 }]);
      expect((await client.query(text, [41])).rows).toEqual([{ n: 42 }]);
      expect(await preparedOn(client)).toEqual([statementName(text)]);
    } finally {
      client.release();
    }
  });

  it('leaves parameterless text unnamed, so several statements in one text still run', async () => {
    const client = await database.pool!.connect();
    try {
      await client.query('create temporary table prepared_probe (n int); insert into prepared_probe values (1); drop table prepared_probe');
      expect(await preparedOn(client)).not.toContain(statementName('create temporary table prepared_probe (n int)'));
    } finally {
      client.release();
    }
  });

  it('works through Drizzle, inside and outside transactions', async () => {
    const doubled = async (db: Database['db'], n: number) => {
      const result: unknown = await db.execute(sql`select ${n}::int * 2 as doubled`);
      return (result as { rows: { doubled: number }[] }).rows;
    };
    expect(await doubled(database.db, 4)).toEqual([{ doubled: 8 }]);
    await database.db.transaction(async (tx) => {
      expect(await doubled(tx as unknown as Database['db'], 5)).toEqual([{ doubled: 10 }]);
    });
  });

  it('stops naming past the per-connection limit, and answers every query all the same', async () => {
    const client = await database.pool!.connect();
    try {
      for (let i = 0; i <= MAX_NAMED_PER_CONNECTION + 5; i++) {
        expect((await client.query(`select $1::int as n, ${i} as i`, [i])).rows[0]).toEqual({ n: i, i });
      }
      expect((await preparedOn(client)).length).toBeLessThanOrEqual(MAX_NAMED_PER_CONNECTION);
    } finally {
      client.release();
    }
  });
});
