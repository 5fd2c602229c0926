import { writeAudit } from '../../../../platform/audit/audit.service.js';
import type { Db } from '../../../../platform/db/database.js';
import { notify } from '../../../notifications/index.js';
import { selectActiveMonitors, selectAdherence, setMonitorAlert, type AdherenceCounts } from '../adherence.repository.js';
import { selectCareTeamUserIds } from '../doses.repository.js';

/** An alert needs at least this many due doses in the 7 days (one missed first dose is not a pattern). */
export const MIN_DOSES_FOR_ALERT = 3;
export const DEFAULT_ADHERENCE_THRESHOLD = 80;

export interface AdherenceFigure {
  due: number;
  taken: number;
  /** Whole percent, or null when no dose was due. */
  percent: number | null;
}

export interface MedicineAdherence {
  prescriptionId: string;
  productName: string;
  last7Days: AdherenceFigure;
  last30Days: AdherenceFigure;
}

function figure(due: number, taken: number): AdherenceFigure {
  return { due, taken, percent: due === 0 ? null : Math.round((taken / due) * 100) };
}

/**
 * Adherence = doses taken (by the patient) or given (by a nurse) ÷ doses whose planned time has
 * passed, over the last 7 and 30 days, per medicine. Skipped and unrecorded doses (a snoozed one
 * too) count as due and not taken; doses after a stop do not count; "as needed" medicines have no
 * planned dose and no figure.
 */
export function toAdherence(counts: AdherenceCounts[]): MedicineAdherence[] {
  return counts.map((c) => ({
    prescriptionId: c.prescriptionId,
    productName: c.productName,
    last7Days: figure(c.due7, c.taken7),
    last30Days: figure(c.due30, c.taken30),
  }));
}

/**
 * For each flagged prescription: when 7-day adherence is below its threshold (with enough doses
 * due), the patient's care team is notified ONCE — the monitor's `alert_open` flips to true in the
 * same transaction, and only a flip sends; when adherence is back at or above the threshold, the
 * episode closes and a later drop alerts again. Returns the number of alerts sent.
 */
export async function checkAdherenceAlerts(db: Db, now: Date): Promise<number> {
  let sent = 0;
  for (const monitor of await selectActiveMonitors(db)) {
    const [counts] = await selectAdherence(db, [monitor.patientId], now, [monitor.prescriptionId]);
    const week = figure(counts?.due7 ?? 0, counts?.taken7 ?? 0);
    const low = week.percent !== null && week.due >= MIN_DOSES_FOR_ALERT && week.percent < monitor.thresholdPercent;
    if (!low) {
      if (monitor.alertOpen && week.percent !== null) await setMonitorAlert(db, monitor.prescriptionId, false, now);
      continue;
    }
    if (monitor.alertOpen) continue;
    await db.transaction(async (tx) => {
      if (!(await setMonitorAlert(tx, monitor.prescriptionId, true, now))) return; // another sweeper sent it
      for (const userId of await selectCareTeamUserIds(tx, monitor.patientId, now)) {
        await notify(
          tx,
          {
            recipientUserId: userId,
            category: 'medication',
            template: 'doses.adherence_low',
            params: { percent: week.percent!, threshold: monitor.thresholdPercent },
            link: `/staff/prescriptions/${monitor.prescriptionId}/doses`,
            dedupeKey: `adherence-alert:${monitor.prescriptionId}:${now.toISOString()}`,
          },
          now,
        );
      }
      await writeAudit(
        tx,
        {},
        null,
        {
          action: 'medication_dose.adherence_alert',
          resourceType: 'prescription',
          resourceId: monitor.prescriptionId,
          patientId: monitor.patientId,
          category: 'clinical',
          severity: 'medium',
          detail: { percent: week.percent, threshold: monitor.thresholdPercent },
        },
        now,
      );
      sent += 1;
    });
  }
  return sent;
}
