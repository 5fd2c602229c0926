import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { rolesWithPermission } from '../../../platform/authz/permissions.js';
import type { Db } from '../../../platform/db/database.js';
import { conflict, forbidden, notFound } from '../../../platform/errors.js';
import type { AcknowledgementDto, AlertDetailDto } from '../alerts.schemas.js';
import { acknowledgeRecipient, countAcknowledgements, markResolved, selectAlert } from '../alerts.repository.js';
import { isBroadcaster, loadVisibleAlert } from './alert-access.js';
import { getAlert } from './alert-queries.service.js';
import { publishEvent } from './alert-delivery.js';
import { eventAudienceOf } from './broadcast-alert.service.js';

/**
 * A recipient acknowledges an alert. Idempotent: a second call answers the first acknowledgement's
 * time and changes nothing. The sender and the broadcasters hear about it at once.
 */
export async function acknowledgeAlert(db: Db, ctx: ServiceContext, alertId: string): Promise<AcknowledgementDto> {
  const row = await loadVisibleAlert(db, ctx, alertId);
  if (!row.isRecipient) {
    // The sender or a broadcaster who was not in the audience: there is nothing of theirs to acknowledge.
    throw forbidden('This alert was not addressed to you.');
  }
  return db.transaction(async (tx) => {
    const result = await acknowledgeRecipient(tx, alertId, ctx.actor.userId, ctx.now);
    if (!result) throw notFound('The alert');
    if (result.first) {
      await writeAudit(
        tx,
        auditActorOf(ctx.actor),
        ctx.origin,
        { action: 'alert.acknowledge', resourceType: 'alert', resourceId: alertId, category: 'administration' },
        ctx.now,
      );
      const counts = await countAcknowledgements(tx, alertId);
      await publishEvent(
        tx,
        {
          type: 'alert.acknowledged',
          audience: { roles: rolesWithPermission('alerts.broadcast'), userIds: [row.sentBy] },
          data: { alertId, userId: ctx.actor.userId, acknowledgedAt: result.acknowledgedAt.toISOString(), ...counts },
        },
        ctx.now,
      );
      // The person's other open pages drop the banner too (live.js removes `bannerCleared`).
      await publishEvent(
        tx,
        { type: 'alert.cleared', audience: { userIds: [ctx.actor.userId] }, data: { alertId, bannerCleared: alertId } },
        ctx.now,
      );
    }
    return { alertId, acknowledgedAt: result.acknowledgedAt.toISOString() };
  });
}

/** A broadcaster ends an alert: its banners stop everywhere; the history stays. */
export async function resolveAlert(db: Db, ctx: ServiceContext, alertId: string): Promise<AlertDetailDto> {
  if (!isBroadcaster(ctx.actor)) throw forbidden('Only staff who may broadcast alerts can resolve them.');
  const row = await selectAlert(db, alertId, ctx.actor.userId);
  if (!row) throw notFound('The alert');
  await db.transaction(async (tx) => {
    if (!(await markResolved(tx, alertId, ctx.actor.userId, ctx.now))) throw conflict('This alert is already resolved.');
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      { action: 'alert.resolve', resourceType: 'alert', resourceId: alertId, category: 'administration', severity: 'medium' },
      ctx.now,
    );
    await publishEvent(
      tx,
      {
        type: 'alert.resolved',
        audience: eventAudienceOf({ kind: row.audience, departmentId: row.departmentId ?? undefined, role: row.audienceRole ?? undefined }),
        data: { alertId, bannerCleared: alertId },
      },
      ctx.now,
    );
  });
  return getAlert(db, ctx, alertId);
}
