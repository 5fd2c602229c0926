import * as drizzle from 'drizzle-orm';
import { sql, type Placeholder, type Query, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from './database.js';
import { inlineConstantStrings } from './inline-constants.js';

/**
 * Several independent SELECTs in ONE statement (one round trip, one snapshot): each query becomes
 * a JSON column of its rows, `(select json_agg(...) from (<query>) q)`, and each row is decoded by
 * Drizzle's own column decoders, so callers get exactly what awaiting the query would give.
 *
 * Why: a page that shows several parts of a record used to pay one round trip per part; on a
 * pooled PostgreSQL connection the round trips, not the queries, were the cost (issue 11).
 *
 * A query keeps its own ORDER BY and LIMIT; json_agg over a sorted sub-select keeps that order
 * (PostgreSQL aggregates the rows in the order the sub-select returns them, and nothing is joined
 * or grouped above it here).
 */

/** A Drizzle select builder not run yet (what a repository returns before it is awaited). */
export type SelectQuery = SQLWrapper & PromiseLike<unknown[]>;

/** A query and what its caller makes of the rows: run alone or together with others. */
export interface DeferredRead<T> {
  query: SelectQuery;
  map: (rows: never[]) => T;
}

/** Pairs a query with the mapping of its rows (the rows are typed as awaiting the query gives). */
export function deferRead<Q extends SelectQuery, T>(query: Q, map: (rows: Awaited<Q>) => T): DeferredRead<T> {
  return { query, map: map as (rows: never[]) => T };
}

/** The same read with its result passed through `f` (no query of its own). */
export function mapRead<T, U>(read: DeferredRead<T>, f: (value: T) => U): DeferredRead<U> {
  return { query: read.query, map: (rows) => f(read.map(rows)) };
}

/** Runs one deferred read on its own, as a plain query (the same result as reading it together). */
export async function runRead<T>(read: DeferredRead<T>): Promise<T> {
  return read.map((await read.query) as never[]);
}

export type ReadResults<R extends Record<string, DeferredRead<unknown>>> = {
  [K in keyof R]: R[K] extends DeferredRead<infer T> ? T : never;
};

/**
 * Runs every read in one statement; an empty set of reads costs no statement. `writes` are
 * data-modifying statements (an audit insert) sent in the same statement as data-modifying WITH
 * queries: they commit together with the read or not at all, so an audited view costs one round
 * trip and no transaction, and no row leaves without its audit row.
 */
export async function readTogether<R extends Record<string, DeferredRead<unknown>>>(
  db: Db,
  reads: R,
  options: { writes?: readonly (SQLWrapper | null)[] } = {},
): Promise<ReadResults<R>> {
  const writes = (options.writes ?? []).filter((w): w is SQLWrapper => w !== null);
  if (Object.keys(reads).length === 0 && writes.length > 0) throw new Error('readTogether: writes need at least one read to travel with');
  if (Object.keys(reads).length === 0) return {} as ReadResults<R>;
  const statement = togetherStatement(reads, writes);
  return statement.decode(await db.execute(statement.sql));
}

/**
 * `readTogether` whose statement is BUILT ONCE: `build` writes the reads with `param(name)`
 * (Drizzle placeholders) wherever a value of the request goes, and every call fills them in.
 * `writes`, written the same way, travel in the statement as `readTogether`'s do (an audit row:
 * `preparedAuditValuesInsert`, filled by `auditValues`).
 *
 * Why: building a large statement is Drizzle's costliest work. The signing checks' facts (six
 * reads in one statement) allocated ~0.5 MB per request in building their SQL text, which kept
 * the collector marking every half second and put its pauses in the slowest requests (issue 12's
 * p99). The reads' `map` functions are kept from the first build, so they must not close over a
 * request's values. PostgreSQL also sees one text, so its named statement is reused
 * (prepared-statements.ts).
 */
export function preparedReadTogether<P extends string, R extends Record<string, DeferredRead<unknown>>>(
  build: (db: Db, param: (name: P) => Placeholder<P>) => R,
  options: { writes?: (db: Db, param: (name: P) => Placeholder<P>) => readonly SQLWrapper[] } = {},
): (db: Db, values: Record<P, unknown>) => Promise<ReadResults<R>> {
  return builtOnce((db) => {
    const param = (name: P) => sql.placeholder(name);
    return togetherStatement(build(db, param), options.writes?.(db, param) ?? []);
  });
}

/**
 * Reads written with placeholders, to ride in ANOTHER module's statement built once (the portal
 * home's inbox and names in the record's statement): `build` writes them with `param(name)`, and
 * `values` fills them for this request. `key` names their shape: the statement is built once per
 * key, so one key must always build the same reads, and their `map` must not close over a
 * request's values.
 */
export interface PreparedReads<P extends string, R extends Record<string, DeferredRead<unknown>>> {
  key: string;
  build: (db: Db, param: (name: P) => Placeholder<P>) => R;
  values: Record<P, unknown>;
}

/** A read and the writes made from its rows, for `readWithWrites` and `preparedReadWithWrites`. */
export interface ReadWithWrites<T> {
  read: DeferredRead<T>;
  /** The data-modifying statements, each selecting from `found` (the read's rows as a WITH query). */
  writes: (found: SQL) => readonly SQLWrapper[];
}

/**
 * ONE read and writes made FROM ITS ROWS (the audit row of a search naming how many it found; the
 * audit row of a read, written only when the record is there), in ONE statement: the read is a
 * WITH query named `found` that each write selects from, and its rows come back as awaiting the
 * read gives. A data-modifying WITH always runs, and it commits with the read or not at all.
 *
 * Why: a read and its audit row were two round trips, and on the two cores the socket writes of
 * the round trips were the largest cost of the API's reads (issue 11's profiles).
 */
export async function readWithWrites<T>(db: Db, statement: ReadWithWrites<T>): Promise<T> {
  const built = foundStatement(statement);
  return built.decode(await db.execute(built.sql));
}

/**
 * `readWithWrites` BUILT ONCE, as `preparedReadTogether` is: `build` writes the read and the writes
 * with `param(name)` wherever a value of the request goes, and every call fills them in.
 */
export function preparedReadWithWrites<P extends string, T>(
  build: (db: Db, param: (name: P) => Placeholder<P>) => ReadWithWrites<T>,
): (db: Db, values: Record<P, unknown>) => Promise<T> {
  return builtOnce((db) => foundStatement(build(db, (name) => sql.placeholder(name))));
}

/**
 * The compile step of the two: the statement is built and turned into SQL text on the first call
 * only (its constant strings as literals, so PostgreSQL's kept plan can use partial indexes), and
 * every call runs that text with its own values.
 */
function builtOnce<T>(
  statementOf: (db: Db) => { sql: SQL; decode: (result: unknown) => T },
): (db: Db, values: Record<string, unknown>) => Promise<T> {
  let compiled: { query: Query; decode: (result: unknown) => T } | undefined;
  return async (db, values) => {
    if (!compiled) {
      const statement = statementOf(db);
      compiled = {
        query: inlineConstantStrings((db as unknown as DbInternals).dialect.sqlToQuery(statement.sql)),
        decode: statement.decode,
      };
    }
    const prepared = (db as unknown as DbInternals).session.prepareQuery(compiled.query, undefined, undefined, false);
    return compiled.decode(await prepared.execute(values));
  };
}

function foundStatement<T>({ read, writes }: ReadWithWrites<T>): { sql: SQL; decode: (result: unknown) => T } {
  const found = sql`${sql.identifier('found')}`;
  const { fields, joinsNotNullableMap } = fieldsOf(read.query);
  const mapper = rowMapper(fields, joinsNotNullableMap);
  const withWrites = writes(found).map((write, i) => sql`, ${sql.identifier(`w${i}`)} as (${write.getSQL()})`);
  // The rows leave in the read's own order: json_agg over the scan of one WITH query keeps it.
  const rows = jsonRowsOf(fields.length, sql`${found}`, 'found');
  const statement = sql`with ${found} as (${read.query.getSQL()})${sql.join(withWrites)} select (${rows}) as r0`;
  const decode = (result: unknown): T => read.map(decodeJsonRows(result, 'r0').map(mapper) as never[]);
  return { sql: statement, decode };
}

/** Drizzle's dialect and session, present on every database and transaction handle (untyped there, 0.45). */
interface DbInternals {
  dialect: { sqlToQuery(sql: SQL): Query };
  session: {
    prepareQuery(
      query: Query,
      fields: undefined,
      name: undefined,
      arrayMode: boolean,
    ): { execute(values: Record<string, unknown>): Promise<unknown> };
  };
}

/** The one statement of a set of reads (and writes), and how to decode its single row. */
function togetherStatement<R extends Record<string, DeferredRead<unknown>>>(
  reads: R,
  writes: readonly SQLWrapper[],
): { sql: SQL; decode: (result: unknown) => ReadResults<R> } {
  const names = Object.keys(reads);
  const shapes = names.map((name) => fieldsOf(reads[name]!.query));
  const columns = names.map(
    (name, i) => sql`(${jsonRowsOf(shapes[i]!.fields.length, sql`(${reads[name]!.query})`, name)}) as ${sql.identifier(`r${i}`)}`,
  );
  const withWrites = writes.length
    ? sql`with ${sql.join(
        // getSQL(): a builder embedded as itself would be wrapped in parentheses, which WITH refuses.
        writes.map((write, i) => sql`${sql.identifier(`w${i}`)} as (${write.getSQL()})`),
        sql`, `,
      )} `
    : sql``;
  const mappers = shapes.map(({ fields, joinsNotNullableMap }) => rowMapper(fields, joinsNotNullableMap));
  const decode = (result: unknown): ReadResults<R> => {
    const out: Record<string, unknown> = {};
    names.forEach((name, i) => {
      out[name] = reads[name]!.map(decodeJsonRows(result, `r${i}`).map(mappers[i]!) as never[]);
    });
    return out as ReadResults<R>;
  };
  return { sql: sql`${withWrites}select ${sql.join(columns, sql`, `)}`, decode };
}

/** `select` of a source's rows as ONE json array of arrays (its columns renamed c0, c1, … by position). */
function jsonRowsOf(width: number, source: SQL, name: string): SQL {
  // json_build_array takes at most 100 arguments (PostgreSQL's FUNC_MAX_ARGS).
  if (width > 100) throw new Error(`readTogether: "${name}" selects ${width} columns; at most 100 can be read together`);
  const aliases = sql.raw(Array.from({ length: width }, (_, c) => `c${c}`).join(', '));
  const values = sql.raw(Array.from({ length: width }, (_, c) => `q.c${c}`).join(', '));
  return sql`select coalesce(json_agg(json_build_array(${values})), '[]'::json) from ${source} as q(${aliases})`;
}

/** One json column of the statement's single row, as arrays (both drivers parse json; a string is parsed here). */
function decodeJsonRows(result: unknown, column: string): unknown[][] {
  const raw = (result as { rows: Record<string, unknown>[] }).rows[0]![column];
  return (typeof raw === 'string' ? JSON.parse(raw) : raw) as unknown[][];
}

/**
 * Drizzle decodes a row with two helpers it exports at run time but does not type (0.45): the
 * ordered list of selected fields, and the row mapper its drivers use. Checked once at load, so a
 * Drizzle upgrade that moves them fails at start-up, not on a page.
 */
interface OrderedField {
  path: string[];
  field: unknown;
}
const internals = drizzle as unknown as {
  orderSelectedFields: (fields: Record<string, unknown>) => OrderedField[];
  mapResultRow: (fields: OrderedField[], row: unknown[], joinsNotNullableMap: Record<string, boolean> | undefined) => unknown;
};
if (typeof internals.orderSelectedFields !== 'function' || typeof internals.mapResultRow !== 'function') {
  throw new Error('drizzle-orm no longer exports orderSelectedFields/mapResultRow: update src/platform/db/read-together.ts');
}

/**
 * The row mapper for one read. A flat selection (every field a top-level key, which is what the
 * repositories select) is decoded by a loop over decoders chosen once per read: Drizzle's own
 * mapper chooses each column's decoder and walks its path again for every value, and on a page of
 * 480 lab values that garbage was a third of the request's allocations, which made the collector
 * pause mid-request (issue 13's p99). Nested selections keep Drizzle's mapper, whose join
 * nullification they need.
 */
function rowMapper(fields: OrderedField[], joinsNotNullableMap: Record<string, boolean> | undefined): (row: unknown[]) => unknown {
  if (fields.some((f) => f.path.length !== 1)) return (row) => internals.mapResultRow(fields, row, joinsNotNullableMap);
  const keys = fields.map((f) => f.path[0]!);
  const decoders = fields.map((f) => decoderOf(f.field));
  return (row) => {
    const out: Record<string, unknown> = {};
    for (let c = 0; c < keys.length; c++) {
      const raw = row[c];
      out[keys[c]!] = raw === null ? null : decoders[c]!.mapFromDriverValue(raw);
    }
    return out;
  };
}

/** The decoder Drizzle's mapper would use for a selected field (`decoder` is untyped Drizzle internals, 0.45). */
type Decoder = { mapFromDriverValue(value: unknown): unknown };
function decoderOf(field: unknown): Decoder {
  if (drizzle.is(field, drizzle.Column)) return field;
  const sqlOf = drizzle.is(field, drizzle.SQL)
    ? field
    : drizzle.is(field, drizzle.Subquery)
      ? (field as unknown as { _: { sql: unknown } })._.sql
      : (field as { sql: unknown }).sql;
  return (sqlOf as { decoder: Decoder }).decoder;
}

function fieldsOf(query: SelectQuery): { fields: OrderedField[]; joinsNotNullableMap: Record<string, boolean> | undefined } {
  const builder = query as unknown as { config?: { fields?: Record<string, unknown> }; joinsNotNullableMap?: Record<string, boolean> };
  if (!builder.config?.fields) throw new Error('readTogether takes Drizzle select builders');
  return { fields: internals.orderSelectedFields(builder.config.fields), joinsNotNullableMap: builder.joinsNotNullableMap };
}
