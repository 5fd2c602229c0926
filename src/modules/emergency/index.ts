import type { FastifyInstance } from 'fastify';
import { registerAmbulancesApi } from './ambulances.api.js';
import { registerEmergencyApi } from './emergency.api.js';
import { registerFleetApi } from './fleet.api.js';
import { registerFleetPages } from './fleet.pages.js';
import { configureEmergency, EMERGENCY_ESCALATION_QUEUE, EMERGENCY_RETENTION_QUEUE } from './services/emergency-settings.js';
import { escalateUnacknowledged } from './services/escalation.service.js';
import { purgeOldLocations } from './services/location-retention.service.js';
import { registerSosAssets } from './sos-assets.js';
import { registerSosPages } from './sos.pages.js';

// What other modules may import (docs/architecture.md); every other file of this folder is private.
/** For the demo seed and tests: the fleet. */
export { createUnit } from './services/fleet.service.js';
export { escalateUnacknowledged } from './services/escalation.service.js';
export { purgeOldLocations } from './services/location-retention.service.js';
export { INCIDENT_CHANGED_EVENT } from './services/incident-events.js';
/** The staff home shows the dispatch board's link to dispatch staff only. */
export { isDispatchStaff } from './services/emergency-access.js';
/** For the emergency department's board (src/modules/emergency-department). */
export { incidentForArrival, incomingIncidentsRead, type IncomingIncident } from './services/ed-feed.service.js';
export { INCIDENT_STATUSES, type IncidentStatus, type UnitStatus } from './emergency.vocabulary.js';
export { emergencyIncidents, emergencyLocations, ambulanceUnits, emergencyAssignments } from './emergency.tables.js';

/**
 * Emergencies (docs/emergency.md): the patient's SOS, the dispatch board, the crew's page; and, when
 * this process runs jobs, the escalation of unacknowledged calls (a delayed job per incident plus a
 * one-minute sweep) and the daily deletion of old positions.
 */
export function registerEmergencyModule(app: FastifyInstance): void {
  const { config, jobs, logger } = app.deps;
  configureEmergency(config.emergency, config.runWorkers ? jobs : undefined);
  registerEmergencyApi(app);
  registerAmbulancesApi(app);
  registerFleetApi(app);
  registerFleetPages(app);
  registerSosAssets(app);
  registerSosPages(app);
  if (!jobs || !config.runWorkers) return;
  app.addHook('onReady', async () => {
    await jobs.defineQueue(EMERGENCY_ESCALATION_QUEUE);
    await jobs.work(
      EMERGENCY_ESCALATION_QUEUE,
      async () => {
        const report = await escalateUnacknowledged(app.deps.db, app.deps.clock());
        if (report.escalated > 0) logger.warn({ ...report }, 'emergency: unacknowledged calls escalated');
      },
      { retryLimit: 3, retryDelaySeconds: 5 },
    );
    await jobs.schedule(EMERGENCY_ESCALATION_QUEUE, '* * * * *');
    await jobs.work(
      EMERGENCY_RETENTION_QUEUE,
      async () => {
        const report = await purgeOldLocations(app.deps.db, app.deps.clock());
        if (report.deleted > 0) logger.info({ ...report }, 'emergency: old positions deleted');
      },
      { retryLimit: 3, retryDelaySeconds: 60 },
    );
    await jobs.schedule(EMERGENCY_RETENTION_QUEUE, '17 3 * * *');
  });
}
