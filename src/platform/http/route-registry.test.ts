import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installRouteRegistry } from './route-registry.js';

const handler = async () => ({});

describe('route registry: API key scopes', () => {
  it('records the scopes a route accepts (none when it declares none)', () => {
    const app = Fastify();
    const routes = installRouteRegistry(app);
    app.get('/api/v1/things', { config: { permission: 'patients.search', scopes: ['patients:read'] } }, handler);
    app.get('/api/v1/other', { config: { permission: 'patients.search' } }, handler);
    expect(routes.map((r) => [r.url, r.scopes])).toEqual([
      ['/api/v1/things', ['patients:read']],
      ['/api/v1/other', []],
    ]);
  });

  it('stops start-up on a scope that is not in the known list', () => {
    const app = Fastify();
    installRouteRegistry(app);
    expect(() =>
      app.get('/api/v1/things', { config: { permission: 'patients.search', scopes: ['patients:write' as never] } }, handler),
    ).toThrow(/unknown API key scope "patients:write"/);
  });

  it('stops start-up on scopes declared by a page or a public route', () => {
    const app = Fastify();
    installRouteRegistry(app);
    expect(() => app.get('/staff/things', { config: { permission: 'patients.search', scopes: ['patients:read'] } }, handler)).toThrow(
      /not an API route/,
    );
    expect(() => app.get('/api/v1/open', { config: { permission: 'public', scopes: ['patients:read'] } }, handler)).toThrow(/public/);
  });
});
