import type { FastifyInstance } from 'fastify';
import { registerLabResultHook } from '../../labs/index.js';
import { registerDispenseHook } from '../../medications/index.js';
import { registerProcedureHook } from '../../records/index.js';
import { captureDispense, captureLabTest, captureProcedure } from './capture.service.js';
import { registerEncounterBilling } from './encounter-billing.routes.js';
import { registerQueuesApi } from './queues.api.js';
import { registerQueuePages } from './queues.pages.js';

/**
 * Charges captured from other modules (docs/billing.md "Capture sources"): lab tests performed,
 * medicines dispensed, procedures recorded — each hook runs in the source's transaction; the work
 * queues (unbilled visits, unpriced events, overdue balances) and the billing tier's encounter view.
 */
export function registerBillingCapture(app: FastifyInstance): void {
  registerLabResultHook(app.deps, captureLabTest);
  registerDispenseHook(app.deps, captureDispense);
  registerProcedureHook(app.deps, captureProcedure);
  registerQueuesApi(app);
  registerQueuePages(app);
  registerEncounterBilling(app);
}
