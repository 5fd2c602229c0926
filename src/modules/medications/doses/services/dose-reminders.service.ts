import type { Logger } from 'pino';
import type { Db } from '../../../../platform/db/database.js';
import { notify } from '../../../notifications/index.js';
import { claimDueReminder, markReminded } from '../doses.repository.js';

/** A reminder more than this late (the job was down) is dropped rather than sent hours after the dose. */
export const STALE_REMINDER_MS = 6 * 3_600_000;

/**
 * Sends every due dose reminder once: the dose is claimed (SKIP LOCKED), the patient notified and
 * `remind_at` cleared in one transaction; notify's dedupe key (dose, reminder number) makes a
 * repeat after a crash a no-op. The text never names the medicine (outside the app it says only
 * that a medicine is due); the link opens the signed-in doses page. Doses already recorded, of a
 * prescription no longer signed, of a patient without an account, or stale are closed silently.
 */
export async function sendDueDoseReminders(db: Db, now: Date, options: { limit?: number; logger?: Logger } = {}) {
  const limit = options.limit ?? 500;
  const report = { sent: 0, skipped: 0, failed: 0 };
  const failed: string[] = [];
  while (report.sent + report.skipped + report.failed < limit) {
    const claim: { id?: string } = {};
    try {
      const outcome = await db.transaction(async (tx) => {
        const row = await claimDueReminder(tx, now, failed);
        if (!row) return 'none' as const;
        claim.id = row.dose.id;
        const silent =
          row.dose.status !== 'pending' ||
          row.prescriptionStatus !== 'signed' ||
          !row.userId ||
          row.dose.remindAt!.getTime() < now.getTime() - STALE_REMINDER_MS;
        if (!silent) {
          await notify(
            tx,
            {
              recipientUserId: row.userId!,
              category: 'medication',
              template: 'doses.dose_due',
              link: '/portal/doses',
              dedupeKey: `dose-reminder:${row.dose.id}:${row.dose.remindersSent}`,
            },
            now,
          );
        }
        await markReminded(tx, row.dose.id, !silent, now);
        return silent ? ('skipped' as const) : ('sent' as const);
      });
      if (outcome === 'none') break;
      report[outcome] += 1;
    } catch (error) {
      if (!claim.id) throw error;
      failed.push(claim.id);
      report.failed += 1;
      options.logger?.error({ doseId: claim.id, err: { name: (error as Error).name } }, 'doses: a reminder could not be sent');
    }
  }
  return report;
}
