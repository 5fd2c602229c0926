import type { FastifyInstance } from 'fastify';
import { noStore } from '../../platform/http/api-helpers.js';
import { registerDevicesApi } from './devices.api.js';
import { registerDevicesFhir } from './devices.fhir.js';
import { registerDevicesPages } from './devices.pages.js';
import { flagSilentPatients } from './services/no-readings.service.js';

// What other modules may import (docs/architecture.md, docs/remote-monitoring.md); every other file here is private.
export { flagSilentPatients } from './services/no-readings.service.js';
export { devices, deviceReadings, monitoringEnrolments } from './devices.tables.js';
/** For the demo seed (src/demo): a home cuff registered, a programme enrolled and readings ingested as the API does. */
export { registerDevice } from './services/device-registration.service.js';
export { enrolInMonitoring } from './services/monitoring-enrolment.service.js';
export { ingestDeviceReadings, type IncomingReading } from './services/device-ingestion.service.js';

export const REMOTE_MONITORING_SWEEP_QUEUE = 'remote-monitoring.no-readings';

/**
 * Home devices and remote monitoring (issue 14): device registration and credentials, ingestion
 * (JSON batch and FHIR), programmes, the board; and — when this process runs jobs — the hourly
 * no-readings sweep (a pg-boss cron shared by every instance; flagging twice is harmless).
 */
export function registerDevicesModule(app: FastifyInstance): void {
  const { config, jobs, logger } = app.deps;
  app.register(async (scope) => {
    // Every answer here may carry PHI: never stored by browsers or proxies.
    scope.addHook('onSend', async (_request, reply, payload) => {
      noStore(reply);
      return payload;
    });
    registerDevicesApi(scope);
    registerDevicesFhir(scope);
    registerDevicesPages(scope);
  });
  if (!jobs || !config.runWorkers) return;
  app.addHook('onReady', async () => {
    await jobs.work(
      REMOTE_MONITORING_SWEEP_QUEUE,
      async () => {
        const flagged = await flagSilentPatients(app.deps.db, app.deps.clock());
        if (flagged > 0) logger.info({ flagged }, 'remote monitoring: no-readings sweep');
      },
      { retryLimit: 0, deadLetter: false },
    );
    await jobs.schedule(REMOTE_MONITORING_SWEEP_QUEUE, '17 * * * *');
  });
}
