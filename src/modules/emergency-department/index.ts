import type { FastifyInstance } from 'fastify';
import { registerEdApi } from './ed.api.js';
import { registerEdPages } from './ed.pages.js';

// What other modules may import (docs/architecture.md); every other file of this folder is private.
export { edArrivals, edTriageAssessments, edTriageLevels } from './ed.tables.js';
export { closeArrival, markSeen, registerArrival, triageArrival } from './services/arrivals.service.js';

/** The emergency department (docs/emergency.md): arrivals, triage, the ED board, the triage scale. */
export function registerEmergencyDepartmentModule(app: FastifyInstance): void {
  registerEdApi(app);
  registerEdPages(app);
}
