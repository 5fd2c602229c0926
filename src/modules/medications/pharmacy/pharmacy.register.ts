import type { FastifyInstance } from 'fastify';
import { registerPharmacyApi } from './pharmacy.api.js';
import { registerPharmacyPages } from './pharmacy.pages.js';

/** The pharmacy: verification queue, queries to the prescriber, dispensing, history and labels (API and pages). */
export function registerPharmacy(app: FastifyInstance): void {
  registerPharmacyApi(app);
  registerPharmacyPages(app);
}
