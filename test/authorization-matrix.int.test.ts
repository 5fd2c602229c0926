import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../src/platform/auth/auth.tables.js';
import { issueSession } from '../src/platform/auth/session.service.js';
import { apiKeys } from '../src/platform/auth/auth.tables.js';
import {
  API_KEY_SCOPES,
  DEVICE_BOUND_API_KEY_SCOPES,
  ISSUABLE_API_KEY_SCOPES,
  PERMISSIONS,
  roleHasPermission,
  type ApiKeyScope,
} from '../src/platform/authz/permissions.js';
import { hashToken } from '../src/platform/crypto.js';
import type { RegisteredRoute } from '../src/platform/http/route-registry.js';
import { useTestApp } from './helpers/app.js';
import { createAccount, type TestAccount } from './helpers/actors.js';
import {
  EXPECTED_ACCESS,
  expectedMay,
  KEY_ONLY_PERMISSIONS,
  UNIVERSAL_PERMISSIONS,
  type ExpectedPermission,
} from './authz/expected-access.js';
import { EXPECTED_API_ROUTES, EXPECTED_SYSTEM_ROUTES } from './authz/expected-api-routes.js';
import { EXPECTED_PAGE_ROUTES } from './authz/expected-page-routes.js';

/**
 * The route × role matrix. What is expected comes from hand-written, reviewed tables (test/authz/):
 * what each role may do (expected-access.ts) and the permission each route requires
 * (expected-api-routes.ts, expected-page-routes.ts). The live grants and the route registry are
 * held equal to them, so a changed grant or a new route fails here until the tables are reviewed.
 * Then every registered route is called as every role and signed out: a role the tables refuse
 * must get the guard's 403; a role they allow must get past the guard; nobody signed out gets in.
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
  'POST /fhir/r4/DiagnosticReport': ['lab-results:write'],
  // A key with devices:write that is not bound to a device gets past the guard and is refused by the service (404).
  'POST /api/v1/devices/observations': ['devices:write'],
  'POST /fhir/r4/Observation': ['devices:write'],
};

beforeAll(async () => {
  for (const role of ROLES) accounts.set(role, await createAccount(t, { role }));
  // One key per known scope, reserved ones included (straight in the database: the API refuses them).
  for (const scope of API_KEY_SCOPES) {
    const key = `cwk_matrix-${scope.replace(/\W/g, '-')}-${randomUUID()}`;
    await t.db
      .insert(apiKeys)
      .values({ name: `matrix ${scope}`, keyHash: hashToken(key), prefix: key.slice(0, 8), scopes: [scope], createdAt: t.clock.now() });
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

/**
 * Under /fhir/ every error is an OperationOutcome (platform/fhir), which carries the guard's words but
 * not its `permission`/`scopes` fields: the guard's refusal is told apart by its issue code and text.
 */
function fhirGuardDenied(res: { statusCode: number; json(): unknown }, url: string, text: string): boolean {
  if (!url.startsWith('/fhir/') || res.statusCode !== 403) return false;
  const outcome = res.json() as { resourceType?: string; issue?: { code?: string; details?: { text?: string } }[] };
  return outcome.resourceType === 'OperationOutcome' && outcome.issue?.[0]?.code === 'forbidden' && outcome.issue[0].details?.text === text;
}

const EXPECTED_ROUTES: Record<RegisteredRoute['kind'], Record<string, ExpectedPermission>> = {
  api: EXPECTED_API_ROUTES,
  page: EXPECTED_PAGE_ROUTES,
  system: EXPECTED_SYSTEM_ROUTES,
};
const routeKey = (route: RegisteredRoute) => `${route.method} ${route.url}`;
/** The permission the hand-written tables say the route requires (the registry is held equal to it). */
const expectedPermission = (route: RegisteredRoute): ExpectedPermission | undefined => EXPECTED_ROUTES[route.kind][routeKey(route)];
const guarded = () => t.routes.filter((r) => expectedPermission(r) !== 'public' && r.kind !== 'system');

describe('the hand-written tables', () => {
  it('name every role and every permission, and the live grants are exactly the reviewed ones', () => {
    expect(Object.keys(EXPECTED_ACCESS).sort()).toEqual([...ROLES].sort());
    const named = new Set<string>([...UNIVERSAL_PERMISSIONS, ...KEY_ONLY_PERMISSIONS, ...Object.values(EXPECTED_ACCESS).flat()]);
    expect([...named].sort()).toEqual([...PERMISSIONS].sort());
    const differences: string[] = [];
    for (const role of ROLES) {
      for (const permission of PERMISSIONS) {
        const live = roleHasPermission(role, permission);
        if (live !== expectedMay(role, permission))
          differences.push(`${role} ${live ? 'is granted' : 'lacks'} ${permission}; expected-access.ts says the opposite`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('list every registered route, each with the permission it is registered with, and no route that is not registered', () => {
    const differences: string[] = [];
    const registered = new Set<string>();
    for (const route of t.routes) {
      registered.add(`${route.kind} ${routeKey(route)}`);
      const expected = expectedPermission(route);
      if (expected === undefined)
        differences.push(`${route.kind} route ${routeKey(route)} (${route.permission}) is not in the expected ${route.kind} routes`);
      else if (expected !== route.permission)
        differences.push(`${routeKey(route)} requires ${route.permission}; the table says ${expected}`);
    }
    for (const [kind, table] of Object.entries(EXPECTED_ROUTES)) {
      for (const key of Object.keys(table))
        if (!registered.has(`${kind} ${key}`)) differences.push(`${key} is in the expected ${kind} routes but not registered`);
    }
    expect(differences).toEqual([]);
  });
});

describe('authorization matrix', () => {
  it('covers a meaningful set of guarded routes', () => {
    expect(guarded().length).toBeGreaterThan(0);
    expect(t.routes.every((r) => expectedPermission(r))).toBe(true);
  });

  it('refuses every guarded route to a signed-out caller', async () => {
    const failures: string[] = [];
    for (const route of guarded()) {
      const res = await send(route, {});
      const ok =
        route.kind === 'page' && route.method === 'GET'
          ? res.statusCode === 303 && res.headers.location?.startsWith('/login')
          : res.statusCode === 401;
      if (!ok) failures.push(`${route.method} ${route.url} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it.each(ROLES)('as %s: 403 exactly where the role lacks the permission', async (role) => {
    const failures: string[] = [];
    for (const route of guarded()) {
      const permission = expectedPermission(route)!;
      const allowed = expectedMay(role, permission);
      // A fresh session per call: some allowed routes end the caller's session (sign-out).
      const session = allowed
        ? await issueSession(t.db, {
            userId: accounts.get(role)!.userId,
            kind: route.kind === 'api' ? 'api' : 'browser',
            ip: null,
            userAgent: 'matrix',
            now: t.clock.now(),
          })
        : undefined;
      const account = accounts.get(role)!;
      const credential =
        route.kind === 'api'
          ? { token: session?.token ?? account.token }
          : { cookie: session ? `cw_session=${session.token}` : account.cookie };
      const res = await send(route, credential);
      const guardDenied =
        (res.statusCode === 403 && res.json().permission === permission) ||
        fhirGuardDenied(res, route.url, 'Your role does not allow this.');
      if (allowed && (guardDenied || res.statusCode === 401))
        failures.push(`${route.method} ${route.url}: allowed but got ${res.statusCode}`);
      if (!allowed && !guardDenied) failures.push(`${route.method} ${route.url}: should be 403, got ${res.statusCode}`);
      if (res.statusCode >= 500) failures.push(`${route.method} ${route.url}: server error ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('the hand-written key table names only registered routes, and the scopes routes accept are exactly the issuable and the device-bound ones', () => {
    const registered = new Set(t.routes.map((r) => `${r.method} ${r.url}`));
    expect(Object.keys(KEY_ACCESS).filter((route) => !registered.has(route))).toEqual([]);
    expect([...new Set(Object.values(KEY_ACCESS).flat())].sort()).toEqual(
      [...ISSUABLE_API_KEY_SCOPES, ...DEVICE_BOUND_API_KEY_SCOPES].sort(),
    );
  });

  it.each(API_KEY_SCOPES)('as a key with %s: allowed exactly where the hand-written table says', async (scope) => {
    const failures: string[] = [];
    for (const route of guarded()) {
      const allowed = KEY_ACCESS[`${route.method} ${route.url}`]?.includes(scope) ?? false;
      const res = await send(route, { token: keys.get(scope)! });
      const guardDenied =
        (res.statusCode === 403 && res.json().code === 'forbidden' && Array.isArray(res.json().scopes)) ||
        fhirGuardDenied(res, route.url, 'This API key does not have a scope this call accepts.');
      if (allowed && (guardDenied || res.statusCode === 401 || res.statusCode === 403))
        failures.push(`${route.method} ${route.url}: allowed but got ${res.statusCode}`);
      if (!allowed && !guardDenied) failures.push(`${route.method} ${route.url}: should be 403, got ${res.statusCode}`);
      if (res.statusCode >= 500) failures.push(`${route.method} ${route.url}: server error ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });
});
