import type { FastifyInstance } from 'fastify';
import { registerHl7Inbound } from '../../platform/hl7/index.js';
import { registerLabReconciliation } from './lab-reconciliation.pages.js';
import { registerLabsApi } from './labs.api.js';
import { registerLabsFhir } from './labs.fhir.js';
import { registerLabsPages } from './labs.pages.js';
import { registerLabReleasePages } from './lab-release.pages.js';
import { registerLabResultsPortal } from './lab-results-portal.pages.js';
import { ensureLabCatalogue } from './services/lab-catalogue.service.js';
import { fileInboundLabResult } from './services/lab-inbound.service.js';

// What other modules may import (docs/architecture.md, docs/labs.md); every other file here is private.
export { fileInboundLabResult } from './services/lab-inbound.service.js';
/** For billing: a test performed (its first result filed), in the filing transaction (docs/billing.md). */
export { registerLabResultHook, type LabResultHook, type LabTestPerformed } from './services/lab-result-hooks.js';
/** For decision support: a patient's newest final numeric results in a window (access decided by the caller). */
export { readLabEvidence, type LabEvidence } from './services/lab-evidence.js';
/** The default catalogue, for the demo seed (a data loader: rows written directly, no audit). */
export { ensureLabCatalogue } from './services/lab-catalogue.service.js';
export { seedDemoLabs } from './labs.seed.js';
/** Tables, for test fixtures and the demo seed. */
export { labOrders, labResults, labTests, labPanels } from './labs.tables.js';

/** Hands the HL7 listener (platform) the labs filer; the listener starts only where it is configured (docs/integration.md). */
export function registerLabsInbound(app: FastifyInstance) {
  return registerHl7Inbound(app, { fileResult: (input) => fileInboundLabResult(app.deps.db, app.deps.clock(), input) });
}

/**
 * The laboratory (issue 13): catalogue, orders and their specimen, results with flags, review,
 * critical results as clinical alerts, and results from outside laboratories (HL7 ORU over MLLP
 * through the platform listener; FHIR DiagnosticReport import). The default catalogue is written
 * at start when the hospital has none.
 */
export function registerLabsModule(app: FastifyInstance): void {
  registerLabsApi(app);
  registerLabsFhir(app);
  registerLabsPages(app);
  registerLabReconciliation(app);
  registerLabReleasePages(app);
  registerLabResultsPortal(app);
  registerLabsInbound(app);
  app.addHook('onReady', async () => {
    await ensureLabCatalogue(app.deps.db, app.deps.clock());
  });
}
