import type { FastifyInstance } from 'fastify';
import { registerStaffApi } from './staff.api.js';
import { registerStaffPages } from './staff.pages.js';
import { registerStaffPhotoApi } from './staff-photo.api.js';
import { registerStaffPhotoPages } from './staff-photo.pages.js';

// What other modules may import (docs/architecture.md); every other file of this folder is private.
export {
  clinicianStandingRead,
  findStaffById,
  listStaffByIds,
  staffNamesRead,
  type StaffMember,
} from './services/staff-directory.service.js';
export { createStaffProfile } from './services/staff-profile.service.js';
export { StaffPhotoCard } from './views/staff-photo.js';
export { StaffHomePage } from './views/staff-home.js';
export { redirectPatient, staffHomeLinks } from './staff.pages.js';
export { findStaffAccount, listStaffAccounts, type StaffAccount } from './services/staff-accounts.service.js';
export { listDepartments, listSpecialties, listStaffDirectory } from './services/staff-directory.service.js';
export { updateStaffProfile } from './services/staff-profile.service.js';
export { type Department, languageTagSchema, type Specialty, staffRoleSchema } from './staff.schemas.js';
export { departments, specialties, staffProfiles, staffSpecialties } from './staff.tables.js';

/** The staff directory (API and pages), staff photos and the staff home. */
export function registerStaffModule(app: FastifyInstance): void {
  registerStaffApi(app);
  registerStaffPages(app);
  registerStaffPhotoApi(app);
  registerStaffPhotoPages(app);
}
