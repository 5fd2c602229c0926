import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';

/** Schemas whose tables a backup must carry: the app's, the migration journal's and the job queue's. */
const BACKED_UP_SCHEMAS = ['public', 'drizzle', 'pgboss'];

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * Exact row counts per table ("schema.table" → count), in one statement so they describe one
 * snapshot. The names come from the catalogue and are quoted with quote_ident, never from input.
 */
export async function countRowsPerTable(db: Db): Promise<Record<string, number>> {
  const tables = rowsOf<{ name: string; quoted: string }>(
    await db.execute(sql`select table_schema || '.' || table_name as name,
        quote_ident(table_schema) || '.' || quote_ident(table_name) as quoted
      from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema in (${sql.join(
        BACKED_UP_SCHEMAS.map((s) => sql`${s}`),
        sql`, `,
      )})
      order by 1`),
  );
  if (tables.length === 0) return {};
  const parts = tables.map((t) => sql.raw(`select '${t.name.replace(/'/g, "''")}' as name, count(*)::int as n from ${t.quoted}`));
  const counts = rowsOf<{ name: string; n: number }>(await db.execute(sql.join(parts, sql.raw(' union all '))));
  return Object.fromEntries(counts.map((c) => [c.name, Number(c.n)]));
}

/** Tables whose counts differ ("name: expected → actual"), empty when the two agree. */
export function compareRowCounts(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return names.filter((n) => expected[n] !== actual[n]).map((n) => `${n}: ${expected[n] ?? 'absent'} → ${actual[n] ?? 'absent'}`);
}
