import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { notFound } from '../../../platform/errors.js';
import { insertEvents, isRecipient, lockAlert, markAcknowledged, selectRecipientIds } from '../clinical-alerts.repository.js';
import type { ClinicalAlertDetailDto } from '../clinical-alerts.schemas.js';
import { announceAlertChange, clearBanners } from './clinical-alert-delivery.js';
import { getClinicalAlert } from './clinical-alert-queries.service.js';

/**
 * Acknowledges ONE alert, by the responsible clinician or anyone it escalated to (else 404). The
 * alert row is locked, so two acknowledgements at once make one: the first is stored (who, when),
 * put on the timeline and audited, stops further escalation and clears the banners of everyone it
 * reached; a later one changes nothing and answers the same alert (200, idempotent).
 */
export async function acknowledgeClinicalAlert(db: Db, ctx: ServiceContext, alertId: string): Promise<ClinicalAlertDetailDto> {
  const { actor, now } = ctx;
  await db.transaction(async (tx) => {
    const alert = await lockAlert(tx, alertId);
    if (!alert || !(await isRecipient(tx, alertId, actor.userId))) throw notFound('The clinical alert');
    if (!(await markAcknowledged(tx, alertId, actor.userId, now))) return;
    await insertEvents(tx, alertId, [{ type: 'acknowledged', step: null, userId: actor.userId }], now);
    await writeAudit(
      tx,
      auditActorOf(actor),
      ctx.origin,
      {
        action: 'clinical_alert.acknowledge',
        resourceType: 'clinical_alert',
        resourceId: alertId,
        patientId: alert.patientId,
        category: 'clinical',
        detail: { kind: alert.kind, secondsToAcknowledge: Math.round((now.getTime() - alert.raisedAt.getTime()) / 1000) },
      },
      now,
    );
    await clearBanners(tx, alertId, await selectRecipientIds(tx, alertId), now);
    await announceAlertChange(tx, alertId, now);
  });
  return getClinicalAlert(db, ctx, alertId);
}
