import type { Db } from '../../../platform/db/database.js';
import { findUnit } from '../ambulances.repository.js';
import { findIncident, latestLocation, openAssignmentOfIncident, setIncidentEta } from '../incidents.repository.js';
import { emergencySettings } from './emergency-settings.js';
import { announceIncident } from './incident-events.js';
import { distanceKm, travelSeconds } from './nearest-unit.js';

/**
 * Recomputes the incident's ETA from its unit's last position and the patient's last position
 * (straight line at EMERGENCY_AMBULANCE_SPEED_KMH) and tells its followers. Nothing to do without
 * an assigned unit, both positions, or once the unit has arrived.
 */
export async function refreshEta(db: Db, incidentId: string, now: Date): Promise<void> {
  const incident = await findIncident(db, incidentId);
  if (!incident || (incident.status !== 'ambulance_assigned' && incident.status !== 'en_route')) return;
  const assignment = await openAssignmentOfIncident(db, incidentId);
  const unit = assignment ? await findUnit(db, assignment.unitId) : undefined;
  const target = await latestLocation(db, incidentId);
  if (!unit || unit.latitude === null || unit.longitude === null || !target) return;
  const km = distanceKm({ latitude: unit.latitude, longitude: unit.longitude }, target);
  const etaAt = new Date(now.getTime() + travelSeconds(km, emergencySettings().ambulanceSpeedKmh) * 1000);
  await setIncidentEta(db, incidentId, etaAt, now);
  await announceIncident(db, { ...incident, etaAt }, now);
}
