import type { FastifyInstance } from 'fastify';
import { registerStaffApi } from './staff.api.js';
import { registerStaffPages } from './staff.pages.js';

export { findStaffById, listStaffByIds, type StaffMember } from './services/staff-directory.service.js';
export { createStaffProfile } from './services/staff-profile.service.js';

/** The staff directory (API and pages) and the staff home. */
export function registerStaffModule(app: FastifyInstance): void {
  registerStaffApi(app);
  registerStaffPages(app);
}
