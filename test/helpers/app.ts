import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type Stripe from 'stripe';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import type { Database, Db } from '../../src/platform/db/database.js';
import type { RegisteredRoute } from '../../src/platform/http/route-registry.js';
import { createLogger } from '../../src/platform/logger.js';
import { createTestDatabase } from './database.js';

export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

/** A clock tests move by hand: nothing in the app reads the wall clock. */
export class TestClock {
  constructor(public current = new Date('2026-11-27T09:00:00Z')) {}
  now = () => new Date(this.current.getTime());
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  database: Database;
  routes: RegisteredRoute[];
  clock: TestClock;
  config: Config;
  close(): Promise<void>;
}

export async function createTestApp(
  options: {
    env?: Record<string, string>;
    logDestination?: { write(line: string): void };
    /** With PAYMENT_PROVIDER=stripe: answers Stripe's API without the network (stripe/fixtures/fake-stripe-http.ts). */
    stripeHttpClient?: Stripe.HttpClient;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: '.cache/test-data', ...options.env });
  const clock = new TestClock();
  const logger = createLogger(options.logDestination ? 'info' : 'silent', options.logDestination);
  const { app, routes } = await buildApp({
    config,
    database,
    logger,
    appSecret: TEST_SECRET,
    clock: clock.now,
    ...(options.stripeHttpClient ? { stripeHttpClient: options.stripeHttpClient } : {}),
  });
  return {
    app,
    db: database.db,
    database,
    routes,
    clock,
    config,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** One app and database for the whole test file, built before and closed after. */
export function useTestApp(options: Parameters<typeof createTestApp>[0] = {}): TestApp {
  const holder = {} as TestApp;
  beforeAll(async () => {
    Object.assign(holder, await createTestApp(options));
  });
  afterAll(async () => {
    await holder.close?.();
  });
  return holder;
}

export type Response = LightMyRequestResponse;

/** JSON API call with an optional bearer token. */
export function api(
  t: TestApp,
  method: InjectOptions['method'],
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  return t.app.inject({
    method,
    url,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
  });
}
