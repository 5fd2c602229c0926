import type { FastifyInstance } from 'fastify';
import { registerVitalsApi } from './vitals.api.js';

// What other modules may import (docs/architecture.md, docs/vitals.md); every other file here is private.
export { news2, news2Applicable, type News2Input, type News2Score } from './news2.js';
export { recordVitalSet } from './services/record-vital-set.service.js';
export { listRound, getPatientVitals } from './services/vitals-queries.service.js';
/** Tables, for test fixtures and the demo seed's checks. */
export { vitalSets, patientVitalSettings } from './vitals.tables.js';

/** Vital signs and NEWS2 (issue 14): the API and pages; NEWS2 responses go through the clinical alerts. */
export function registerVitalsModule(app: FastifyInstance): void {
  registerVitalsApi(app);
}
