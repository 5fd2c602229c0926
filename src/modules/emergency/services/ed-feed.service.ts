import type { Db } from '../../../platform/db/database.js';
import { listUnits, openAssignments } from '../ambulances.repository.js';
import type { IncidentStatus, UnitStatus } from '../emergency.vocabulary.js';
import { findIncident, listOpenIncidents } from '../incidents.repository.js';

/** An open incident as the emergency department's board sees it: ids, statuses and the ETA only. */
export interface IncomingIncident {
  incidentId: string;
  patientId: string;
  status: IncidentStatus;
  raisedAt: Date;
  etaAt: Date | null;
  unit: { callSign: string; status: UnitStatus } | null;
}

/**
 * The open incidents with their unit and ETA, for the emergency department (docs/emergency.md).
 * Three statements whatever the number of incidents. The caller checks who may see them and audits
 * the patients it shows.
 */
export async function incomingIncidents(db: Db): Promise<IncomingIncident[]> {
  const [incidents, assignments, units] = await Promise.all([listOpenIncidents(db), openAssignments(db), listUnits(db)]);
  const unitOf = new Map(assignments.map((a) => [a.incidentId, units.find((u) => u.id === a.unitId)]));
  return incidents.map((i) => {
    const unit = unitOf.get(i.id);
    return {
      incidentId: i.id,
      patientId: i.patientId,
      status: i.status,
      raisedAt: i.createdAt,
      etaAt: i.etaAt,
      unit: unit ? { callSign: unit.callSign, status: unit.status } : null,
    };
  });
}

/** One incident's patient and status (an ambulance arrival links to it), or undefined. */
export async function incidentForArrival(
  db: Db,
  id: string,
): Promise<{ id: string; patientId: string; status: IncidentStatus } | undefined> {
  const row = await findIncident(db, id);
  return row ? { id: row.id, patientId: row.patientId, status: row.status } : undefined;
}
