import type { Logger } from 'pino';
import type { Db } from '../../../../platform/db/database.js';
import { claimDueReminder, finishReminder } from '../reminders.repository.js';
import { sendAppointmentNotice } from './reminders-notices.service.js';

export interface SweepReport {
  sent: number;
  /** Due reminders of appointments no longer booked (or already started): closed without a word. */
  skipped: number;
  failed: number;
}

/**
 * Sends every reminder that is due, once. Each reminder is claimed (FOR UPDATE SKIP LOCKED, so
 * several sweepers take different rows), notified and marked `sent` in one transaction; notify's
 * `dedupeKey` per reminder makes even a repeat after a crash a no-op. A reminder whose appointment
 * is no longer booked, or has already begun, is closed as `cancelled` instead. A reminder that
 * fails stays scheduled for the next run. Idempotent: a second run finds nothing to do.
 */
export async function sendDueReminders(db: Db, now: Date, options: { limit?: number; logger?: Logger } = {}): Promise<SweepReport> {
  const limit = options.limit ?? 500;
  const report: SweepReport = { sent: 0, skipped: 0, failed: 0 };
  const failedIds: string[] = [];
  while (report.sent + report.skipped + report.failed < limit) {
    const claim: { id?: string } = {};
    try {
      const outcome = await db.transaction(async (tx) => {
        const claimed = await claimDueReminder(tx, now, failedIds);
        if (!claimed) return 'none' as const;
        const { reminder, appointment } = claimed;
        claim.id = reminder.id;
        const stale = reminder.kind === 'reminder' && (appointment.status !== 'booked' || appointment.startsAt <= now);
        if (stale) {
          await finishReminder(tx, reminder.id, 'cancelled', now);
          return 'skipped' as const;
        }
        const template = reminder.kind === 'reminder' ? 'reminder' : reminder.note ? 'follow_up_note' : 'follow_up';
        await sendAppointmentNotice(
          tx,
          { appointment, template, dedupeKey: `appointment-reminder:${reminder.id}`, note: reminder.note },
          now,
        );
        await finishReminder(tx, reminder.id, 'sent', now);
        return 'sent' as const;
      });
      if (outcome === 'none') break;
      report[outcome] += 1;
    } catch (error) {
      if (!claim.id) throw error;
      failedIds.push(claim.id);
      report.failed += 1;
      options.logger?.error(
        { reminderId: claim.id, err: { name: (error as Error).name, code: (error as { code?: string }).code } },
        'reminders: a reminder could not be sent',
      );
    }
  }
  return report;
}
