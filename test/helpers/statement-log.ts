import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Database } from '../../src/platform/db/database.js';

/**
 * Records every statement the whole app sends to the test database while a request runs (hooks,
 * layout, page and audit included), at the driver: what a page costs in round trips.
 * Unlike `countQueries` (a second Drizzle handle given to one service), nothing is passed in:
 * the app's own database handle is observed.
 *
 * Transactions are counted the same way on both databases: node-postgres sends `begin` as a
 * statement; PGlite runs `transaction()`, which is logged here as `begin` / `commit`.
 */
export interface StatementLog {
  /** SQL text of every statement, in order, with `begin` / `commit` / `rollback` markers. */
  all: () => readonly string[];
  /** Statements that are not transaction control. */
  statements: () => readonly string[];
  count: () => number;
  transactions: () => number;
  matching: (pattern: RegExp) => number;
  reset: () => void;
  stop: () => void;
}

const CONTROL = /^\s*(begin|commit|rollback|savepoint|release savepoint|rollback to savepoint)\b/i;

const textOf = (query: unknown): string => (typeof query === 'string' ? query : String((query as { text?: string } | null)?.text ?? ''));

export function recordStatements(database: Database): StatementLog {
  let sent: string[] = [];
  let on = true;
  const note = (text: string) => void (on ? sent.push(text.trim()) : undefined);
  const undo = database.pglite ? observePglite(database.pglite, note) : observePool(database.pool!, note);
  const statements = () => sent.filter((q) => !CONTROL.test(q));
  return {
    all: () => sent,
    statements,
    count: () => statements().length,
    transactions: () => sent.filter((q) => /^begin\b/i.test(q)).length,
    matching: (pattern) => statements().filter((q) => pattern.test(q)).length,
    reset: () => void (sent = []),
    stop: () => {
      on = false;
      undo();
    },
  };
}

type Note = (text: string) => void;

function observePglite(client: PGlite, note: Note): () => void {
  // Put back on the same object when recording stops, so the methods keep their `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = { query: client.query, exec: client.exec, transaction: client.transaction };
  const wrapQueries = (target: PGlite | Transaction) => {
    const query = target.query.bind(target);
    const exec = target.exec.bind(target);
    Object.assign(target, {
      query: (text: string, ...rest: unknown[]) => (note(text), (query as (...a: unknown[]) => unknown)(text, ...rest)),
      exec: (text: string, ...rest: unknown[]) => (note(text), (exec as (...a: unknown[]) => unknown)(text, ...rest)),
    });
  };
  wrapQueries(client);
  const transaction = original.transaction.bind(client);
  Object.assign(client, {
    transaction: async <T>(callback: (tx: Transaction) => Promise<T>) => {
      note('begin');
      try {
        const result = await transaction(async (tx) => {
          wrapQueries(tx);
          return callback(tx);
        });
        note('commit');
        return result;
      } catch (error) {
        note('rollback');
        throw error;
      }
    },
  });
  return () => void Object.assign(client, original);
}

const OBSERVED = Symbol('statement-log');
/** Pooled clients are wrapped once for the process; each recorder listens while it runs. */
const poolListeners = new Set<Note>();

function observePool(pool: pg.Pool, note: Note): () => void {
  const observe = (client: pg.PoolClient & { [OBSERVED]?: boolean }) => {
    if (client[OBSERVED]) return;
    client[OBSERVED] = true;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: unknown }).query = (first: unknown, ...rest: unknown[]) => {
      for (const listener of poolListeners) listener(textOf(first));
      return query(first, ...rest);
    };
  };
  poolListeners.add(note);
  pool.on('acquire', observe);
  return () => {
    poolListeners.delete(note);
    pool.off('acquire', observe);
  };
}
