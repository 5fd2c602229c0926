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
