import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findLiveApiKeyByHash, markApiKeyUsed } from '../auth/api-key-lookup.js';
import { actorFromSession, resolveSessionToken } from '../auth/session.service.js';
import { roleHasPermission } from '../authz/permissions.js';
import { writeAudit } from '../audit/audit.service.js';
import { hashToken } from '../crypto.js';
import { AppError } from '../errors.js';
import { negotiateLocale } from '../i18n/i18n.js';
import { LANGUAGE_COOKIE, sessionCookieName } from './cookies.js';
import { isApiRequest } from './context.js';

export const API_KEY_PREFIX = 'cwk_';

/**
 * Requests a page makes on its own (event streams, polling, badge refreshes) rather than because a
 * person acted: they are served, but they do not count as activity for the idle timeout.
 */
export const BACKGROUND_HEADER = 'x-carewell-background';

export function isBackgroundRequest(request: FastifyRequest): boolean {
  return request.headers[BACKGROUND_HEADER] === '1' || request.url.startsWith('/api/v1/events/stream');
}

/**
 * Resolves who is calling (session cookie for pages, bearer token for the API) and enforces the
 * route's declared permission before anything else runs: a missing or wrong credential never
 * reaches validation or a handler.
 */
export function installAuthentication(app: FastifyInstance): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('authVia', null);
  app.decorateRequest('locale', 'en');
  app.decorateRequest('origin', null as never);

  app.addHook('onRequest', async (request, reply) => {
    request.origin = {
      ip: request.ip ?? null,
      userAgent: request.headers['user-agent'] ?? null,
      requestId: request.id,
    };
    await resolveActor(app, request);
    request.locale = negotiateLocale(
      request.cookies[LANGUAGE_COOKIE],
      request.actor?.kind === 'user' ? request.actor.locale : undefined,
      request.headers['accept-language'],
    );
    await enforcePermission(app, request, reply);
  });
}

async function resolveActor(app: FastifyInstance, request: FastifyRequest): Promise<void> {
  const { db, config, clock } = app.deps;
  const header = request.headers.authorization;
  let token: string | undefined;
  if (header?.startsWith('Bearer ')) {
    token = header.slice('Bearer '.length).trim();
    if (token.startsWith(API_KEY_PREFIX)) {
      const keyHash = hashToken(token);
      const cache = app.deps.sessionCache;
      let key = cache.getApiKey(keyHash);
      if (!key) {
        const generation = cache.begin();
        key = await findLiveApiKeyByHash(db, keyHash);
        if (key) cache.storeApiKey(keyHash, key, generation);
      }
      const now = clock();
      if (key && (!key.expiresAt || key.expiresAt > now)) {
        if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > 60_000) {
          await markApiKeyUsed(db, key.id, now);
          cache.apiKeyUsed(keyHash, now);
        }
        request.actor = { kind: 'api_key', apiKeyId: key.id, scopes: key.scopes };
        request.authVia = 'bearer';
      }
      return;
    }
  } else {
    token = request.cookies[sessionCookieName(config)];
  }
  if (!token) return;
  const via = header?.startsWith('Bearer ') ? 'bearer' : 'cookie';
  const lookup = await resolveSessionToken(db, token, clock(), {
    demoAllowed: config.demoMode,
    background: isBackgroundRequest(request),
    cache: app.deps.sessionCache,
  });
  if (lookup.status !== 'valid') return;
  // A browser cookie can only carry browser-flow sessions; a bearer token only API or enrolment ones.
  const kind = lookup.session.kind;
  const allowed = via === 'cookie' ? kind !== 'api' : kind === 'api' || kind === 'enrollment';
  if (allowed) {
    request.actor = actorFromSession(lookup.session);
    request.authVia = via;
  }
}

async function enforcePermission(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const config = request.routeOptions.config;
  const permission = config?.permission;
  if (!permission || permission === 'public') return;
  const actor = request.actor;
  const api = isApiRequest(request);

  const unauthenticated = () => {
    if (!api && request.method === 'GET') {
      // Pages send people to sign in and back; the path holds ids only, never PHI.
      return reply.redirect(`/login?next=${encodeURIComponent(request.url.split('?')[0]!)}`, 303);
    }
    throw new AppError('not_authenticated', 'Sign in to continue.');
  };

  if (!actor) return unauthenticated();
  if (actor.kind === 'api_key') {
    const accepted = config.scopes ?? [];
    if (accepted.some((scope) => actor.scopes.includes(scope))) return;
    await denyAudit(app, request, permission, null);
    throw new AppError('forbidden', 'This API key does not have a scope this call accepts.', { scopes: accepted });
  }
  if (actor.sessionKind === 'mfa_pending') {
    if (config.allowMfaPending) return;
    return unauthenticated();
  }
  if (actor.sessionKind === 'enrollment' && permission !== 'mfa.enroll') {
    throw new AppError('mfa_enrollment_required', 'Set up two-factor sign-in before you continue.');
  }
  if (!roleHasPermission(actor.role, permission)) {
    await denyAudit(app, request, permission, actor.userId, actor.role);
    throw new AppError('forbidden', 'Your role does not allow this.', { permission });
  }
}

async function denyAudit(app: FastifyInstance, request: FastifyRequest, permission: string, userId: string | null, role?: string) {
  await writeAudit(
    app.deps.db,
    { userId, role: role ?? null, apiKeyId: request.actor?.kind === 'api_key' ? request.actor.apiKeyId : null },
    request.origin,
    {
      action: 'authz.denied',
      resourceType: 'route',
      resourceId: `${request.method} ${request.routeOptions.url}`,
      category: 'security',
      outcome: 'denied',
      severity: 'medium',
      detail: { permission },
    },
    app.deps.clock(),
  );
}
