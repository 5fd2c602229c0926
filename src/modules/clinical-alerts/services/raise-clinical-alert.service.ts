import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { Actor, RequestOrigin } from '../../../platform/auth/actor.js';
import { CLINICAL_ROLES } from '../../../platform/authz/permissions.js';
import type { Db } from '../../../platform/db/database.js';
import { unprocessable, validationFailed } from '../../../platform/errors.js';
import {
  insertClinicalAlert,
  insertEvents,
  insertRecipients,
  selectAlertIdBySource,
  selectResponsible,
} from '../clinical-alerts.repository.js';
import { raiseClinicalAlertInputSchema, type RaiseClinicalAlertInput } from '../clinical-alerts.schemas.js';
import { announceAlertChange, reachPeople } from './clinical-alert-delivery.js';
import { reachTeamAndDepartmentAtOnce } from './escalation.service.js';
import { clinicalAlertSettings } from './clinical-alert-settings.js';

/** Who raises an alert: a person or an integration (the labs interface), or null for the system itself. */
export interface RaiseContext {
  actor: Actor | null;
  origin: RequestOrigin | null;
  now: Date;
}

/**
 * Raises an acknowledgeable clinical alert inside the CALLER's transaction (pass its `tx`): the
 * alert, the responsible clinician as its first recipient, the timeline (`raised`, `notified`),
 * the audit row, and at once a banner on their open pages and a notification by their
 * preferences. Escalation starts `escalationDelayMinutes` later unless someone on the chain
 * acknowledges. The caller has already decided the patient may be alerted about; this service
 * checks only that the responsible person is an active clinician. Raising the same kind for the
 * same source again returns the first alert's id and does nothing else.
 */
export async function raiseClinicalAlert(
  tx: Db,
  ctx: RaiseContext,
  input: RaiseClinicalAlertInput,
): Promise<{ id: string; created: boolean }> {
  const parsed = raiseClinicalAlertInputSchema.safeParse(input);
  if (!parsed.success) {
    throw validationFailed(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const data = parsed.data;
  const { now } = ctx;
  const responsible = await selectResponsible(tx, data.responsible);
  if (!responsible || responsible.disabledAt || !CLINICAL_ROLES.includes(responsible.role)) {
    throw unprocessable('The responsible clinician must be an active clinical staff member.');
  }
  const delay = data.escalationDelayMinutes ?? clinicalAlertSettings().escalationMinutes;
  const raisedBy = ctx.actor?.kind === 'user' ? ctx.actor.userId : null;
  const id = await insertClinicalAlert(tx, {
    patientId: data.patientId,
    kind: data.kind,
    severity: data.severity,
    responsibleUserId: responsible.userId,
    responsibleStaffId: responsible.staffId,
    sourceType: data.source.type,
    sourceId: data.source.id,
    summary: data.summary,
    escalationDelayMinutes: delay,
    nextEscalationAt: new Date(now.getTime() + delay * 60_000),
    raisedBy,
    raisedAt: now,
    createdAt: now,
  });
  if (!id) {
    const existing = await selectAlertIdBySource(tx, data.kind, data.source.type, data.source.id);
    return { id: existing!, created: false };
  }
  await insertRecipients(tx, id, [responsible.userId], 0, now);
  await insertEvents(
    tx,
    id,
    [
      { type: 'raised', step: 0, userId: raisedBy, detail: { sourceType: data.source.type } },
      { type: 'notified', step: 0, userId: responsible.userId },
    ],
    now,
  );
  // Ids and codes only: the summary may carry values and names.
  await writeAudit(
    tx,
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action: 'clinical_alert.raise',
      resourceType: 'clinical_alert',
      resourceId: id,
      patientId: data.patientId,
      category: 'clinical',
      severity: data.severity === 'critical' ? 'high' : 'medium',
      detail: {
        kind: data.kind,
        severity: data.severity,
        sourceType: data.source.type,
        sourceId: data.source.id,
        responsible: responsible.userId,
        reach: data.reach ?? 'responsible',
      },
    },
    now,
  );
  await reachPeople(tx, { id, kind: data.kind, severity: data.severity, summary: data.summary }, [responsible.userId], now);
  await announceAlertChange(tx, id, now);
  if (data.reach === 'team_and_department') {
    await reachTeamAndDepartmentAtOnce(
      tx,
      {
        id,
        patientId: data.patientId,
        responsibleUserId: responsible.userId,
        kind: data.kind,
        severity: data.severity,
        summary: data.summary,
        escalationDelayMinutes: delay,
      },
      now,
    );
  }
  return { id, created: true };
}
