import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { pgErrorOf } from '../../../platform/db/constraint-errors.js';
import type { Db } from '../../../platform/db/database.js';
import { conflict, notFound } from '../../../platform/errors.js';
import { endAssignmentsOfIncident, findUnit, insertAssignment, setUnitStatus } from '../ambulances.repository.js';
import type { DispatchIncidentDto } from '../emergency.schemas.js';
import { canMoveIncident, INCIDENT_STATUSES, type IncidentStatus } from '../emergency.vocabulary.js';
import { findIncident, moveIncident, type IncidentRow } from '../incidents.repository.js';
import { requireIncidentForDispatch } from './emergency-access.js';
import { describeForStaff } from './dispatch-board.service.js';
import { refreshEta } from './eta.service.js';
import { announceIncident, announceUnits } from './incident-events.js';

const fromStatuses = (to: IncidentStatus) => INCIDENT_STATUSES.filter((s) => canMoveIncident(s, to));

async function audit(tx: Db, ctx: ServiceContext, incident: IncidentRow, action: string, detail: Record<string, unknown> = {}) {
  await writeAudit(
    tx,
    auditActorOf(ctx.actor),
    ctx.origin,
    { action, resourceType: 'emergency_incident', resourceId: incident.id, patientId: incident.patientId, category: 'clinical', detail },
    ctx.now,
  );
}

/** A dispatcher takes the call: the patient's page says someone is on it. */
export async function acknowledgeIncident(db: Db, ctx: ServiceContext, id: string): Promise<DispatchIncidentDto> {
  await requireIncidentForDispatch(db, ctx, id);
  const moved = await db.transaction(async (tx) => {
    const row = await moveIncident(
      tx,
      id,
      ['received'],
      { status: 'acknowledged', acknowledgedAt: ctx.now, acknowledgedBy: ctx.actor.userId },
      ctx.now,
    );
    if (!row) return undefined;
    await audit(tx, ctx, row, 'emergency.incident.acknowledge');
    await announceIncident(tx, row, ctx.now);
    return row;
  });
  if (!moved) throw conflict('This incident was already acknowledged or closed.');
  return describeForStaff(db, ctx, moved);
}

/**
 * Sends a unit. The partial unique indexes guarantee a unit is on one open incident and an
 * incident has one unit: of two dispatchers racing, one gets 409 and nothing of theirs is written.
 */
export async function assignUnit(db: Db, ctx: ServiceContext, id: string, unitId: string): Promise<DispatchIncidentDto> {
  await requireIncidentForDispatch(db, ctx, id);
  if (!(await findUnit(db, unitId))) throw notFound('The unit');
  let row: IncidentRow;
  try {
    row = await db.transaction(async (tx) => {
      const unit = await setUnitStatus(tx, unitId, ['available'], 'assigned', ctx.now);
      if (!unit) throw conflict('This unit is not available.');
      await insertAssignment(tx, { incidentId: id, unitId, assignedBy: ctx.actor.userId }, ctx.now);
      const before = await findIncident(tx, id);
      // Assigning acknowledges a call nobody had acknowledged yet; an earlier acknowledgement stays.
      const ack = before?.acknowledgedAt ? {} : { acknowledgedAt: ctx.now, acknowledgedBy: ctx.actor.userId };
      const moved = await moveIncident(
        tx,
        id,
        fromStatuses('ambulance_assigned'),
        { status: 'ambulance_assigned', assignedAt: ctx.now, ...ack },
        ctx.now,
      );
      if (!moved) throw conflict('This incident already has a unit, or is closed.');
      const current = (await findIncident(tx, id))!;
      await audit(tx, ctx, current, 'emergency.unit.assign', { unitId });
      await refreshEta(tx, id, ctx.now);
      await announceIncident(tx, current, ctx.now, {});
      await announceUnits(tx, ctx.now);
      return current;
    });
  } catch (error) {
    if (pgErrorOf(error)?.code === '23505') throw conflict('This unit or incident was just assigned by someone else.');
    throw error;
  }
  return describeForStaff(db, ctx, row);
}

/** Closes the incident (from any open state; nothing reopens it) and frees its unit. */
export async function closeIncident(db: Db, ctx: ServiceContext, id: string): Promise<DispatchIncidentDto> {
  await requireIncidentForDispatch(db, ctx, id);
  const row = await db.transaction(async (tx) => {
    const moved = await moveIncident(
      tx,
      id,
      fromStatuses('closed'),
      { status: 'closed', closedAt: ctx.now, closedBy: ctx.actor.userId, etaAt: null },
      ctx.now,
    );
    if (!moved) return undefined;
    for (const a of await endAssignmentsOfIncident(tx, id, ctx.now)) {
      await setUnitStatus(tx, a.unitId, ['assigned', 'en_route', 'on_scene'], 'available', ctx.now);
    }
    await audit(tx, ctx, moved, 'emergency.incident.close');
    await announceIncident(tx, moved, ctx.now);
    await announceUnits(tx, ctx.now);
    return moved;
  });
  if (!row) throw conflict('This incident is already closed.');
  return describeForStaff(db, ctx, row);
}
