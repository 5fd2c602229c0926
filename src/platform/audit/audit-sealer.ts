import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import { createFaultReporter } from '../db/fault-reporter.js';
import { sealAuditChain } from './audit-chain.js';

/**
 * Seals new audit rows into the hash chain every few seconds, in the background. A failed run (the
 * database is away) is logged once per outage and the next tick tries again; a run still waiting on
 * the database is not joined by another, so an outage cannot pile up connections.
 */
export function startAuditSealer(db: Db, logger: Logger, intervalMs = 2_000): () => Promise<void> {
  const faults = createFaultReporter(logger, 'audit-sealer');
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= sealAuditChain(db)
      .then(() => faults.recovered())
      .catch((error: unknown) => faults.report(error))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
    await sealAuditChain(db).catch(() => {});
  };
}
