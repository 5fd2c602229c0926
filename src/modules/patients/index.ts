import type { FastifyInstance } from 'fastify';
import { noStore } from '../../platform/http/api-helpers.js';
import { registerAccessApi } from './access.api.js';
import { registerPatientsApi } from './patients.api.js';
import { registerPatientPages } from './patients.pages.js';
import { registerRecordsApi } from './records.api.js';

/** The patients module: profile, two access tiers, clinical and registration records, care teams, privacy. */
export async function registerPatientsModule(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    // Every answer here may carry PHI: never stored by browsers or proxies.
    scope.addHook('onSend', async (_request, reply, payload) => {
      noStore(reply);
      return payload;
    });
    registerPatientsApi(scope);
    registerRecordsApi(scope);
    registerAccessApi(scope);
    registerPatientPages(scope);
  });
}
