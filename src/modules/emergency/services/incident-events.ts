import type { Db } from '../../../platform/db/database.js';
import { publishEvent } from '../../../platform/events/index.js';
import { crewUserIds } from '../ambulances.repository.js';
import { dispatchStaffUserIds, incidentPatients, openAssignmentOfIncident, type IncidentRow } from '../incidents.repository.js';

/** The one event every emergency page listens for; it carries ids and the status only (pages re-read). */
export const INCIDENT_CHANGED_EVENT = 'emergency.incident.changed';

/**
 * Tells everyone who follows the incident that it changed: dispatch staff (the board; `isNew` makes
 * it ring), the crew of the assigned unit, and the patient's own pages. No PHI in the event row.
 */
export async function announceIncident(db: Db, incident: IncidentRow, now: Date, options: { isNew?: boolean } = {}): Promise<void> {
  const assignment = await openAssignmentOfIncident(db, incident.id);
  const crew = assignment ? await crewUserIds(db, assignment.unitId) : [];
  const patientUser = (await incidentPatients(db, [incident.patientId])).get(incident.patientId)?.userId;
  const userIds = [...(await dispatchStaffUserIds(db)), ...crew, ...(patientUser ? [patientUser] : []), incident.reportedBy];
  await publishEvent(
    db,
    {
      type: INCIDENT_CHANGED_EVENT,
      audience: { userIds },
      data: { incidentId: incident.id, status: incident.status, isNew: options.isNew === true },
    },
    now,
  );
}

/** Units moved (position or status): the board and the crews re-read. */
export async function announceUnits(db: Db, now: Date, extraUserIds: string[] = []): Promise<void> {
  const userIds = [...(await dispatchStaffUserIds(db)), ...extraUserIds];
  await publishEvent(db, { type: 'emergency.units.changed', audience: { userIds }, data: {} }, now);
}
