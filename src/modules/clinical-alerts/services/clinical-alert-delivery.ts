import type { Db } from '../../../platform/db/database.js';
import { publishEvent } from '../../../platform/events/index.js';
import { translator } from '../../../platform/i18n/i18n.js';
import { notify } from '../../notifications/index.js';
import { selectLocales } from '../clinical-alerts.repository.js';
import { OUTSIDE_WORDING, type ClinicalAlertKind, type ClinicalAlertSeverity } from '../clinical-alerts.vocabulary.js';

/** Published when an alert is raised or acknowledged: the live boards (vitals board) re-read. */
export const CLINICAL_ALERT_CHANGED_EVENT = 'clinical_alert.changed';

export const ackUrlOf = (alertId: string) => `/api/v1/clinical-alerts/${alertId}/acknowledge`;
export const pageOf = (alertId: string) => `/clinical-alerts/${alertId}`;

/**
 * Reaches each person at once, in the caller's transaction: a banner on every open page (the event
 * stream; the in-app summary, in the reader's language, with an Acknowledge button), and notify()
 * in the emergency category — the in-app notification, and e-mail / SMS / push by the person's
 * preferences, whatever their quiet hours. Outside the app the text says only that a critical
 * result (or a patient) needs them: the title doubles as the e-mail subject, so it says no more.
 */
export async function reachPeople(
  tx: Db,
  alert: { id: string; kind: ClinicalAlertKind; severity: ClinicalAlertSeverity; summary: string },
  userIds: readonly string[],
  now: Date,
): Promise<void> {
  if (userIds.length === 0) return;
  const locales = await selectLocales(tx, userIds);
  const template = `clinical_alerts.notify_${OUTSIDE_WORDING[alert.kind]}`;
  for (const userId of userIds) {
    await notify(
      tx,
      {
        recipientUserId: userId,
        category: 'emergency',
        template,
        // Only the in-app body uses the summary; the title and the external text take no parameter.
        params: { summary: alert.summary },
        link: pageOf(alert.id),
        dedupeKey: `clinical-alert:${alert.id}`,
      },
      now,
    );
    const t = translator(locales.get(userId) ?? 'en');
    await publishEvent(
      tx,
      {
        type: 'clinical-alert.raised',
        audience: { userIds: [userId] },
        data: {
          alertId: alert.id,
          banner: {
            id: `clinical-alert:${alert.id}`,
            severity: alert.severity === 'critical' ? 'critical' : 'warning',
            title: t(`clinical_alerts.kind_${alert.kind}`),
            message: alert.summary,
            ackUrl: ackUrlOf(alert.id),
            openUrl: pageOf(alert.id),
          },
        },
      },
      now,
    );
  }
}

/** Takes the banner off every open page of everyone the alert reached. */
export async function clearBanners(tx: Db, alertId: string, userIds: readonly string[], now: Date): Promise<void> {
  if (userIds.length === 0) return;
  await publishEvent(
    tx,
    {
      type: 'clinical-alert.acknowledged',
      audience: { userIds: [...userIds] },
      data: { alertId, bannerCleared: `clinical-alert:${alertId}` },
    },
    now,
  );
}

/**
 * Tells every open board of doctors and nurses that an alert changed (raised or acknowledged). The
 * alert's id only: each board re-reads what its viewer may see.
 */
export async function announceAlertChange(tx: Db, alertId: string, now: Date): Promise<void> {
  await publishEvent(tx, { type: CLINICAL_ALERT_CHANGED_EVENT, audience: { roles: ['doctor', 'nurse'] }, data: { alertId } }, now);
}
