import { writeAudit, auditActorOf } from '../../../platform/audit/audit.service.js';
import type { ServiceContext, UserActor } from '../../../platform/auth/actor.js';
import { roleHasPermission } from '../../../platform/authz/permissions.js';
import type { Db } from '../../../platform/db/database.js';
import { notFound } from '../../../platform/errors.js';
import type { Translate } from '../../../platform/i18n/i18n.js';
import type { AlertDto, Banner } from '../alerts.schemas.js';
import { selectAlert, type AlertRow } from '../alerts.repository.js';
import type { AlertType } from '../alerts.tables.js';

/** Broadcasters (ALERTS_BROADCAST_ROLES) see every alert and every acknowledgement list. */
export function isBroadcaster(actor: UserActor): boolean {
  return roleHasPermission(actor.role, 'alerts.broadcast');
}

/** The sender and the broadcasters see who has and has not acknowledged. */
export function seesAcknowledgements(actor: UserActor, row: Pick<AlertRow, 'sentBy'>): boolean {
  return isBroadcaster(actor) || row.sentBy === actor.userId;
}

export const alertTitle = (t: Translate, type: AlertType) => t(`alerts.type_${type}`);

export const ackUrlOf = (alertId: string) => `/api/v1/alerts/${alertId}/acknowledge`;

export function bannerOf(
  t: Translate,
  alert: { id: string; type: AlertType; severity: Banner['severity']; message: string; location: string | null },
): Banner {
  return {
    id: alert.id,
    severity: alert.severity,
    title: alertTitle(t, alert.type),
    message: alert.message,
    ...(alert.location ? { location: alert.location } : {}),
    ackUrl: ackUrlOf(alert.id),
  };
}

export function toAlertDto(row: AlertRow): AlertDto {
  return {
    id: row.id,
    type: row.type,
    severity: row.severity,
    message: row.message,
    location: row.location,
    audience: row.audience,
    department: row.departmentId ? { id: row.departmentId, name: row.departmentName ?? '' } : null,
    role: row.audienceRole,
    channels: row.channels,
    sentBy: { userId: row.sentBy, name: row.sentByName ?? '' },
    createdAt: row.createdAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolvedBy: row.resolvedBy ? { userId: row.resolvedBy, name: row.resolvedByName ?? '' } : null,
    recipientCount: row.recipientCount,
    acknowledgedCount: row.acknowledgedCount,
    myAcknowledgement: row.isRecipient ? { acknowledgedAt: row.myAcknowledgedAt?.toISOString() ?? null } : null,
  };
}

/**
 * The alert if the caller may see it: broadcasters see all, others the alerts addressed to them or
 * sent by them. Anything else answers 404 and leaves a denied audit row (written with the root
 * handle, so it survives whatever the caller rolls back).
 */
export async function loadVisibleAlert(db: Db, ctx: ServiceContext, id: string): Promise<AlertRow> {
  const row = await selectAlert(db, id, ctx.actor.userId);
  if (row && (isBroadcaster(ctx.actor) || row.isRecipient || row.sentBy === ctx.actor.userId)) return row;
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action: 'alert.read',
      resourceType: 'alert',
      resourceId: id,
      category: 'administration',
      outcome: 'denied',
      severity: 'medium',
      detail: { exists: Boolean(row) },
    },
    ctx.now,
  );
  throw notFound('The alert');
}
