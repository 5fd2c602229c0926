import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import { sealAuditChain } from './audit-chain.js';

/** Seals new audit rows into the hash chain every few seconds, in the background. */
export function startAuditSealer(db: Db, logger: Logger, intervalMs = 2_000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = sealAuditChain(db).catch((error: Error) => logger.warn({ err: { type: error.name } }, 'audit sealing failed; will retry'));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
    await sealAuditChain(db).catch(() => {});
  };
}
