import type { FastifyInstance } from 'fastify';
import { isApiRequest } from './context.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every cookie-authenticated state change carries a CSRF token: all page forms (signed in or not,
 * which also stops login CSRF) and any API call made with the session cookie. Bearer-token API
 * calls are not exposed to CSRF. Runs in preHandler, after the form body is parsed.
 */
export function installCsrfGuard(app: FastifyInstance): void {
  app.addHook('preHandler', (request, reply, done) => {
    if (SAFE_METHODS.has(request.method) || !request.routeOptions.url) return done();
    const needsToken = isApiRequest(request) ? request.authVia === 'cookie' : true;
    if (!needsToken) return done();
    app.csrfProtection(request, reply, done);
  });
}
