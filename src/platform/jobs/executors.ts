import type { PGlite } from '@electric-sql/pglite';
import { sql, type SQLChunk } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { Db } from '../db/database.js';

/**
 * pg-boss on PGlite: its multi-statement scripts (installation, maintenance) go to `exec`, single
 * statements with parameters to `query`. PGlite has one session, so after a failure the executor
 * rolls back: an aborted block would otherwise poison every later query of the whole app.
 */
export function pgliteExecutor(pglite: PGlite): PgBoss.Db {
  return {
    async executeSql(text, values) {
      try {
        if ((!values || values.length === 0) && text.includes(';')) {
          const results = await pglite.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        }
        const result = await pglite.query(text, values ?? []);
        return { rows: result.rows as object[] };
      } catch (error) {
        await pglite.exec('ROLLBACK').catch(() => {});
        throw error;
      }
    },
  };
}

interface RawClient {
  query(text: string, values: unknown[]): Promise<{ rows: object[] }>;
}

/**
 * pg-boss with a business transaction's handle, so a job is enqueued only if the change that
 * caused it commits. pg-boss's `$n` placeholders become Drizzle parameters (a placeholder used
 * twice becomes two parameters with the same value).
 */
export function transactionExecutor(tx: Db): PgBoss.Db {
  // The transaction's own connection (PGlite's transaction or node-postgres's client) takes
  // pg-boss's text as it is, so a placeholder used twice stays one parameter of one type: pg-boss's
  // insert reads `startAfter` as text, as a timestamp and as an interval, and split into three
  // parameters the timestamp one failed to bind a delay in seconds (SQLSTATE 22008).
  const client = (tx as unknown as { session?: { client?: RawClient } }).session?.client;
  return {
    async executeSql(text, values = []) {
      if (client && typeof client.query === 'function') {
        const result = await client.query(text, values);
        return { rows: result.rows };
      }
      const chunks: SQLChunk[] = [];
      let last = 0;
      for (const match of text.matchAll(/\$(\d+)/g)) {
        chunks.push(sql.raw(text.slice(last, match.index)));
        const value: unknown = values[Number(match[1]) - 1];
        chunks.push(sql.param(value === undefined ? null : value));
        last = match.index + match[0].length;
      }
      chunks.push(sql.raw(text.slice(last)));
      // PGlite and node-postgres answer in different shapes; the declared result type names neither.
      const raw: unknown = await tx.execute(sql.join(chunks));
      const result = raw as { rows: object[] } | object[];
      return { rows: Array.isArray(result) ? result : result.rows };
    },
  };
}
