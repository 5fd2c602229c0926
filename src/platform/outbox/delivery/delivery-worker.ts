import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../../db/database-faults.js';
import { createFaultReporter } from '../../db/fault-reporter.js';
import type { JobRunner } from '../../jobs/job-runner.js';
import { onMessageQueued } from '../outbox.service.js';
import type { OutboxDelivery } from './outbox-delivery.js';

export const DELIVERY_QUEUE = 'outbox.deliver';

/**
 * Runs outbox delivery: a pg-boss cron every minute (pg-boss's finest schedule, shared by every
 * instance), an in-process timer every `pollSeconds` for promptness, and a nudge shortly after a
 * message is queued in this process. Runs never overlap within a process; across processes the
 * claim's SKIP LOCKED keeps them apart.
 */
export async function startDeliveryWorker(options: {
  delivery: OutboxDelivery;
  jobs: JobRunner;
  logger: Logger;
  pollSeconds: number;
}): Promise<() => Promise<void>> {
  const { delivery, jobs, logger } = options;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  // During an outage every tick fails the same way: log it once; the next tick retries.
  const faults = createFaultReporter(logger, 'outbox-delivery');

  const run = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          const report = await delivery.deliverDue();
          faults.recovered();
          if (report.claimed > 0) logger.info({ ...report }, 'outbox: delivery run');
        } catch (error) {
          if (isDatabaseUnavailable(error)) faults.report(error);
          else
            logger.error({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'outbox: delivery run failed');
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  };

  await jobs.work(DELIVERY_QUEUE, () => run(), { retryLimit: 0, deadLetter: false });
  await jobs.schedule(DELIVERY_QUEUE, '* * * * *');
  const timer = setInterval(() => void run(), options.pollSeconds * 1000);
  timer.unref();
  let nudge: NodeJS.Timeout | undefined;
  // The queueing transaction has usually committed by then; if not, the next tick finds the message.
  const unsubscribe = onMessageQueued(() => {
    nudge ??= setTimeout(() => {
      nudge = undefined;
      void run();
    }, 250);
  });
  void run();

  return async () => {
    stopped = true;
    unsubscribe();
    clearInterval(timer);
    if (nudge) clearTimeout(nudge);
    await running;
  };
}
