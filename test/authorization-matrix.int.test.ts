import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../src/platform/auth/auth.tables.js';
import { issueSession } from '../src/platform/auth/session.service.js';
import { apiKeys } from '../src/platform/auth/auth.tables.js';
import { API_KEY_SCOPES, ISSUABLE_API_KEY_SCOPES, roleHasPermission, type ApiKeyScope } from '../src/platform/authz/permissions.js';
import { hashToken } from '../src/platform/crypto.js';
import type { RegisteredRoute } from '../src/platform/http/route-registry.js';
import { useTestApp } from './helpers/app.js';
import { createAccount, type TestAccount } from './helpers/actors.js';

/**
 * The route × role matrix, generated from the route registry: every route the app registers (API
 * and pages) is called as every role and signed out. A role without the route's permission must
 * get the guard's 403; a role with it must get past the guard; nobody signed out gets in.
 */
const t = useTestApp();
const accounts = new Map<Role, TestAccount>();
const keys = new Map<ApiKeyScope, string>();

/**
 * Which routes an integration key may call, by scope. Written by hand and reviewed, NOT derived from
 * the routes' `config.scopes` it checks: a route that starts accepting keys must be added here on
 * purpose. Every route not listed refuses every key. A key never gets clinical data (no care team).
 */
const KEY_ACCESS: Record<string, readonly ApiKeyScope[]> = {
  'GET /api/v1/patients': ['patients:read'],
  'GET /api/v1/patients/:id': ['patients:read'],
};

beforeAll(async () => {
  for (const role of ROLES) accounts.set(role, await createAccount(t, { role }));
  // One key per known scope, reserved ones included (straight in the database: the API refuses them).
  for (const scope of API_KEY_SCOPES) {
    const key = `cwk_matrix-${scope.replace(/\W/g, '-')}-${randomUUID()}`;
    await t.db.insert(apiKeys).values({ name: `matrix ${scope}`, keyHash: hashToken(key), prefix: key.slice(0, 8), scopes: [scope], createdAt: t.clock.now() });
    keys.set(scope, key);
  }
});

function concreteUrl(route: RegisteredRoute): string {
  return route.url.replace(/:(\w+)/g, (_m, name: string) => (name === 'name' ? 'nothing.css' : randomUUID()));
}

function send(route: RegisteredRoute, credential: { token?: string; cookie?: string }) {
  const api = route.kind === 'api';
  const hasBody = !['GET', 'HEAD', 'DELETE'].includes(route.method);
  return t.app.inject({
    method: route.method as 'GET',
    url: concreteUrl(route),
    headers: {
      ...(credential.token ? { authorization: `Bearer ${credential.token}` } : {}),
      ...(credential.cookie ? { cookie: credential.cookie } : {}),
      ...(hasBody ? { 'content-type': api ? 'application/json' : 'application/x-www-form-urlencoded' } : {}),
      // JSON errors for pages too, so the guard's 403 (which names the permission) can be told
      // apart from a later refusal such as a missing CSRF token.
      accept: 'application/json',
    },
    ...(hasBody ? { payload: api ? '{}' : '' } : {}),
  });
}

const guarded = () => t.routes.filter((r) => r.permission !== 'public' && r.kind !== 'system');

describe('authorization matrix', () => {
  it('covers a meaningful set of guarded routes', () => {
    expect(guarded().length).toBeGreaterThan(0);
    expect(t.routes.every((r) => r.permission)).toBe(true);
  });

  it('refuses every guarded route to a signed-out caller', async () => {
    const failures: string[] = [];
    for (const route of guarded()) {
      const res = await send(route, {});
      const ok = route.kind === 'page' && route.method === 'GET' ? res.statusCode === 303 && res.headers.location?.startsWith('/login') : res.statusCode === 401;
      if (!ok) failures.push(`${route.method} ${route.url} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it.each(ROLES)('as %s: 403 exactly where the role lacks the permission', async (role) => {
    const failures: string[] = [];
    for (const route of guarded()) {
      const allowed = roleHasPermission(role, route.permission);
      // A fresh session per call: some allowed routes end the caller's session (sign-out).
      const session = allowed ? await issueSession(t.db, { userId: accounts.get(role)!.userId, kind: route.kind === 'api' ? 'api' : 'browser', ip: null, userAgent: 'matrix', now: t.clock.now() }) : undefined;
      const account = accounts.get(role)!;
      const credential = route.kind === 'api' ? { token: session?.token ?? account.token } : { cookie: session ? `cw_session=${session.token}` : account.cookie };
      const res = await send(route, credential);
      const guardDenied = res.statusCode === 403 && res.json().permission === route.permission;
      if (allowed && (guardDenied || res.statusCode === 401)) failures.push(`${route.method} ${route.url}: allowed but got ${res.statusCode}`);
      if (!allowed && !guardDenied) failures.push(`${route.method} ${route.url}: should be 403, got ${res.statusCode}`);
      if (res.statusCode >= 500) failures.push(`${route.method} ${route.url}: server error ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('the hand-written key table names only registered routes, and the issuable scopes are exactly those routes accept', () => {
    const registered = new Set(t.routes.map((r) => `${r.method} ${r.url}`));
    expect(Object.keys(KEY_ACCESS).filter((route) => !registered.has(route))).toEqual([]);
    expect([...new Set(Object.values(KEY_ACCESS).flat())].sort()).toEqual([...ISSUABLE_API_KEY_SCOPES].sort());
  });

  it.each(API_KEY_SCOPES)('as a key with %s: allowed exactly where the hand-written table says', async (scope) => {
    const failures: string[] = [];
    for (const route of guarded()) {
      const allowed = KEY_ACCESS[`${route.method} ${route.url}`]?.includes(scope) ?? false;
      const res = await send(route, { token: keys.get(scope)! });
      const guardDenied = res.statusCode === 403 && res.json().code === 'forbidden' && Array.isArray(res.json().scopes);
      if (allowed && (guardDenied || res.statusCode === 401 || res.statusCode === 403)) failures.push(`${route.method} ${route.url}: allowed but got ${res.statusCode}`);
      if (!allowed && !guardDenied) failures.push(`${route.method} ${route.url}: should be 403, got ${res.statusCode}`);
      if (res.statusCode >= 500) failures.push(`${route.method} ${route.url}: server error ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });
});
