import type { FastifyInstance } from 'fastify';
import { registerAdminApi } from './admin.api.js';
import { registerAdminPages } from './admin.pages.js';
import { registerAdminStaffApi } from './admin-staff.api.js';
import { registerAdminStaffPages } from './admin-staff.pages.js';

// What other modules may import (docs/architecture.md); every other file of this folder is private.
export { sealAndVerifyAuditChain } from './services/audit-trail.service.js';
export type { ChainVerificationDto } from './admin.schemas.js';
export { loadAdminWorklist, type AdminWorklist } from './services/admin-worklist.service.js';

/** The administration console: staff accounts, audit trail, API keys and the outbox. */
export function registerAdminModule(app: FastifyInstance): void {
  registerAdminStaffApi(app);
  registerAdminApi(app);
  registerAdminStaffPages(app);
  registerAdminPages(app);
}
