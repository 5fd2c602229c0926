import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';

describe('system routes', () => {
  const t = useTestApp();

  it('reports the process up and the database ready with migrations applied', async () => {
    const health = await api(t, 'GET', '/healthz');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await api(t, 'GET', '/readyz');
    expect(ready.json()).toEqual({ status: 'ok' });
  });

  it('answers unknown API paths with problem+json 404', async () => {
    const res = await api(t, 'GET', '/api/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 404, code: 'not_found', title: 'Not Found' });
  });

  it('never lets an API answer be cached unless the route says so', async () => {
    const res = await api(t, 'GET', '/api/v1/nothing-here');
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await api(t, 'GET', '/assets/carewell.css')).headers['cache-control']).toContain('max-age');
  });

  it('sends the security headers on every response', async () => {
    const res = await api(t, 'GET', '/healthz');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('refuses a non-JSON body on a JSON route with 415 before parsing it', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a&password=b' });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('unsupported_media_type');
  });

  it('serves htmx and the stylesheet from the app itself', async () => {
    const htmx = await api(t, 'GET', '/assets/htmx.min.js');
    expect(htmx.statusCode).toBe(200);
    expect(htmx.body).toContain('htmx');
    expect((await api(t, 'GET', '/assets/../package.json')).statusCode).toBe(404);
  });
});

describe('idle timeout and background requests', () => {
  const t = useTestApp();

  it('does not count background requests as activity, so an unattended staff session still expires', async () => {
    const { createAccount } = await import('../../../test/helpers/actors.js');
    const nurse = await createAccount(t, { role: 'nurse' });
    for (let minute = 0; minute < 16; minute += 2) {
      t.clock.advance(2 * 60_000);
      // A page polling in the background: served while the session is alive, but no activity.
      const poll = await api(t, 'GET', '/api/v1/me', { token: nurse.token, headers: { 'x-carewell-background': '1' } });
      if (minute < 14) expect(poll.statusCode).toBe(200);
    }
    expect((await api(t, 'GET', '/api/v1/me', { token: nurse.token })).statusCode).toBe(401);
  });

  it('keeps a session alive while the person acts', async () => {
    const { createAccount } = await import('../../../test/helpers/actors.js');
    const nurse = await createAccount(t, { role: 'nurse' });
    for (let minute = 0; minute < 30; minute += 5) {
      t.clock.advance(5 * 60_000);
      expect((await api(t, 'GET', '/api/v1/me', { token: nurse.token })).statusCode).toBe(200);
    }
  });
});

describe('database overload', () => {
  it('answers a request that cannot get a database connection in time with 503 and Retry-After, not 500', async () => {
    const { toAppError } = await import('./error-handler.js');
    const logged: unknown[] = [];
    const request = { log: { error: (o: unknown) => logged.push(o), warn: () => {} }, routeOptions: { url: '/x' } } as never;
    const error = toAppError(Object.assign(new Error('Failed query'), { cause: new Error('timeout exceeded when trying to connect') }), request);
    expect(error).toMatchObject({ status: 503, code: 'service_unavailable' });
    expect(JSON.stringify(logged)).not.toContain('Failed query');
  });
});
