import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { deriveKey, Encryptor } from './platform/crypto.js';
import { SessionCache } from './platform/auth/session-cache.js';
import { ReferenceCache, registerReferenceCache } from './platform/db/reference-cache.js';
import type { Database } from './platform/db/database.js';
import { createFileService } from './platform/files/index.js';
import type { Config } from './platform/config.js';
import { setHospitalTimeZone } from './platform/time/zoned-time.js';
import { isQuietRequest, lazyRequestLogger, loggableUrl, requestLineLogger } from './platform/logger.js';
import { registerAssetRoutes } from './platform/http/assets.js';
import { installAuthentication } from './platform/http/authentication.js';
import { isApiRequest, type AppDeps } from './platform/http/context.js';
import { installControlCharacterGuard } from './platform/http/control-characters.js';
import { installCsrfGuard } from './platform/http/csrf.js';
import { installSecurityHeaders } from './platform/http/security-headers.js';
import { installFormIdempotency } from './platform/http/form-idempotency.js';
import { installErrorHandling } from './platform/http/error-handler.js';
import { installJsonOnlyApi } from './platform/http/json-only.js';
import { installFhirContentType } from './platform/fhir/fhir-http.js';
import { installRouteRegistry, type RegisteredRoute } from './platform/http/route-registry.js';
import { compiledSerializerCompiler } from './platform/http/response-serializer.js';
import { registerSystemRoutes } from './platform/http/system.routes.js';
import type { JobRunner } from './platform/jobs/job-runner.js';
import { stripeCspSources } from './platform/payments-config.js';
import { registerPushRoutes } from './platform/outbox/push/push.routes.js';
import { MODULES } from './modules/index.js';
import {
  createEventBus,
  registerEventStreamRoutes,
  startEventPruning,
  type EventBus,
  type StreamTimings,
} from './platform/events/index.js';
import type { Logger } from 'pino';
import type Stripe from 'stripe';

export interface BuildAppOptions {
  config: Config;
  database: Database;
  logger: Logger;
  appSecret: string;
  clock?: () => Date;
  /** The job runner the process started (server.ts); modules enqueue through `app.deps.jobs`. */
  jobs?: JobRunner;
  /** Defaults to the bus the configuration chooses (in-process, PostgreSQL LISTEN/NOTIFY or Redis). */
  events?: EventBus;
  /** Tests shorten the SSE heartbeat and session-check intervals. */
  eventStreamTimings?: Partial<StreamTimings>;
  /** Tests answer Stripe's API without the network (PAYMENT_PROVIDER=stripe). */
  stripeHttpClient?: Stripe.HttpClient;
}

export interface CarewellApp {
  app: FastifyInstance;
  routes: RegisteredRoute[];
}

/** Builds the whole application from its parts; the server and every test use this. */
export async function buildApp(options: BuildAppOptions): Promise<CarewellApp> {
  const { config, database, logger, appSecret } = options;
  setHospitalTimeZone(config.hospitalTimeZone);
  const app = createFastify(logger);

  const events = options.events ?? createEventBus({ database, redisUrl: config.redisUrl, logger });
  const sessionCache = new SessionCache(() => events.connected);
  const unsubscribeSessions = events.subscribeSessions((signal) => sessionCache.invalidate(signal));
  const referenceCache = new ReferenceCache(() => events.connected);
  const unsubscribeReferences = events.subscribeReferences((signal) => referenceCache.invalidate(signal));
  const unregisterReferences = registerReferenceCache(database.db, referenceCache);
  const deps: AppDeps = {
    config,
    database,
    db: database.db,
    logger,
    clock: options.clock ?? (() => new Date()),
    encryptor: new Encryptor({ v1: deriveKey(appSecret, 'columns-v1') }, 'v1'),
    appSecret,
    files: createFileService({ dataDir: config.dataDir, appSecret, logger }),
    ...(options.jobs ? { jobs: options.jobs } : {}),
    ...(options.stripeHttpClient ? { stripeHttpClient: options.stripeHttpClient } : {}),
    events,
    sessionCache,
    referenceCache,
  };
  app.decorate('deps', deps);
  await deps.events.start();
  const stopPruning = await startEventPruning(database.db, deps.clock, logger);
  app.addHook('onClose', async () => {
    stopPruning();
    unsubscribeSessions();
    unsubscribeReferences();
    unregisterReferences();
    await deps.events.stop();
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(compiledSerializerCompiler);

  installRequestLogAndCaching(app);

  const routes = installRouteRegistry(app);
  installErrorHandling(app);
  await registerPlugins(app, config, appSecret);

  installJsonOnlyApi(app);
  installFhirContentType(app);
  installAuthentication(app);
  installControlCharacterGuard(app);
  installCsrfGuard(app);
  installFormIdempotency(app);
  registerSystemRoutes(app);
  registerAssetRoutes(app);
  registerPushRoutes(app);
  registerEventStreamRoutes(app, options.eventStreamTimings);
  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());

  for (const register of MODULES) await register(app);
  await app.ready();
  return { app, routes };
}

/** The Fastify instance with Carewell's request ids, limits and logging. */
function createFastify(logger: Logger): FastifyInstance {
  return Fastify({
    loggerInstance: logger as unknown as FastifyBaseLogger,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    },
    // Our own onResponse line replaces Fastify's request logs: it never includes query strings.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (parent, bindings, options) => lazyRequestLogger(parent as unknown as Logger, bindings, options),
    trustProxy: process.env.TRUST_PROXY === 'true',
    bodyLimit: 1_048_576,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { ignoreTrailingSlash: true },
  });
}

/** The per-request log line, and no caching of API answers by default. */
function installRequestLogAndCaching(app: FastifyInstance): void {
  // One log line per request, without query strings (search terms and link tokens are secrets).
  // Outside production, health checks and static assets are silent: a developer reads these lines.
  const quietAllowed = app.deps.config.nodeEnv !== 'production';
  const lines = requestLineLogger(app.deps.logger);
  app.addHook('onResponse', async (request, reply) => {
    if (quietAllowed && isQuietRequest(request.url)) return;
    lines.info(
      {
        reqId: request.id,
        method: request.method,
        url: loggableUrl(request.url),
        route: request.routeOptions.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  // API answers may carry PHI: nothing is cached unless a route says otherwise (static assets do).
  app.addHook('onSend', async (request, reply, payload) => {
    if (isApiRequest(request) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

/** The origin of EMERGENCY_MAP_TILE_URL (its `{s}` subdomain placeholder as a wildcard), or none. */
function tileOrigins(tileUrl: string): string[] {
  if (!tileUrl) return [];
  const origin = /^https:\/\/[^/]+/.exec(tileUrl)?.[0];
  return origin ? [origin.replace('{s}', '*')] : [];
}

/** Cookies, forms, uploads, CSRF, security headers, rate limits and the OpenAPI document. */
async function registerPlugins(app: FastifyInstance, config: Config, appSecret: string): Promise<void> {
  await app.register(cookie, { secret: deriveKey(appSecret, 'cookies').toString('hex') });
  await app.register(formbody);
  // Multipart bodies are read only by upload routes (src/platform/files/multipart-upload.ts), which
  // stream the one file they accept; these are the ceilings for everything else.
  await app.register(multipart, { limits: { files: 1, fields: 20, fieldSize: 4096, parts: 21, headerPairs: 100 } });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: config.secureCookies },
  });
  const stripe = stripeCspSources(config.payments);
  installSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...stripe.script],
        ...(stripe.frame.length > 0 ? { frameSrc: ["'self'", ...stripe.frame] } : {}),
        styleSrc: ["'self'"],
        // The dispatch map's tile server (docs/emergency.md), only when one is configured.
        imgSrc: ["'self'", 'data:', ...tileOrigins(config.emergency.mapTileUrl)],
        connectSrc: ["'self'", ...stripe.connect],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    hsts: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Carewell API',
        version: '1',
        description: 'Hospital management system: JSON REST API. Authenticate with `Authorization: Bearer <token>`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    hideUntagged: false,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
}
