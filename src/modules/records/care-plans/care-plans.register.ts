import type { FastifyInstance } from 'fastify';
import { registerCarePlansApi } from './care-plans.api.js';
import { registerCarePlanPages } from './care-plans.pages.js';

/** Care plans: the JSON API and the clinician's and patient's pages. */
export function registerCarePlans(app: FastifyInstance): void {
  registerCarePlansApi(app);
  registerCarePlanPages(app);
}
