import type { ExpectedPermission } from './expected-access.js';

/**
 * The emergency department's routes (docs/emergency.md), WRITTEN AND REVIEWED BY HAND like the
 * tables they are merged into (expected-api-routes.ts, expected-page-routes.ts); kept apart for
 * those files' length. 'ed.work': doctors and nurses pass the guard, the service then requires the
 * emergency department (403 for the board, 404 for an arrival). 'ed.manage': administrators (the
 * triage scale; the ambulance units and crews, /api/v1/emergency/units and /admin/emergency/units).
 */
export const ED_API_ROUTES: Record<string, ExpectedPermission> = {
  'GET /api/v1/ed/board': 'ed.work',
  'POST /api/v1/ed/arrivals': 'ed.work',
  'GET /api/v1/ed/arrivals/:id': 'ed.work',
  'POST /api/v1/ed/arrivals/:id/triage': 'ed.work',
  'POST /api/v1/ed/arrivals/:id/seen': 'ed.work',
  // Identifying an unidentified arrival: the ED's clinicians (the service checks the department).
  'POST /api/v1/ed/arrivals/:id/identify': 'ed.work',
  'POST /api/v1/ed/arrivals/:id/close': 'ed.work',
  'GET /api/v1/ed/triage-scale': 'ed.manage',
  'PUT /api/v1/ed/triage-scale/:level': 'ed.manage',
  // The ambulance units and their crews (emergency module; the same administrators' permission).
  'GET /api/v1/emergency/units': 'ed.manage',
  'POST /api/v1/emergency/units': 'ed.manage',
  'GET /api/v1/emergency/units/:id': 'ed.manage',
  'PATCH /api/v1/emergency/units/:id': 'ed.manage',
  'POST /api/v1/emergency/units/:id/crew': 'ed.manage',
  'DELETE /api/v1/emergency/units/:id/crew/:staffId': 'ed.manage',
};

export const ED_PAGE_ROUTES: Record<string, ExpectedPermission> = {
  'GET /staff/ed': 'ed.work',
  'GET /staff/ed/board': 'ed.work',
  'GET /staff/ed/arrivals/new': 'ed.work',
  'POST /staff/ed/arrivals': 'ed.work',
  'GET /staff/ed/arrivals/:id': 'ed.work',
  'POST /staff/ed/arrivals/:id/triage': 'ed.work',
  'POST /staff/ed/arrivals/:id/seen': 'ed.work',
  'POST /staff/ed/arrivals/:id/identify': 'ed.work',
  'POST /staff/ed/arrivals/:id/close': 'ed.work',
  'GET /admin/ed/triage-scale': 'ed.manage',
  'POST /admin/ed/triage-scale/:level': 'ed.manage',
  'GET /admin/emergency/units': 'ed.manage',
  'GET /admin/emergency/units/new': 'ed.manage',
  'POST /admin/emergency/units': 'ed.manage',
  'GET /admin/emergency/units/:id': 'ed.manage',
  'POST /admin/emergency/units/:id': 'ed.manage',
  'POST /admin/emergency/units/:id/crew': 'ed.manage',
  'POST /admin/emergency/units/:id/crew/:staffId/remove': 'ed.manage',
};
