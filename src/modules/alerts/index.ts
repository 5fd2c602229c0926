import type { FastifyInstance } from 'fastify';
import { configureAlertBroadcastRoles } from '../../platform/authz/permissions.js';
import { addLayoutHeaderItem } from '../../platform/views/layout-extensions.js';
import { registerAlertsApi } from './alerts.api.js';
import { registerAlertsPages } from './alerts.pages.js';
import { CodeBlueHeaderButton } from './views/code-blue-form.js';

// What other modules may import (docs/architecture.md); every other file of this folder is private.
export { activeBanners } from './services/alert-queries.service.js';

/**
 * Hospital-wide alerts: broadcast (roles from ALERTS_BROADCAST_ROLES), banners on every open page
 * of the audience through the event stream, acknowledgements, history.
 */
export function registerAlertsModule(app: FastifyInstance): void {
  configureAlertBroadcastRoles(app.deps.config.alertsBroadcastRoles);
  // Any clinician calls a code blue from any staff page.
  addLayoutHeaderItem('code-blue', (ctx) => CodeBlueHeaderButton({ ctx }));
  registerAlertsApi(app);
  registerAlertsPages(app);
}
