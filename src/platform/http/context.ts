import type Stripe from 'stripe';
import type { ReferenceCache } from '../db/reference-cache.js';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Actor, IntegrationContext, RequestOrigin, ServiceContext, UserActor } from '../auth/actor.js';
import type { ApiKeyScope, Permission } from '../authz/permissions.js';
import type { Config } from '../config.js';
import type { Encryptor } from '../crypto.js';
import type { Database, Db } from '../db/database.js';
import { AppError } from '../errors.js';
import type { JobRunner } from '../jobs/job-runner.js';
import type { EventBus } from '../events/event-bus.js';
import type { SessionCache } from '../auth/session-cache.js';
import type { FileService } from '../files/files.service.js';

/** What the app is built from; tests build it with their own database and clock. */
export interface AppDeps {
  config: Config;
  database: Database;
  db: Db;
  logger: Logger;
  clock: () => Date;
  encryptor: Encryptor;
  appSecret: string;
  /** Background jobs (pg-boss), when the process runs them (server.ts, worker.ts); absent in most tests. */
  jobs?: JobRunner;
  /** Stripe's HTTP client when tests answer its API without the network (docs/billing.md). */
  stripeHttpClient?: Stripe.HttpClient;
  /** Carries committed events to this instance's open streams (src/platform/events). */
  events: EventBus;
  /** Encrypted file storage (src/platform/files). */
  files: FileService;
  /** Resolved sessions for a few seconds, dropped on every signal of the bus (src/platform/auth/session-cache.ts). */
  sessionCache: SessionCache;
  /** Reference rows (staff, departments, visit types, rooms) until their tables change; see platform/db/reference-cache.ts. */
  referenceCache: ReferenceCache;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
  interface FastifyRequest {
    actor: Actor | null;
    origin: RequestOrigin;
    /** The page language, resolved from the switcher cookie, the account, then Accept-Language. */
    locale: string;
    /** How the actor was authenticated: cookie-authenticated writes need a CSRF token. */
    authVia: 'cookie' | 'bearer' | null;
  }
  interface FastifyContextConfig {
    /** Required on every route: start-up fails without it. */
    permission?: Permission;
    /**
     * Integration API keys may call the route only when it lists one of the scopes they hold; a
     * route without `scopes` refuses every key. Names come from API_KEY_SCOPES (checked at start-up).
     */
    scopes?: readonly ApiKeyScope[];
    /** The second sign-in step's page, reachable with a half-finished (mfa_pending) session. */
    allowMfaPending?: boolean;
  }
}

export function isApiRequest(request: Pick<FastifyRequest, 'url'>): boolean {
  return request.url.startsWith('/api/') || request.url.startsWith('/fhir/');
}

/** The signed-in person making the request, or 401 (routes guard this first; this narrows the type). */
export function userActor(request: FastifyRequest): UserActor {
  const actor = request.actor;
  if (!actor || actor.kind !== 'user') throw new AppError('not_authenticated', 'Sign in to continue.');
  return actor;
}

export function serviceContext(request: FastifyRequest): ServiceContext {
  return { actor: userActor(request), origin: request.origin, now: request.server.deps.clock() };
}

/**
 * The context of a route that also accepts integration keys (`config.scopes`): a signed-in person's,
 * or the key's. Services branch on `isIntegration` and never give a key more than the registration tier.
 */
export function serviceOrIntegrationContext(request: FastifyRequest): ServiceContext | IntegrationContext {
  const actor = request.actor;
  if (actor?.kind === 'api_key') return { actor, origin: request.origin, now: request.server.deps.clock() };
  return serviceContext(request);
}
