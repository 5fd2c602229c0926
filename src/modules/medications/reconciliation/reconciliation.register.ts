import type { FastifyInstance } from 'fastify';
import { registerReconciliationApi } from './reconciliation.api.js';
import { registerReconciliationPages } from './reconciliation.pages.js';

/** Medication reconciliation (issue 12): outside medicines and the encounter's decisions; API and pages. */
export function registerReconciliation(app: FastifyInstance): void {
  registerReconciliationApi(app);
  registerReconciliationPages(app);
}
