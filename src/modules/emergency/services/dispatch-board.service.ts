import { auditPatientsAccess, auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { unprocessable } from '../../../platform/errors.js';
import { listUnits, openAssignments } from '../ambulances.repository.js';
import type { BoardDto, DispatchIncidentDto } from '../emergency.schemas.js';
import { incidentPatients, latestLocation, latestLocations, listOpenIncidents, type IncidentRow } from '../incidents.repository.js';
import { requireDispatchStaff, requireIncidentForDispatch } from './emergency-access.js';
import { emergencySettings } from './emergency-settings.js';
import { dispatchIncidentDto, unitDto } from './incident-views.js';
import { rankUnits } from './nearest-unit.js';

/**
 * The dispatch board: every open incident with its patient's minimal details and last position,
 * and every unit. Each incident shown writes an audit row (its patient and position were seen).
 */
export async function dispatchBoard(db: Db, ctx: ServiceContext): Promise<BoardDto> {
  await requireDispatchStaff(db, ctx);
  const [incidents, units, assignments] = await Promise.all([listOpenIncidents(db), listUnits(db), openAssignments(db)]);
  await auditPatientsAccess(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    incidents.map((i) => ({
      action: 'emergency.board.view',
      resourceType: 'emergency_incident',
      resourceId: i.id,
      patientId: i.patientId,
      category: 'clinical' as const,
    })),
    ctx.now,
  );
  const ids = incidents.map((i) => i.id);
  const [patients, locations] = await Promise.all([
    incidentPatients(
      db,
      incidents.map((i) => i.patientId),
    ),
    latestLocations(db, ids),
  ]);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const unitOf = new Map(assignments.map((a) => [a.incidentId, unitById.get(a.unitId)]));
  const { mapTileUrl, ambulanceSpeedKmh } = emergencySettings();
  return {
    incidents: incidents.map((i) => dispatchIncidentDto(i, patients.get(i.patientId), locations.get(i.id), unitOf.get(i.id), ctx.now)),
    units: units.map(unitDto),
    mapTileUrl,
    speedKmh: ambulanceSpeedKmh,
  };
}

/** One incident for dispatch (its position included), audited; anyone else 404. */
export async function dispatchIncident(db: Db, ctx: ServiceContext, id: string): Promise<DispatchIncidentDto> {
  const incident = await requireIncidentForDispatch(db, ctx, id);
  return describeForStaff(db, ctx, incident);
}

export async function describeForStaff(db: Db, ctx: ServiceContext, incident: IncidentRow): Promise<DispatchIncidentDto> {
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action: 'emergency.incident.read',
      resourceType: 'emergency_incident',
      resourceId: incident.id,
      patientId: incident.patientId,
      category: 'clinical',
    },
    ctx.now,
  );
  const [patients, location, assignments, units] = await Promise.all([
    incidentPatients(db, [incident.patientId]),
    latestLocation(db, incident.id),
    openAssignments(db),
    listUnits(db),
  ]);
  const assignment = assignments.find((a) => a.incidentId === incident.id);
  const unit = assignment ? units.find((u) => u.id === assignment.unitId) : undefined;
  return dispatchIncidentDto(incident, patients.get(incident.patientId), location, unit, ctx.now);
}

/** The nearest available units to the incident's last position (the dispatcher confirms one). */
export async function suggestUnits(db: Db, ctx: ServiceContext, id: string) {
  const incident = await requireIncidentForDispatch(db, ctx, id);
  const location = await latestLocation(db, incident.id);
  if (!location) throw unprocessable('This incident has no position yet: choose a unit from the list, by the address.');
  const ranked = rankUnits(location, await listUnits(db), emergencySettings().ambulanceSpeedKmh);
  return { suggestion: ranked[0] ?? null, ranked };
}
