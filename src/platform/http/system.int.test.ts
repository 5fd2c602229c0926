import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { api, useTestApp, type TestApp } from '../../../test/helpers/app.js';

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
    const notFound = await api(t, 'GET', '/api/v1/nothing-here');
    expect(notFound.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(notFound.headers['content-security-policy']).toBe(res.headers['content-security-policy']);
  });

  it('refuses a non-JSON body on a JSON route with 415 before parsing it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=a&password=b',
    });
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

async function heartbeat(t: TestApp): Promise<{ beats: number; checked_at: unknown }[]> {
  const result = await t.db.execute(sql`select beats::int as beats, checked_at from readiness_heartbeat`);
  return (result as { rows: { beats: number; checked_at: unknown }[] }).rows;
}

/** Polls /readyz (its result is reused for a second) until it answers `status`, within a bounded deadline. */
async function readyzUntil(t: TestApp, status: number) {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const res = await api(t, 'GET', '/readyz');
    if (res.statusCode === status || performance.now() > deadline) return res;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('readiness proves the database can write', () => {
  const t = useTestApp();

  it('commits one heartbeat row per probe and never grows the table', async () => {
    expect((await readyzUntil(t, 200)).json()).toEqual({ status: 'ok' });
    const first = await heartbeat(t);
    expect(first).toHaveLength(1);
    expect(new Date(first[0]!.checked_at as string).toISOString()).toBe(t.clock.now().toISOString());
    t.clock.advance(60_000);
    const deadline = performance.now() + 10_000;
    while ((await heartbeat(t))[0]!.beats === first[0]!.beats && performance.now() < deadline) {
      await api(t, 'GET', '/readyz');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const second = await heartbeat(t);
    expect(second).toHaveLength(1);
    expect(second[0]!.beats).toBeGreaterThan(first[0]!.beats);
  });

  it('answers 503 with Retry-After while the database answers reads but refuses writes, and 200 again after', async () => {
    await setReadOnly(t, true);
    try {
      const refused = await readyzUntil(t, 503);
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toEqual({ status: 'database_unavailable' });
      expect(refused.headers['retry-after']).toBe('5');
      // Reads still work: liveness must not depend on the database at all.
      expect((await api(t, 'GET', '/healthz')).statusCode).toBe(200);
    } finally {
      await setReadOnly(t, false);
    }
    expect((await readyzUntil(t, 200)).statusCode).toBe(200);
  });
});

/**
 * A database that answers but refuses writes, as a standby or an operator's read-only switch does.
 * PGlite has one session, so a session setting covers every query; on PostgreSQL the database
 * setting applies to new connections, so the pool's current ones are ended (the pool reconnects,
 * and the idle clients' errors must not end the test process).
 */
async function setReadOnly(t: TestApp, on: boolean) {
  if (t.database.kind === 'pglite') {
    await t.db.execute(sql.raw(`set default_transaction_read_only = ${on ? 'on' : 'off'}`));
    return;
  }
  await t.db.transaction(
    async (tx) => {
      const raw: unknown = await tx.execute(sql`select current_database() as name`);
      const name = (raw as { rows: { name: string }[] }).rows[0]!.name;
      await tx.execute(
        sql.raw(
          on
            ? `alter database "${name}" set default_transaction_read_only = on`
            : `alter database "${name}" reset default_transaction_read_only`,
        ),
      );
    },
    { accessMode: 'read write' },
  );
  // From a connection of its own, so that no pooled connection keeps the old setting.
  const outsider = new pg.Client({ connectionString: t.database.pool!.options.connectionString });
  await outsider.connect();
  try {
    await outsider.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
  } finally {
    await outsider.end();
  }
}

describe('database overload', () => {
  it('answers a request that cannot get a database connection in time with 503 and Retry-After, not 500', async () => {
    const { toAppError } = await import('./error-handler.js');
    const logged: unknown[] = [];
    const request = { log: { error: (o: unknown) => logged.push(o), warn: () => {} }, routeOptions: { url: '/x' } } as never;
    const error = toAppError(
      Object.assign(new Error('Failed query'), { cause: new Error('timeout exceeded when trying to connect') }),
      request,
    );
    expect(error).toMatchObject({ status: 503, code: 'database_unavailable' });
    expect(JSON.stringify(logged)).not.toContain('Failed query');
  });

  it('answers a connection lost mid-transaction with 503 database_unavailable, logging the fault code and never the SQL parameters', async () => {
    const { toAppError } = await import('./error-handler.js');
    const { DrizzleQueryError } = await import('drizzle-orm');
    const logged: unknown[] = [];
    const log = (o: unknown) => logged.push(o);
    const request = { log: { error: log, warn: log }, routeOptions: { url: '/x' } } as never;
    // What a transaction's ROLLBACK on a connection that died reports, wrapped by Drizzle.
    const lost = new DrizzleQueryError(
      'rollback',
      ['Amara Okafor'],
      new Error('Client has encountered a connection error and is not queryable'),
    );
    expect(toAppError(lost, request)).toMatchObject({ status: 503, code: 'database_unavailable', extra: { retryAfterSeconds: 5 } });
    const shutdown = new DrizzleQueryError(
      'insert into patients values ($1)',
      ['Amara Okafor'],
      Object.assign(new pg.DatabaseError('terminating connection due to administrator command', 60, 'error'), { code: '57P01' }),
    );
    expect(toAppError(shutdown, request)).toMatchObject({ status: 503, code: 'database_unavailable' });
    expect(logged).toEqual([{ fault: 'client_broken' }, { fault: '57P01' }]);
    expect(toAppError(new TypeError('x is undefined'), request)).toMatchObject({ status: 500, code: 'internal_error' });
  });
});
