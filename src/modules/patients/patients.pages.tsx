import type { FastifyInstance } from 'fastify';
import { registerPortalPages } from './portal.pages.js';
import { registerStaffCarePages } from './staff-care.pages.js';
import { registerStaffPatientPages } from './staff-patients.pages.js';

/** Every HTML route of the module: the patient portal and the staff pages. */
export function registerPatientPages(app: FastifyInstance): void {
  registerPortalPages(app);
  registerStaffPatientPages(app);
  registerStaffCarePages(app);
}
