import type { FastifyInstance } from 'fastify';
import { registerPatientThreadsApi } from './patient-threads.api.js';
import { registerPatientThreadsPages } from './patient-threads.pages.js';
import { escalateOverdueThreads } from './services/escalation.service.js';
import { configurePatientMessaging } from './services/messaging-settings.js';

export { escalateOverdueThreads, type MessageEscalationReport } from './services/escalation.service.js';
export { PATIENT_THREAD_MESSAGE_EVENT } from './services/thread-delivery.js';
export { patientThreads, patientThreadMessages } from './patient-threads.tables.js';

export const PATIENT_THREADS_ESCALATION_QUEUE = 'messaging.patient-threads.escalation';

/**
 * Patient ↔ care-team threads (docs/messaging.md, "Patient threads"): the API, the portal's and
 * the team inbox's pages, and — when this process runs jobs — the escalation sweep every five
 * minutes on the app's clock (pg-boss cron shared by every instance; rows locked SKIP LOCKED).
 */
export function registerPatientThreads(app: FastifyInstance): void {
  const { config, jobs, logger } = app.deps;
  configurePatientMessaging(config.patientMessaging);
  registerPatientThreadsApi(app);
  registerPatientThreadsPages(app);
  if (!jobs || !config.runWorkers) return;
  app.addHook('onReady', async () => {
    await jobs.work(
      PATIENT_THREADS_ESCALATION_QUEUE,
      async () => {
        const report = await escalateOverdueThreads(app.deps.db, app.deps.clock());
        if (report.escalated > 0) logger.info({ ...report }, 'patient messages: escalation sweep');
      },
      { retryLimit: 0, deadLetter: false },
    );
    await jobs.schedule(PATIENT_THREADS_ESCALATION_QUEUE, '*/5 * * * *');
  });
}
