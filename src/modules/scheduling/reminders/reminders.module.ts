import type { FastifyInstance } from 'fastify';
import { registerRemindersApi } from './reminders.api.js';
import { registerAppointmentHook } from '../appointments/services/appointment-hooks.js';
import { remindersHook } from './services/reminders-schedule.service.js';
import { sendDueReminders } from './services/reminders-sweep.service.js';

export { sendDueReminders } from './services/reminders-sweep.service.js';

export const REMINDERS_QUEUE = 'appointments.reminders';

/**
 * Confirmations, change notices and reminders: the booking hook (with APPOINTMENT_REMINDER_OFFSETS),
 * the follow-up API, and — when this process runs jobs — the sweep, every minute through a pg-boss
 * cron (pg-boss's finest schedule), shared by every instance (claims skip locked rows).
 */
export function registerReminders(app: FastifyInstance): void {
  const { config, jobs, logger } = app.deps;
  registerAppointmentHook(app.deps, remindersHook(config.appointmentReminderOffsetsMinutes));
  registerRemindersApi(app);
  if (!jobs || !config.runWorkers) return;
  app.addHook('onReady', async () => {
    await jobs.work(
      REMINDERS_QUEUE,
      async () => {
        const report = await sendDueReminders(app.deps.db, app.deps.clock(), { logger });
        if (report.sent + report.skipped + report.failed > 0) logger.info({ ...report }, 'reminders: sweep');
      },
      { retryLimit: 0, deadLetter: false },
    );
    await jobs.schedule(REMINDERS_QUEUE, '* * * * *');
  });
}
