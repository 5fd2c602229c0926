import type { FastifyInstance } from 'fastify';
import { completeEndedPrescriptions } from './services/prescription-completion.service.js';

export const PRESCRIPTION_COMPLETION_QUEUE = 'prescriptions.complete-ended';

/**
 * When this process runs jobs: every 15 minutes (a pg-boss cron shared by every instance), signed
 * prescriptions whose course has ended become `completed`.
 */
export function registerPrescriptionCompletion(app: FastifyInstance): void {
  const { config, jobs, logger } = app.deps;
  if (!jobs || !config.runWorkers) return;
  app.addHook('onReady', async () => {
    await jobs.work(
      PRESCRIPTION_COMPLETION_QUEUE,
      async () => {
        const completed = await completeEndedPrescriptions(app.deps.db, app.deps.clock());
        if (completed > 0) logger.info({ completed }, 'prescriptions: courses ended');
      },
      { retryLimit: 0, deadLetter: false },
    );
    await jobs.schedule(PRESCRIPTION_COMPLETION_QUEUE, '*/15 * * * *');
  });
}
