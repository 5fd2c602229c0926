import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { conflict } from '../../../platform/errors.js';
import {
  acceptAssignment,
  crewUserIds,
  openAssignmentOfUnit,
  setUnitPosition,
  setUnitStatus,
  unitOfCrewMember,
} from '../ambulances.repository.js';
import type { CrewViewDto, PositionInput } from '../emergency.schemas.js';
import type { CrewStatus, IncidentStatus, UnitStatus } from '../emergency.vocabulary.js';
import { endAssignmentsOfIncident } from '../ambulances.repository.js';
import { findIncident, latestLocation, moveIncident } from '../incidents.repository.js';
import { describeForStaff } from './dispatch-board.service.js';
import { requireCrewIncident } from './emergency-access.js';
import { refreshEta } from './eta.service.js';
import { announceIncident, announceUnits } from './incident-events.js';
import { unitDto } from './incident-views.js';
import { distanceKm } from './nearest-unit.js';

/** The crew's phone: their unit and the one incident assigned to it (nothing else is visible). */
export async function crewView(db: Db, ctx: ServiceContext): Promise<CrewViewDto> {
  const unit = await unitOfCrewMember(db, ctx.actor.userId);
  const assignment = unit ? await openAssignmentOfUnit(db, unit.id) : undefined;
  const incident = assignment ? await findIncident(db, assignment.incidentId) : undefined;
  if (!unit || !assignment || !incident) return { unit: unit ? unitDto(unit) : null, incident: null, accepted: false, distanceKm: null };
  const dto = await describeForStaff(db, ctx, incident);
  const target = await latestLocation(db, incident.id);
  const km =
    target && unit.latitude !== null && unit.longitude !== null
      ? distanceKm({ latitude: unit.latitude, longitude: unit.longitude }, target)
      : null;
  return { unit: unitDto(unit), incident: dto, accepted: assignment.acceptedAt !== null, distanceKm: km };
}

/** The crew accepts the assignment: the unit is on its way. */
export async function acceptIncident(db: Db, ctx: ServiceContext, incidentId: string): Promise<CrewViewDto> {
  const { unit, incident } = await requireCrewIncident(db, ctx, incidentId);
  await db.transaction(async (tx) => {
    const assignment = (await openAssignmentOfUnit(tx, unit.id))!;
    await acceptAssignment(tx, assignment.id, ctx.actor.userId, ctx.now);
    await setUnitStatus(tx, unit.id, ['assigned'], 'en_route', ctx.now);
    const moved = await moveIncident(
      tx,
      incident.id,
      ['ambulance_assigned', 'acknowledged', 'received'],
      { status: 'en_route', enRouteAt: ctx.now },
      ctx.now,
    );
    await audit(tx, ctx, incident.id, incident.patientId, 'emergency.crew.accept', { unitId: unit.id });
    if (moved) await announceIncident(tx, moved, ctx.now);
    await refreshEta(tx, incident.id, ctx.now);
    await announceUnits(tx, ctx.now);
  });
  return crewView(db, ctx);
}

/** What an incident becomes when its unit reports a status (null: the incident does not move). */
const INCIDENT_ON_UNIT: Partial<Record<CrewStatus, IncidentStatus>> = { en_route: 'en_route', on_scene: 'arrived' };
const UNIT_FROM: Record<CrewStatus, UnitStatus[]> = {
  en_route: ['assigned'],
  on_scene: ['assigned', 'en_route'],
  transporting: ['on_scene'],
  at_hospital: ['transporting', 'on_scene'],
  available: ['at_hospital', 'on_scene'],
};

/** A status button on the crew's phone; `available` ends the unit's assignment. */
export async function reportCrewStatus(db: Db, ctx: ServiceContext, incidentId: string, status: CrewStatus): Promise<CrewViewDto> {
  const { unit, incident } = await requireCrewIncident(db, ctx, incidentId);
  await db.transaction(async (tx) => {
    const moved = await setUnitStatus(tx, unit.id, UNIT_FROM[status], status, ctx.now);
    if (!moved) throw conflict(`The unit cannot go from ${unit.status} to ${status}.`);
    const next = INCIDENT_ON_UNIT[status];
    const from: IncidentStatus[] = next === 'arrived' ? ['ambulance_assigned', 'en_route'] : ['ambulance_assigned'];
    const changed = next
      ? await moveIncident(
          tx,
          incident.id,
          from,
          next === 'arrived' ? { status: next, arrivedAt: ctx.now, etaAt: null } : { status: next, enRouteAt: ctx.now },
          ctx.now,
        )
      : undefined;
    if (status === 'available') await endAssignmentsOfIncident(tx, incident.id, ctx.now);
    await audit(tx, ctx, incident.id, incident.patientId, 'emergency.crew.status', { unitId: unit.id, status });
    if (changed) await announceIncident(tx, changed, ctx.now);
    await announceUnits(tx, ctx.now, await crewUserIds(tx, unit.id));
  });
  return crewView(db, ctx);
}

/** The crew's phone position: the unit moves on the board and the ETA is recomputed. */
export async function reportCrewPosition(db: Db, ctx: ServiceContext, position: PositionInput): Promise<CrewViewDto> {
  const unit = await unitOfCrewMember(db, ctx.actor.userId);
  if (!unit) return crewView(db, ctx);
  await db.transaction(async (tx) => {
    await setUnitPosition(tx, unit.id, position.latitude, position.longitude, ctx.now);
    const assignment = await openAssignmentOfUnit(tx, unit.id);
    if (assignment) await refreshEta(tx, assignment.incidentId, ctx.now);
    await announceUnits(tx, ctx.now);
  });
  return crewView(db, ctx);
}

async function audit(tx: Db, ctx: ServiceContext, incidentId: string, patientId: string, action: string, detail: Record<string, unknown>) {
  await writeAudit(
    tx,
    auditActorOf(ctx.actor),
    ctx.origin,
    { action, resourceType: 'emergency_incident', resourceId: incidentId, patientId, category: 'clinical', detail },
    ctx.now,
  );
}
