import type { FastifyInstance } from 'fastify';
import { registerEligibilityAndCardsApi } from './cards.api.js';
import { registerClaimsApi } from './claims.api.js';
import { PAYER_POLL_QUEUE } from './insurance.vocabulary.js';
import { registerInsurancePages } from './insurance.pages.js';
import { pollClaimFromJob } from './services/claim-payer.service.js';

/**
 * Insurance (docs/billing.md "Insurance"): eligibility checks, card images, claims and their FHIR
 * export, the API and pages; and — when this process runs jobs — the payer job that asks the payer
 * for its acknowledgement and decision on a submitted or appealed claim.
 */
export function registerInsurance(app: FastifyInstance): void {
  registerClaimsApi(app);
  registerEligibilityAndCardsApi(app);
  registerInsurancePages(app);
  const { config, jobs } = app.deps;
  if (!jobs || !config.runWorkers) return;
  app.addHook('onReady', async () => {
    await jobs.work<{ claimId: string }>(
      PAYER_POLL_QUEUE,
      async (job) => pollClaimFromJob(app.deps.db, job.data.claimId, app.deps.clock(), jobs),
      { retryLimit: 3, retryDelaySeconds: 30, retryBackoff: true },
    );
  });
}
