import { availableParallelism } from 'node:os';
import { WorkerPool } from '../../../../platform/workers/worker-pool.js';
import type { HealthRecord } from '../health-record.types.js';

export interface HealthRecordPdfTask {
  record: HealthRecord;
  locale: string;
  timeZone: string;
  now: Date;
  /** Who printed it, shown on every page. */
  printedBy: string;
}

let pool: WorkerPool<HealthRecordPdfTask, { bytes: Uint8Array; pages: number }> | undefined;

/**
 * Renders the health-record PDF in a worker thread. The pool is small (at most two threads, never
 * more than the machine has cores minus one for the event loop): exports are rare, and a burst of
 * them should queue rather than take every core from the requests around them.
 */
export function renderHealthRecordPdf(task: HealthRecordPdfTask): Promise<{ bytes: Uint8Array; pages: number }> {
  pool ??= new WorkerPool({
    moduleUrl: new URL('./health-record-pdf.worker', import.meta.url),
    callerUrl: import.meta.url,
    size: Math.max(1, Math.min(2, availableParallelism() - 1)),
    maxQueued: 20,
    timeoutMs: 30_000,
  });
  return pool.run(task);
}
