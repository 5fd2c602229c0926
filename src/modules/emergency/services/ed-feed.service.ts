import type { Db } from '../../../platform/db/database.js';
import { deferRead, type DeferredRead } from '../../../platform/db/read-together.js';
import type { IncidentStatus, UnitStatus } from '../emergency.vocabulary.js';
import { findIncident, selectIncomingIncidents } from '../incidents.repository.js';

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
 * The open incidents with their unit and ETA, for the emergency department (docs/emergency.md), as
 * a read not run yet: the board reads it with its arrivals in one statement. The caller checks who
 * may see them and audits the patients it shows.
 */
export function incomingIncidentsRead(db: Db): DeferredRead<IncomingIncident[]> {
  return deferRead(selectIncomingIncidents(db), (rows) =>
    rows.map((r) => ({
      incidentId: r.incidentId,
      patientId: r.patientId,
      status: r.status,
      raisedAt: r.raisedAt,
      etaAt: r.etaAt,
      unit: r.unitCallSign !== null && r.unitStatus !== null ? { callSign: r.unitCallSign, status: r.unitStatus } : null,
    })),
  );
}

/** One incident's patient and status (an ambulance arrival links to it), or undefined. */
export async function incidentForArrival(
  db: Db,
  id: string,
): Promise<{ id: string; patientId: string; status: IncidentStatus } | undefined> {
  const row = await findIncident(db, id);
  return row ? { id: row.id, patientId: row.patientId, status: row.status } : undefined;
}
