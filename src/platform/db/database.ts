import { EventEmitter } from 'node:events';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Logger } from 'pino';
import { EmbeddedDatabaseStoppedError, isFatalEmbeddedError } from './database-faults.js';
import { createFaultReporter, type FaultReporter } from './fault-reporter.js';
import { acquireDataDirLock } from './lockfile.js';
import { PreparingClient } from './prepared-statements.js';

/** A database handle or a transaction handle: repositories accept either. */
export type Db = PgDatabase<PgQueryResultHKT>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Present on PGlite only (LISTEN/NOTIFY and raw multi-statement exec go through it). */
  pglite?: PGlite;
  /** Present on PostgreSQL only. */
  pool?: pg.Pool;
  /**
   * PostgreSQL only: NOTIFYs heard on the pool's own connections ('notification', channel, payload).
   * Each pooled connection LISTENs on POOL_LISTEN_CHANNELS, and PostgreSQL hands a session its own
   * NOTIFYs with the COMMIT's answer: a change this instance commits is heard here before the
   * commit returns, where the dedicated listener connection would hear it a moment later.
   */
  poolNotifications?: EventEmitter;
  /** Runs multi-statement SQL text (pg-boss, migrations of custom SQL). */
  exec(sqlText: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const PGLITE_EXTENSIONS = { btree_gist, citext, pg_trgm };

/**
 * pg_trgm's `<%` operator (the one a trigram index can answer) reads its threshold from a setting.
 * Every connection gets the name search's (loose enough for "Smyth" → "Smith") when it opens, so a
 * search needs no extra round trip to set it; a search wanting a stricter bar adds its own filter.
 */
export const TRIGRAM_WORD_SIMILARITY_THRESHOLD = 0.3;

/** The session cache's invalidation channel (drizzle/0025_session_cache_invalidation.sql). */
export const SESSIONS_CHANNEL = 'carewell_sessions';
const POOL_LISTEN_CHANNELS = [SESSIONS_CHANNEL];

/** Every statement is bounded so a runaway query cannot hold a connection forever. */
const STATEMENT_TIMEOUT_MS = 15_000;

export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob; logger?: Logger }): Promise<Database> {
  const release = options.dataDir ? acquireDataDirLock(options.dataDir) : () => {};
  try {
    const client = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: PGLITE_EXTENSIONS,
    });
    await client.exec(`set pg_trgm.word_similarity_threshold = ${TRIGRAM_WORD_SIMILARITY_THRESHOLD}`);
    return wrapPglite(guardPglite(client, options.logger), release);
  } catch (error) {
    release();
    throw error;
  }
}

function wrapPglite(client: PGlite, release: () => void): Database {
  const db = drizzlePglite(client) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    pglite: client,
    async exec(sqlText) {
      await client.exec(sqlText);
    },
    async ping() {
      await client.query('select 1');
    },
    async close() {
      try {
        if (!client.closed) await client.close();
      } finally {
        release();
      }
    },
  };
}

export async function openPostgres(
  url: string,
  options: { max?: number; connectionTimeoutMillis?: number; logger?: Logger } = {},
): Promise<Database> {
  const poolNotifications = new EventEmitter();
  const pool = new pg.Pool({
    // Parameterised statements are prepared once per connection (prepared-statements.ts).
    Client: PreparingClient,
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- pg-pool awaits the promise before handing the connection out; @types/pg says void
    onConnect: listenOnPooledConnections(poolNotifications),
    connectionString: url,
    max: options.max ?? 10,
    // Waiting longer than this for a free connection answers 503 (load shedding), not a hang.
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    application_name: 'carewell',
    options: `-c pg_trgm.word_similarity_threshold=${TRIGRAM_WORD_SIMILARITY_THRESHOLD}`,
  });
  handlePoolErrors(pool, createFaultReporter(options.logger, 'pool'));
  const db = drizzlePg(pool) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    pool,
    poolNotifications,
    async exec(sqlText) {
      await pool.query(sqlText);
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      await pool.end();
    },
  };
}

export function openConfiguredDatabase(config: { databaseUrl: string | undefined; dataDir: string }, logger?: Logger): Promise<Database> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl, { ...(logger ? { logger } : {}) })
    : openPglite({ dataDir: path.join(config.dataDir, 'db'), ...(logger ? { logger } : {}) });
}

/**
 * Runs on every new pooled connection before it is handed out (pg-pool's `onConnect`). If the
 * LISTEN fails, that connection's own commits are heard only through the dedicated listener.
 */
function listenOnPooledConnections(notifications: EventEmitter) {
  return async (client: pg.ClientBase) => {
    client.on('notification', (message) => notifications.emit('notification', message.channel, message.payload ?? ''));
    for (const channel of POOL_LISTEN_CHANNELS) await client.query(`listen ${channel}`).catch(() => {});
  };
}

/**
 * A pooled client whose connection breaks emits 'error'; with no listener Node ends the process.
 * pg-pool listens only while a client is idle, so a restart that hits a client checked out by a
 * transaction used to crash the server. Every client gets a listener for its whole life (the
 * query or transaction using it still fails, and the pool drops the broken client on release).
 */
export function handlePoolErrors(pool: pg.Pool, reporter: FaultReporter): void {
  pool.on('error', (error) => reporter.report(error));
  pool.on('connect', (client) => {
    reporter.recovered();
    client.on('error', (error) => reporter.report(error));
  });
}

const PGLITE_ENTRY_POINTS = new Set(['query', 'exec', 'sql', 'transaction', 'listen']);
const PGLITE_TRANSACTION_METHODS = new Set(['query', 'exec', 'sql']);

/**
 * After a PANIC (measured: WAL that cannot grow on a full disk answers SQLSTATE 53100 with severity
 * PANIC) PGlite's next statement blocks the event loop for good, so nothing may reach that
 * instance again: every later call fails fast with EmbeddedDatabaseStoppedError (503), /readyz
 * reports it, and the operator frees space and restarts. A PANIC inside a transaction never
 * settles, because PGlite would answer the rejection with a ROLLBACK on the dead instance.
 */
function guardPglite(client: PGlite, logger: Logger | undefined): PGlite {
  let stopped = false;
  const stop = (error: unknown) => {
    if (stopped) return;
    stopped = true;
    logger?.fatal(
      { err: { type: (error as Error).name, code: (error as { code?: string }).code } },
      'embedded database stopped after a PANIC: free disk space and restart Carewell',
    );
  };
  const guardTransaction = (tx: Record<string, unknown>) =>
    new Proxy(tx, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof prop !== 'string' || !PGLITE_TRANSACTION_METHODS.has(prop) || typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (stopped) throw new EmbeddedDatabaseStoppedError();
          try {
            return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          } catch (error) {
            if (!isFatalEmbeddedError(error)) throw error;
            stop(error);
            return new Promise(() => {});
          }
        };
      },
    });
  return new Proxy(client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (typeof prop !== 'string' || !PGLITE_ENTRY_POINTS.has(prop)) return (value as (...a: unknown[]) => unknown).bind(target);
      return async (...args: unknown[]) => {
        if (stopped) throw new EmbeddedDatabaseStoppedError();
        if (prop === 'transaction') {
          const work = args[0] as (tx: unknown) => Promise<unknown>;
          args = [(tx: Record<string, unknown>) => work(guardTransaction(tx)), ...args.slice(1)];
        }
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (error) {
          if (isFatalEmbeddedError(error)) stop(error);
          throw error;
        }
      };
    },
  });
}
