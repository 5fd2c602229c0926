import pino, { type Bindings, type ChildLoggerOptions, type Level, type LogFn, type Logger, type LoggerOptions } from 'pino';

/**
 * Paths that may carry PHI or secrets anywhere in a log object. Logs name ids and codes only;
 * these paths are a second line of defence for the occasional object that slips through.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.otp',
  '*.email',
  '*.phone',
  '*.givenName',
  '*.familyName',
  '*.birthDate',
  '*.address',
  '*.query',
];

/** `json`: one pino object per line (production, log shippers); `readable`: short lines for a person at a terminal. */
export type LogFormat = 'json' | 'readable';

/** The log format for an environment: readable unless NODE_ENV is production. */
export function logFormatFor(nodeEnv: string): LogFormat {
  return nodeEnv === 'production' ? 'json' : 'readable';
}

export function createLogger(level: string, destination?: pino.DestinationStream, format: LogFormat = 'json'): Logger {
  const options: LoggerOptions = {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'carewell' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (format === 'readable') return pino(options, readableDestination(destination ?? process.stdout));
  return destination ? pino(options, destination) : pino(options);
}

/** The part of a logger a request uses (Fastify's `request.log`). */
export interface RequestLogger {
  level: string;
  fatal: LogFn;
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  trace: LogFn;
  silent: LogFn;
  child(bindings: Bindings, options?: ChildLoggerOptions): RequestLogger;
}

/**
 * Fastify's per-request logger (its `childLoggerFactory`), made the first time the request logs at
 * a level that is on. Why: making a pino child runs the redaction's wildcard paths over its
 * bindings (about 1.3 µs against 0.05 µs for this object), on every request, while most requests
 * log nothing but their request line, which `requestLineLogger` writes (issue 11). A child with
 * options of its own (a route's log level) is made at once.
 */
export function lazyRequestLogger(parent: Logger, bindings: Bindings, options: ChildLoggerOptions = {}): RequestLogger {
  if (Object.keys(options).length > 0) return parent.child(bindings, options);
  return new LazyRequestLogger(parent, bindings);
}

// A class, not an object of closures: one is made on every request, so its methods live on the prototype.
class LazyRequestLogger {
  private made: Logger | undefined;
  constructor(
    private readonly parent: Logger,
    private readonly bindings: Bindings,
  ) {}
  get level(): string {
    return (this.made ?? this.parent).level;
  }
  set level(level: string) {
    this.logger().level = level;
  }
  fatal(...args: unknown[]): void {
    this.at('fatal', args);
  }
  error(...args: unknown[]): void {
    this.at('error', args);
  }
  warn(...args: unknown[]): void {
    this.at('warn', args);
  }
  info(...args: unknown[]): void {
    this.at('info', args);
  }
  debug(...args: unknown[]): void {
    this.at('debug', args);
  }
  trace(...args: unknown[]): void {
    this.at('trace', args);
  }
  silent(): void {}
  child(bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.logger().child(bindings, options);
  }
  private logger(): Logger {
    return (this.made ??= this.parent.child(this.bindings));
  }
  private at(level: Level, args: unknown[]): void {
    // The child's own level once made (a handler may set `request.log.level`), else the parent's.
    if (!(this.made ?? this.parent).isLevelEnabled(level)) return;
    // pino's methods take (object, message, ...values) or (message, ...values): passed on as given.
    const logger = this.logger();
    logger[level](...(args as Parameters<LogFn>));
  }
}

/**
 * The logger of the one line per request (method, path without its query, route, status,
 * milliseconds, request id): fields the app writes itself, none of them PHI or a secret, so the
 * redaction's paths are not run over it (6.8 → 0.7 µs a line). Every other entry keeps them.
 */
export function requestLineLogger(logger: Logger): Logger {
  return logger.child({}, { redact: [] });
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields every entry carries, or that the readable line already shows. */
const QUIET_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'service', 'msg', 'reqId', 'err']);

/**
 * A destination that turns pino's JSON lines into one short line each: the request line is
 * `HH:MM:SS GET /path 200 12 ms`; other entries are `HH:MM:SS LEVEL message key=value …`, with an
 * error's stack below. The input is already redacted and never carries a query string.
 */
export function readableDestination(out: { write(text: string): unknown }): pino.DestinationStream {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line) out.write(`${formatLogEntry(line)}\n`);
    },
  };
}

/** One pino JSON line as the readable line (the raw line when it is not JSON). */
export function formatLogEntry(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
  if (entry.msg === 'request' && typeof entry.method === 'string') {
    return `${time} ${entry.method} ${String(entry.url)} ${String(entry.status)} ${String(entry.ms)} ms`;
  }
  const level = LEVEL_NAMES[Number(entry.level)] ?? String(entry.level);
  const fields = Object.entries(entry)
    .filter(([key]) => !QUIET_FIELDS.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const text = [time, level, typeof entry.msg === 'string' ? entry.msg : '', ...fields].filter(Boolean).join(' ');
  const err = entry.err as { stack?: unknown; message?: unknown } | undefined;
  if (!err) return text;
  // Unexpected errors are logged as their type, SQLSTATE and stack frames, never their message
  // (error-handler.ts): show whatever the entry holds.
  const detail = typeof err.stack === 'string' ? err.stack : typeof err.message === 'string' ? err.message : JSON.stringify(err, null, 1);
  return `${text}\n${detail}`;
}

/** Requests a person at a development terminal does not need to see: health checks and static assets. */
export function isQuietRequest(url: string): boolean {
  const path = url.split('?', 1)[0] ?? url;
  return path === '/healthz' || path === '/readyz' || path.startsWith('/assets/') || path === '/favicon.ico';
}

/** Paths that carry a secret after a prefix (the private calendar feeds: /calendar/feeds/<token>.ics). */
const SECRET_PATH = /(\/calendar\/feeds\/).*$/i;

/**
 * The request URL as it may be logged: query strings can carry search terms (PHI) or one-time
 * link tokens, so they are never logged; nor is a calendar feed's token in its path.
 */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q === -1 ? url : url.slice(0, q)).replace(SECRET_PATH, '$1[redacted]');
  return q === -1 ? path : `${path}?[redacted]`;
}
