import { Placeholder, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `column = any($1::uuid[])`: a list of ids as ONE array parameter. An empty list is `false`, as
 * with `inArray`, which the planner folds away without reading anything.
 *
 * Why: drizzle's `inArray` writes one parameter per id, so the statement of a list view ("my
 * patients", a board, a calendar) grew with its rows: drizzle built every parameter on every view,
 * and each length was a new statement text for PostgreSQL to parse and plan, and a new named
 * statement on every connection (issue 11). With one array, the text never changes.
 *
 * Not where the query also orders by another indexed column with a LIMIT (an alert or thread list
 * by time): the planner cannot see how many ids an array parameter holds, and there it chose to
 * walk the ordering index whole (list-query-plans.int.test.ts); those keep `inArray`.
 *
 * The ids are checked to be UUIDs, so the array literal cannot be made to hold anything else.
 */
export function isAnyId(column: PgColumn, ids: readonly string[] | Placeholder): SQL {
  // In a statement built once the list is a placeholder, filled by `idListValue` (checked there).
  if (ids instanceof Placeholder) return sql`${column} = any(${ids}::uuid[])`;
  if (ids.length === 0) return sql`false`;
  return sql`${column} = any(${idListValue(ids)}::uuid[])`;
}

/** The array literal of a list of ids, for `isAnyId`'s placeholder; every id must be a UUID. */
export function idListValue(ids: readonly string[]): string {
  for (const id of ids) {
    if (!UUID.test(id)) throw new TypeError('isAnyId: every id must be a UUID');
  }
  return `{${[...new Set(ids)].join(',')}}`;
}

/**
 * The array literal of a list of codes (a `text[]` placeholder's value in a statement built once):
 * each element quoted, with `"` and `\` escaped, so a code cannot end its element or the array.
 */
export function textListValue(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
