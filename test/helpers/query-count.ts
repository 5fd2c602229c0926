import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { Db } from '../../src/platform/db/database.js';
import type { TestApp } from './app.js';

export interface QueryCounter {
  /** A second Drizzle handle on the test database: pass it to a service instead of `t.db`. */
  db: Db;
  /** Statements sent through `db` since the last reset. */
  count: () => number;
  /** Their SQL text, in order (parameters not included). */
  statements: () => readonly string[];
  /** How many of them match, e.g. /insert into "audit_events"/. */
  matching: (pattern: RegExp) => number;
  reset: () => void;
}

/**
 * Counts the statements a service issues on the test database (PGlite or PostgreSQL), so a test
 * can hold a page or route to a constant number of queries as the data grows (no N+1).
 * Transaction control (begin, commit, rollback, savepoints) is not counted: Drizzle logs it on
 * node-postgres but not on PGlite, and the count must mean the same on both databases.
 */
const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|savepoint|release savepoint|rollback to savepoint)\b/i;

export function countQueries(t: TestApp): QueryCounter {
  let sent: string[] = [];
  const logger = { logQuery: (query: string) => void (TRANSACTION_CONTROL.test(query) ? undefined : sent.push(query)) };
  const db = (t.database.pglite ? drizzlePglite(t.database.pglite, { logger }) : drizzlePg(t.database.pool!, { logger })) as unknown as Db;
  return {
    db,
    count: () => sent.length,
    statements: () => sent,
    matching: (pattern) => sent.filter((q) => pattern.test(q)).length,
    reset: () => void (sent = []),
  };
}

export interface AppStatementCounter {
  /** Statements the whole app sent since the last reset (transaction control not counted). */
  count: () => number;
  statements: () => readonly string[];
  /** The same statements with their parameters (for EXPLAIN). */
  sentWithParams: () => readonly { text: string; params: unknown[] }[];
  reset: () => void;
}

/**
 * Counts every statement the app itself sends, whatever handle it uses (the shared handle, a
 * transaction, a prepared statement made at any time), by wrapping the driver under Drizzle:
 * the PGlite instance's `query`/`exec` and its transactions on PGlite, the pool's `query` and the
 * clients it lends on PostgreSQL. Install once per test app; counts until the app closes.
 */
export function countAppStatements(t: TestApp): AppStatementCounter {
  let sent: { text: string; params: unknown[] }[] = [];
  const record = (query: unknown, params: unknown) => {
    const text = typeof query === 'string' ? query : ((query as { text?: string } | null)?.text ?? String(query));
    if (!TRANSACTION_CONTROL.test(text)) sent.push({ text, params: Array.isArray(params) ? params : [] });
  };
  type Fn = (...args: unknown[]) => unknown;
  const counting = (target: object, method: string): Fn => {
    const original = Reflect.get(target, method) as Fn;
    return (...args: unknown[]) => {
      record(args[0], args[1]);
      return original.apply(target, args);
    };
  };
  const countingHandle = <T extends object>(handle: T, methods: string[]): T =>
    new Proxy(handle, {
      get(target, prop) {
        if (typeof prop === 'string' && methods.includes(prop)) return counting(target, prop);
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as Fn).bind(target) : value;
      },
    });
  const pglite = t.database.pglite as unknown as Record<string, Fn> | undefined;
  if (pglite) {
    const query = counting(pglite, 'query');
    const exec = counting(pglite, 'exec');
    const transaction = pglite.transaction!;
    // Own properties on the (guarded) instance: the guard looks them up before the prototype's.
    Object.assign(pglite, {
      query,
      exec,
      transaction: (work: (tx: object) => unknown, ...rest: unknown[]) =>
        transaction((tx: object) => work(countingHandle(tx, ['query', 'exec', 'sql'])), ...rest),
    });
  } else {
    const pool = t.database.pool! as unknown as Record<string, Fn>;
    const connect = pool.connect!.bind(pool);
    Object.assign(pool, {
      query: counting(pool, 'query'),
      // Drizzle borrows a client for a transaction (promise form); pg's own pool.query uses the
      // callback form, which is left alone so a statement is not counted twice.
      connect: (callback?: unknown) =>
        callback ? connect(callback) : (connect() as Promise<object>).then((client) => countingHandle(client, ['query'])),
    });
  }
  return {
    count: () => sent.length,
    statements: () => sent.map((s) => s.text),
    sentWithParams: () => sent,
    reset: () => void (sent = []),
  };
}
