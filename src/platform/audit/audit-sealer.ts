import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import { createFaultReporter } from '../db/fault-reporter.js';
import { sealAuditBacklog } from './audit-chain.js';

/** 40 batches of 500: up to 20,000 rows a tick of two seconds. */
const MAX_BATCHES_PER_TICK = 40;

/**
 * Seals new audit rows into the hash chain every few seconds, in the background: each tick seals
 * the backlog, up to MAX_BATCHES_PER_TICK batches (a tick still running is not joined by another, so
 * sealing keeps up with up to 10,000 rows a second and a huge backlog is drained over several ticks
 * rather than in one long run). A failed run (the database is away) is logged once per outage and the
 * next tick tries again; an outage cannot pile up connections.
 */
export function startAuditSealer(db: Db, logger: Logger, intervalMs = 2_000): () => Promise<void> {
  const faults = createFaultReporter(logger, 'audit-sealer');
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= sealAuditBacklog(db, { maxBatches: MAX_BATCHES_PER_TICK })
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
    await sealAuditBacklog(db, { maxBatches: MAX_BATCHES_PER_TICK }).catch(() => {});
  };
}
