import type { FastifyInstance, RouteOptions } from 'fastify';
import { isApiKeyScope, PERMISSIONS, type ApiKeyScope, type Permission } from '../authz/permissions.js';

export interface RegisteredRoute {
  method: string;
  url: string;
  permission: Permission;
  /** The integration-key scopes the route accepts (none: keys are refused). */
  scopes: readonly ApiKeyScope[];
  kind: 'api' | 'page' | 'system';
}

/**
 * Collects every route with its declared permission. A route without one stops start-up: an
 * unguarded route must be a deliberate `permission: 'public'`, never an omission. The
 * authorization matrix test is generated from this list.
 */
export function installRouteRegistry(app: FastifyInstance): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const url = route.url;
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    const isThirdPartyDocs = url.startsWith('/api/docs');
    // The interactive API docs are registered by a plugin that cannot take our config: they are
    // public by decision (they show the schema, never data).
    if (isThirdPartyDocs) route.config = { ...(route.config ?? {}), permission: 'public' };
    const config = route.config as { permission?: Permission; scopes?: readonly string[] } | undefined;
    const permission = config?.permission;
    if (!permission) {
      throw new Error(`Route ${methods.join(',')} ${url} declares no permission (config.permission)`);
    }
    if (permission && !PERMISSIONS.includes(permission)) {
      throw new Error(`Route ${url} declares an unknown permission "${permission}"`);
    }
    const scopes = config?.scopes ?? [];
    const unknownScope = scopes.find((s) => !isApiKeyScope(s));
    if (unknownScope !== undefined) throw new Error(`Route ${url} declares an unknown API key scope "${unknownScope}"`);
    const kind =
      url.startsWith('/api/') || url.startsWith('/fhir/')
        ? 'api'
        : /^\/(healthz|readyz|metrics|assets)/.test(url) || isThirdPartyDocs
          ? 'system'
          : 'page';
    if (scopes.length > 0 && (kind !== 'api' || permission === 'public')) {
      throw new Error(`Route ${url} declares API key scopes but is ${kind === 'api' ? 'public' : 'not an API route'}`);
    }
    for (const method of methods) {
      routes.push({ method, url, permission: permission ?? 'public', kind, scopes: scopes as readonly ApiKeyScope[] });
    }
  });
  return routes;
}
