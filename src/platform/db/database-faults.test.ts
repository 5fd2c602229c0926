import net from 'node:net';
import { DrizzleQueryError } from 'drizzle-orm';
import pg from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseFaultCode, EmbeddedDatabaseStoppedError, isDatabaseUnavailable, isFatalEmbeddedError } from './database-faults.js';
import { createFaultReporter } from './fault-reporter.js';

/** A server's error as node-postgres builds it from the wire (the real class, the real fields). */
function serverError(code: string, message: string, severity = 'FATAL') {
  return Object.assign(new pg.DatabaseError(message, message.length, 'error'), { code, severity });
}

/** Drizzle's wrapper: the SQL text and the parameters (PHI) in the message, the driver error in `cause`. */
const drizzleWrapped = (cause: unknown) =>
  new DrizzleQueryError('insert into "patients" ("given_name") values ($1)', ['Amara'], cause as Error);

/** What PGlite 0.5 threw when its data directory's file system was full (captured on a 64 MB tmpfs). */
function pgliteDiskFull(severity: 'ERROR' | 'PANIC') {
  return Object.assign(
    new Error(
      severity === 'ERROR'
        ? 'could not extend file "base/5/16385": No space left on device'
        : 'could not write to file "pg_wal/xlogtemp.42": No space left on device',
    ),
    {
      name: 'error',
      severity,
      code: '53100',
      hint: severity === 'ERROR' ? 'Check free disk space.' : undefined,
      routine: severity === 'ERROR' ? 'mdzeroextend' : 'XLogFileInitInternal',
      query: 'insert into t (v) values ($1)',
      params: ['PHI'],
    },
  );
}

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => (server.listening ? server.close(resolve) : resolve(undefined)))));
});

/** A TCP port whose server treats each connection with `onConnection` (a database that vanished or hangs). */
async function fakeServer(onConnection: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer((socket) => {
    sockets.add(socket);
    onConnection(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

async function connectError(config: pg.ClientConfig): Promise<unknown> {
  const client = new pg.Client(config);
  client.on('error', () => {});
  return client.connect().then(
    () => client.end().then(() => undefined),
    (error: unknown) => error,
  );
}

describe('database faults (real driver errors)', () => {
  it('recognises a refused connection (the database is down)', async () => {
    const port = await fakeServer(() => {});
    await new Promise((resolve) => servers.at(-1)!.close(resolve));
    const error = await connectError({ host: '127.0.0.1', port });
    expect((error as { code?: string }).code).toBe('ECONNREFUSED');
    expect(databaseFaultCode(error)).toBe('ECONNREFUSED');
    expect(isDatabaseUnavailable(drizzleWrapped(error))).toBe(true);
  });

  it('recognises a connection the server closed ("Connection terminated unexpectedly")', async () => {
    const port = await fakeServer((socket) => socket.destroy());
    const error = await connectError({ host: '127.0.0.1', port });
    expect((error as Error).message).toBe('Connection terminated unexpectedly');
    expect(databaseFaultCode(error)).toBe('connection_terminated');
  });

  it('recognises a pool that gave up connecting ("Connection terminated due to connection timeout")', async () => {
    const port = await fakeServer(() => {});
    const pool = new pg.Pool({ host: '127.0.0.1', port, connectionTimeoutMillis: 100 });
    pool.on('error', () => {});
    const error = await pool.query('select 1').then(
      () => undefined,
      (e: unknown) => e,
    );
    await pool.end();
    expect((error as Error).message).toBe('Connection terminated due to connection timeout');
    expect(databaseFaultCode(error)).toBe('connection_timeout');
  });
});

describe('database faults (error shapes)', () => {
  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection because of crash of another server process'],
    ['57P03', 'the database system is starting up'],
    ['08006', 'connection failure'],
    ['08001', 'could not connect'],
    ['08P01', 'protocol violation'],
    ['53300', 'sorry, too many clients already'],
    ['53100', 'could not extend file: No space left on device'],
    ['25006', 'cannot execute INSERT in a read-only transaction'],
  ])('SQLSTATE %s is an outage, bare or wrapped by Drizzle', (code, message) => {
    expect(databaseFaultCode(serverError(code, message))).toBe(code);
    expect(databaseFaultCode(drizzleWrapped(serverError(code, message)))).toBe(code);
  });

  it.each([
    ['Client has encountered a connection error and is not queryable', 'client_broken'],
    ['Connection terminated', 'connection_terminated'],
    ['timeout exceeded when trying to connect', 'pool_timeout'],
    ['Cannot use a pool after calling end on the pool', 'pool_ended'],
  ])('node-postgres message "%s" is an outage (%s)', (message, tag) => {
    // A transaction whose connection died fails its ROLLBACK with this; Drizzle wraps it.
    expect(databaseFaultCode(drizzleWrapped(new Error(message)))).toBe(tag);
  });

  it("recognises PGlite's disk-full errors, and tells a PANIC (the instance is dead) from a plain error", () => {
    expect(databaseFaultCode(drizzleWrapped(pgliteDiskFull('ERROR')))).toBe('53100');
    expect(isFatalEmbeddedError(drizzleWrapped(pgliteDiskFull('ERROR')))).toBe(false);
    expect(isFatalEmbeddedError(drizzleWrapped(pgliteDiskFull('PANIC')))).toBe(true);
    expect(databaseFaultCode(new EmbeddedDatabaseStoppedError())).toBe('embedded_database_stopped');
  });

  it('leaves errors that are not outages alone (they stay 4xx or 500)', () => {
    for (const error of [
      new Error('boom'),
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      drizzleWrapped(serverError('23505', 'duplicate key value violates unique constraint', 'ERROR')),
      drizzleWrapped(serverError('42P01', 'relation "nothing" does not exist', 'ERROR')),
      drizzleWrapped(serverError('57014', 'canceling statement due to statement timeout', 'ERROR')),
      Object.assign(new Error('not a sqlstate'), { code: '08' }),
      undefined,
      'a string',
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });
});

describe('fault reporter', () => {
  function capture() {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    return { logger, lines };
  }

  it('logs a burst of broken connections once, with the code and never the SQL or its parameters', () => {
    const { logger, lines } = capture();
    let now = 0;
    const reporter = createFaultReporter(logger, 'pool', () => now);
    for (let i = 0; i < 10; i++)
      reporter.report(drizzleWrapped(serverError('57P01', 'terminating connection due to administrator command')));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ component: 'pool', err: { code: '57P01' }, msg: 'connection error' });
    expect(JSON.stringify(lines)).not.toMatch(/Amara|insert into/);

    now = 61_000;
    reporter.report(drizzleWrapped(serverError('57P01', 'terminating connection due to administrator command')));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ suppressed: 9 });

    reporter.recovered();
    reporter.recovered();
    expect(lines.slice(2)).toEqual([expect.objectContaining({ component: 'pool', msg: 'connection restored' })]);
    reporter.report(new Error('Connection terminated unexpectedly'));
    expect(lines.at(-1)).toMatchObject({ err: { code: 'connection_terminated' } });
  });

  it('logs a new kind of fault during the same outage', () => {
    const { logger, lines } = capture();
    const reporter = createFaultReporter(logger, 'jobs', () => 0);
    reporter.report(new Error('Connection terminated unexpectedly'));
    reporter.report(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    expect(lines.map((line) => (line.err as { code: string }).code)).toEqual(['connection_terminated', 'ECONNREFUSED']);
  });
});
