/**
 * Which errors mean "the database is unavailable right now" (answer 503 and retry later) rather than
 * "this request is wrong" or "our code is wrong" (500). One place, so the HTTP layer, /readyz and
 * the background loops agree. See docs/postgresql.md for what clients see during an outage.
 */

/**
 * SQLSTATEs of a database that went away or cannot write. Class 08 (connection exceptions) is
 * matched by prefix; 57P01-03 are administrator shutdown, crash shutdown and "cannot connect now"
 * (starting up or shutting down); class 53 is insufficient resources (53100 disk full, 53200 out of
 * memory, 53300 too many connections); 58030 is an I/O error writing a file; 25006 is a read-only
 * server (a standby the address now points to after a failover).
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53000', '53100', '53200', '53300', '58030', '25006']);

/** Node errno codes of a socket to the database that could not open or broke. */
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENOSPC',
]);

/**
 * node-postgres and pg-pool errors that carry no code, by the start of their message (the messages
 * are stable strings in pg 8 / pg-pool 3). Each maps to a short tag used in logs instead of the text.
 */
const UNAVAILABLE_MESSAGES: [prefix: string, tag: string][] = [
  ['Connection terminated due to connection timeout', 'connection_timeout'],
  ['Connection terminated', 'connection_terminated'],
  ['Client has encountered a connection error and is not queryable', 'client_broken'],
  ['Client was closed and is not queryable', 'client_closed'],
  ['timeout exceeded when trying to connect', 'pool_timeout'],
  ['Cannot use a pool after calling end on the pool', 'pool_ended'],
];

/** Thrown for every query after PGlite reported a PANIC (see `guardPglite` in database.ts). */
export class EmbeddedDatabaseStoppedError extends Error {
  readonly code = 'embedded_database_stopped';
  constructor() {
    super(`The embedded database stopped after a fatal error (a full disk?); free space and restart Carewell.`);
    this.name = 'EmbeddedDatabaseStoppedError';
  }
}

interface ErrorLike {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  severity?: unknown;
  cause?: unknown;
}

/** Drizzle wraps the driver error in `cause`, pg-pool sometimes once more: walk a bounded chain. */
function* causeChain(error: unknown): Generator<ErrorLike> {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    yield current;
    current = (current as ErrorLike).cause;
  }
}

/**
 * A short, PHI-free name for a database fault, for logs and metrics: the SQLSTATE, the errno code,
 * or a tag for node-postgres's code-less messages. Undefined when the error is not a fault of the
 * database's availability.
 */
export function databaseFaultCode(error: unknown): string | undefined {
  for (const link of causeChain(error)) {
    const code = typeof link.code === 'string' ? link.code : undefined;
    if (code && /^08[0-9A-Z]{3}$/.test(code)) return code;
    if (code && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code) || code === 'embedded_database_stopped')) return code;
    if (typeof link.message === 'string') {
      const match = UNAVAILABLE_MESSAGES.find(([prefix]) => (link.message as string).startsWith(prefix));
      if (match) return match[1];
    }
  }
  return undefined;
}

/** True when the error means the database cannot be reached or cannot write right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseFaultCode(error) !== undefined;
}

/**
 * A PANIC from PGlite (for instance WAL that cannot grow on a full disk) leaves the WebAssembly
 * instance unusable: its next query blocks the event loop for good. Such an error must stop every
 * further use of that instance.
 */
export function isFatalEmbeddedError(error: unknown): boolean {
  for (const link of causeChain(error)) {
    if (link.severity === 'PANIC') return true;
  }
  return false;
}
