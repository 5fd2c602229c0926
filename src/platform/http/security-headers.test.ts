import helmet, { type HelmetOptions } from 'helmet';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers.js';

const OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", 'https://js.stripe.com'],
      imgSrc: ["'self'", 'data:'],
      frameAncestors: ["'none'"],
      upgradeInsecureRequests: null,
    },
  },
  hsts: { maxAge: 31_536_000, includeSubDomains: true },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginEmbedderPolicy: false,
};

/** What helmet's own middleware writes on a real response, request by request. */
function helmetOnARealResponse(options: HelmetOptions): Record<string, unknown> {
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  response.setHeader('X-Powered-By', 'something');
  let failure: unknown;
  helmet(options)(response.req, response, (error?: unknown) => {
    failure = error;
  });
  expect(failure).toBeUndefined();
  return response.getHeaders();
}

describe('security headers worked out once', () => {
  it('are exactly the headers helmet writes on each response for the same options', () => {
    const once = securityHeaders(OPTIONS);
    expect(once).toEqual(helmetOnARealResponse(OPTIONS));
    expect(once['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(once['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(once).not.toHaveProperty('cross-origin-embedder-policy');
    expect(Object.isFrozen(once)).toBe(true);
  });

  it('refuses a directive computed per request, which one computation would get wrong', () => {
    const perRequest: HelmetOptions = {
      contentSecurityPolicy: { directives: { scriptSrc: ["'self'", () => "'nonce-abc'"] } },
    };
    expect(() => securityHeaders(perRequest)).toThrow(/computed per request/);
  });

  it('reports options helmet refuses, at start', () => {
    expect(() => securityHeaders({ referrerPolicy: { policy: 'sometimes' as 'no-referrer' } })).toThrow();
  });
});
