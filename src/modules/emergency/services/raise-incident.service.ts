import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { pgErrorOf } from '../../../platform/db/constraint-errors.js';
import type { Db } from '../../../platform/db/database.js';
import { forbidden, notFound } from '../../../platform/errors.js';
import type { OwnIncidentDto, RaiseIncidentInput } from '../emergency.schemas.js';
import {
  findCurrentIncident,
  findIncidentByKey,
  insertIncident,
  updateIncidentDetails,
  type IncidentRow,
} from '../incidents.repository.js';
import { findUnit } from '../ambulances.repository.js';
import { openAssignmentOfIncident } from '../incidents.repository.js';
import { scheduleEscalation } from './emergency-settings.js';
import { announceIncident } from './incident-events.js';
import { ownIncidentDto } from './incident-views.js';
import { storeLocation } from './record-location.service.js';

/**
 * The patient's SOS (docs/emergency.md). A patient has at most one open incident (the database's
 * partial unique index): pressing again, or a retry after a dropped connection with the same
 * idempotency key, updates the open incident instead of raising a second one. A new incident is
 * announced to dispatch at once and its escalation check is queued in the same transaction.
 */
export async function raiseIncident(
  db: Db,
  ctx: ServiceContext,
  input: RaiseIncidentInput,
  idempotencyKey: string,
): Promise<{ incident: OwnIncidentDto; created: boolean }> {
  const patientId = ctx.actor.patientId;
  if (!patientId) throw forbidden('Only a patient account raises an emergency call.');
  const details = {
    subject: input.subject,
    note: input.note || null,
    address: input.address || null,
    callBack: input.callBack,
  };
  const attempt = () =>
    db.transaction(async (tx) => {
      const replay = await findIncidentByKey(tx, patientId, idempotencyKey);
      const open = replay && replay.status !== 'closed' ? replay : await openIncident(tx, patientId);
      if (replay && replay.status === 'closed') return { row: replay, created: false };
      let row: IncidentRow;
      let created = false;
      if (open) {
        row = await updateIncidentDetails(tx, open.id, details, ctx.now);
      } else {
        row = await insertIncident(tx, { patientId, reportedBy: ctx.actor.userId, idempotencyKey, ...details }, ctx.now);
        created = true;
        await scheduleEscalation(tx, row.id);
      }
      await writeAudit(
        tx,
        auditActorOf(ctx.actor),
        ctx.origin,
        {
          action: created ? 'emergency.incident.create' : 'emergency.incident.update',
          resourceType: 'emergency_incident',
          resourceId: row.id,
          patientId,
          category: 'clinical',
          severity: 'high',
          detail: { subject: row.subject, location: input.location !== undefined, callBack: row.callBack, address: row.address !== null },
        },
        ctx.now,
      );
      if (input.location) await storeLocation(tx, row, input.location, ctx.now, { rateLimited: false });
      await announceIncident(tx, row, ctx.now, { isNew: created });
      return { row, created };
    });
  let result: { row: IncidentRow; created: boolean };
  try {
    result = await attempt();
  } catch (error) {
    // Two presses at once: the other one raised it; this one becomes an update of it.
    if (pgErrorOf(error)?.code !== '23505') throw error;
    result = await attempt();
  }
  const unit = await unitOfIncident(db, result.row.id);
  return { incident: ownIncidentDto(result.row, unit, ctx.now), created: result.created };
}

async function openIncident(db: Db, patientId: string): Promise<IncidentRow | undefined> {
  const current = await findCurrentIncident(db, patientId);
  return current && current.status !== 'closed' ? current : undefined;
}

export async function unitOfIncident(db: Db, incidentId: string) {
  const assignment = await openAssignmentOfIncident(db, incidentId);
  return assignment ? findUnit(db, assignment.unitId) : undefined;
}

/** The patient's open incident (or their latest), for the SOS page and its live status. */
export async function currentOwnIncident(db: Db, ctx: ServiceContext): Promise<OwnIncidentDto | null> {
  const patientId = ctx.actor.patientId;
  if (!patientId) throw notFound('The incident');
  const row = await findCurrentIncident(db, patientId);
  if (!row) return null;
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    { action: 'emergency.incident.read', resourceType: 'emergency_incident', resourceId: row.id, patientId, category: 'clinical' },
    ctx.now,
  );
  return ownIncidentDto(row, await unitOfIncident(db, row.id), ctx.now);
}
