import type { FastifyInstance } from 'fastify';
import { registerDosesApi } from './doses.api.js';
import { registerDosesPages } from './doses.pages.js';
import { checkAdherenceAlerts } from './services/adherence.service.js';
import { materialiseDoses } from './services/dose-materialise.service.js';
import { sendDueDoseReminders } from './services/dose-reminders.service.js';

export const DOSE_WINDOW_QUEUE = 'medications.doses.window';
export const DOSE_REMINDERS_QUEUE = 'medications.doses.reminders';

/**
 * Dose schedules, reminders and administration: the API, the pages and — when this process runs
 * jobs — two pg-boss crons shared by every instance: every 15 minutes the rolling 48-hour window of
 * dose rows and the adherence alerts; every minute the due reminders (claims skip locked rows).
 */
export function registerDoses(app: FastifyInstance): void {
  registerDosesApi(app);
  registerDosesPages(app);
  const { config, jobs, logger } = app.deps;
  if (!jobs || !config.runWorkers) return;
  app.addHook('onReady', async () => {
    await jobs.work(
      DOSE_WINDOW_QUEUE,
      async () => {
        const now = app.deps.clock();
        const added = await materialiseDoses(app.deps.db, now);
        const alerts = await checkAdherenceAlerts(app.deps.db, now);
        if (added + alerts > 0) logger.info({ added, alerts }, 'doses: window');
      },
      { retryLimit: 0, deadLetter: false },
    );
    await jobs.schedule(DOSE_WINDOW_QUEUE, '*/15 * * * *');
    await jobs.work(
      DOSE_REMINDERS_QUEUE,
      async () => {
        const report = await sendDueDoseReminders(app.deps.db, app.deps.clock(), { logger });
        if (report.sent + report.skipped + report.failed > 0) logger.info({ ...report }, 'doses: reminders');
      },
      { retryLimit: 0, deadLetter: false },
    );
    await jobs.schedule(DOSE_REMINDERS_QUEUE, '* * * * *');
  });
}
