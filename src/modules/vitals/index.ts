import type { FastifyInstance } from 'fastify';
import { noStore } from '../../platform/http/api-helpers.js';
import { registerVitalsApi } from './vitals.api.js';
import { registerVitalsPages } from './vitals.pages.js';

// What other modules may import (docs/architecture.md, docs/vitals.md); every other file here is private.
export { news2, news2Applicable, type News2Input, type News2Score } from './news2.js';
export { recordVitalSet } from './services/record-vital-set.service.js';
export { listRound, getPatientVitals } from './services/vitals-queries.service.js';
/** Tables, for test fixtures and the demo seed's checks. */
export { vitalSets, patientVitalSettings } from './vitals.tables.js';

/** Vital signs and NEWS2 (issue 14): the API and pages; NEWS2 responses go through the clinical alerts. */
export async function registerVitalsModule(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    // Every answer here carries PHI: never stored by browsers or proxies.
    scope.addHook('onSend', async (_request, reply, payload) => {
      noStore(reply);
      return payload;
    });
    registerVitalsApi(scope);
    registerVitalsPages(scope);
  });
}
