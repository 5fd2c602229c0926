import type { FastifyInstance } from 'fastify';
import { registerConstraintMessages } from '../../../platform/db/constraint-errors.js';
import { registerAutoAssignApi } from './auto-assign.api.js';
import { registerAppointmentHook } from '../appointments/services/appointment-hooks.js';
import { expireWaitlistOffers, offerFreedSlotSafely, type WaitlistSettings } from './services/waitlist-offers.service.js';
import { registerWaitlistApi } from './waitlist.api.js';
import { registerWaitlistPages } from './waitlist.pages.js';

export const WAITLIST_SWEEP_QUEUE = 'waitlist.expire-offers';

/**
 * The waitlist (API, `/portal/waitlist`, offers of freed slots, the expiry sweep) and automated
 * assignment. Called once from the scheduling module's registration.
 */
export function registerWaitlistAndAutoAssign(app: FastifyInstance): void {
  const { deps } = app;
  const settings: WaitlistSettings = { offerMinutes: deps.config.waitlistOfferMinutes };
  registerConstraintMessages({
    waitlist_entries_open_key: {
      code: 'conflict',
      message: 'This patient is already on the waitlist for this specialty and visit type. Leave that entry first to change it.',
    },
  });

  // A cancelled appointment, or the old time of a moved one, is offered to the first waiting patient who fits.
  registerAppointmentHook(deps, async (tx, change, ctx) => {
    const freed = change.kind === 'cancelled' ? change.appointment : change.kind === 'rescheduled' ? change.previous : undefined;
    if (!freed) return;
    await offerFreedSlotSafely(
      tx,
      { staffId: freed.staffId, startsAt: freed.startsAt, endsAt: freed.endsAt, excludePatientIds: [freed.patientId] },
      ctx,
      settings,
      deps.logger,
    );
  });

  registerWaitlistApi(app, settings);
  registerWaitlistPages(app, settings);
  registerAutoAssignApi(app);

  // The expiry sweep every minute where jobs run; the durable truth is the table, so a missed run only delays.
  const jobs = deps.jobs;
  if (jobs && deps.config.runWorkers) {
    app.addHook('onReady', async () => {
      await jobs.work(
        WAITLIST_SWEEP_QUEUE,
        async () => {
          const report = await expireWaitlistOffers(deps.db, deps.clock(), settings, deps.logger);
          if (report.expiredOffers + report.expiredEntries > 0) deps.logger.info({ ...report }, 'waitlist: expiry sweep');
        },
        { retryLimit: 0, deadLetter: false },
      );
      await jobs.schedule(WAITLIST_SWEEP_QUEUE, '* * * * *');
    });
  }
}
