import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';

/**
 * Signalling and chat answer cookie-authenticated browsers: besides the CSRF token every state
 * change carries, a request whose Origin names another site is refused (403) before any work —
 * the check a cookie-authenticated socket needs, kept here for the POSTs that replace one. A
 * request without Origin (a non-browser client with a bearer token) is not a cross-site one.
 */
export function assertSameOrigin(app: FastifyInstance, request: FastifyRequest): void {
  if (request.authVia !== 'cookie') return;
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (origin !== new URL(app.deps.config.publicUrl).origin) throw new AppError('forbidden', 'This request came from another site.');
}
