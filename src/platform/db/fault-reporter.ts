import type { Logger } from 'pino';
import { databaseFaultCode } from './database-faults.js';

/** While the database stays down, the same fault is logged again at most this often. */
const REPEAT_INTERVAL_MS = 60_000;

export interface FaultReporter {
  /** An error from a connection or a background loop: logged once per outage (and once a minute after). */
  report(error: unknown): void;
  /** The database answered again: logs the recovery if an outage was reported. */
  recovered(): void;
}

/**
 * Logs connection faults of one component (the pool, the LISTEN client, pg-boss) without flooding:
 * a restart breaks every pooled connection at once and a polling loop fails every few seconds.
 * Only the error's type and code are logged: node-postgres, PGlite and Drizzle errors can carry SQL
 * text and parameter values (PHI). `monotonicMs` is a monotonic counter, not the wall clock (it only
 * spaces log lines); tests pass their own.
 */
export function createFaultReporter(
  logger: Logger | undefined,
  component: string,
  monotonicMs: () => number = () => performance.now(),
): FaultReporter {
  let outage = false;
  let lastLoggedAt = -Infinity;
  let lastCode: string | undefined;
  let suppressed = 0;
  return {
    report(error) {
      const code = databaseFaultCode(error) ?? (error as { code?: unknown } | undefined)?.code;
      const safeCode = typeof code === 'string' && code.length <= 40 ? code : undefined;
      const now = monotonicMs();
      if (outage && safeCode === lastCode && now - lastLoggedAt < REPEAT_INTERVAL_MS) {
        suppressed += 1;
        return;
      }
      logger?.warn(
        { component, err: { type: (error as Error | undefined)?.name, code: safeCode }, ...(suppressed ? { suppressed } : {}) },
        'connection error',
      );
      outage = true;
      lastCode = safeCode;
      lastLoggedAt = now;
      suppressed = 0;
    },
    recovered() {
      if (!outage) return;
      outage = false;
      lastCode = undefined;
      suppressed = 0;
      logger?.info({ component }, 'connection restored');
    },
  };
}
