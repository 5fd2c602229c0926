import { describe, expect, it } from 'vitest';
import { routesSerialisedByZod } from '../src/platform/http/response-serializer.js';
import { api, useTestApp } from './helpers/app.js';

/** Every JSON API route is in the OpenAPI document; a route missing from it fails here. */
describe('OpenAPI document', () => {
  const t = useTestApp();

  it('lists every /api/v1 route with its method', async () => {
    const res = await api(t, 'GET', '/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const document = res.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(document.openapi).toMatch(/^3\./);
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    const missing = t.routes
      .filter((r) => r.url.startsWith('/api/v1/'))
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`)
      .filter((key) => !documented.has(key));
    expect(missing).toEqual([]);
  });

  it('compiles every response schema for serialisation (none falls back to run-time zod)', () => {
    // Only this app's routes: the set is module-wide, and a unit test compiles a made-up route.
    const routes = new Set(t.routes.map((r) => `${r.method} ${r.url}`));
    expect([...routesSerialisedByZod].filter((key) => routes.has(key))).toEqual([]);
  });

  it('serves the interactive documentation', async () => {
    const res = await api(t, 'GET', '/api/docs/');
    expect([200, 302]).toContain(res.statusCode);
  });
});
