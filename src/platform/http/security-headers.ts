import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The headers helmet sets for these options, worked out once.
 *
 * Why not @fastify/helmet: it builds helmet's middleware anew for every request (parsing and
 * checking every CSP directive each time), 3.7 % of the server's CPU in the page bench (CPU
 * profile, 2026-12-05, docs/performance.md). Carewell's options hold no per-request parts (no
 * nonces, no directive functions), so every answer gets the same headers: helmet itself computes
 * them here, once, and they are copied onto each reply. A route that needs its own policy (the
 * card payment page, document downloads, the API docs) still sets its header after this hook.
 */
export function securityHeaders(options: Readonly<HelmetOptions>): Readonly<Record<string, string>> {
  const csp = options.contentSecurityPolicy;
  const directives = typeof csp === 'object' ? Object.values(csp.directives ?? {}) : [];
  if (directives.some((value) => typeof value === 'function' || (Array.isArray(value) && value.some((v) => typeof v === 'function')))) {
    throw new Error('A CSP directive computed per request cannot be worked out once: set that header in its route.');
  }
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: Error | undefined;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) failure = error instanceof Error ? error : new Error('helmet refused the security header options');
  });
  if (failure) throw failure;
  return Object.freeze(headers);
}

/** Every answer carries helmet's headers for `options` (computed once, at start). */
export function installSecurityHeaders(app: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const headers = Object.entries(securityHeaders(options));
  app.addHook('onRequest', (_request, reply, done) => {
    // On the raw response, as helmet did: streamed answers (server-sent events) that write their
    // own head carry them too.
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}
