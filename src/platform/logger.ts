import pino, { type Logger, type LoggerOptions } from 'pino';

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

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'carewell' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
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
