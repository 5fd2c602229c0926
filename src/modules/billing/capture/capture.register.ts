import type { FastifyInstance } from 'fastify';
import { registerLabResultHook } from '../../labs/index.js';
import { registerDispenseHook } from '../../medications/index.js';
import { registerProcedureHook } from '../../records/index.js';
import { captureDispense, captureLabTest, captureProcedure } from './capture.service.js';

/**
 * Charges captured from other modules (docs/billing.md "Capture sources"): lab tests performed,
 * medicines dispensed, procedures recorded — each hook runs in the source's transaction.
 */
export function registerBillingCapture(app: FastifyInstance): void {
  registerLabResultHook(app.deps, captureLabTest);
  registerDispenseHook(app.deps, captureDispense);
  registerProcedureHook(app.deps, captureProcedure);
}
