import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { users } from '../auth/auth.tables.js';
import { isLocale } from '../i18n/i18n.js';
import { expectedMigrationCount } from '../db/migrate.js';
import { createReadinessProbe } from '../db/readiness.js';
import { LANGUAGE_COOKIE } from './cookies.js';
import { DATABASE_RETRY_AFTER_SECONDS } from './error-handler.js';
import { eq } from 'drizzle-orm';

const statusSchema = z.object({ status: z.literal('ok') });

/** Liveness, readiness and the language switcher: the routes every page and probe relies on. */
export function registerSystemRoutes(app: FastifyInstance): void {
  app.get('/healthz', { config: { permission: 'public' }, schema: { hide: true, response: { 200: statusSchema } } }, async () => ({
    status: 'ok' as const,
  }));

  // /healthz above never touches the database (liveness must not fail because the database did);
  // /readyz proves a write commits (see createReadinessProbe).
  const readiness = createReadinessProbe({ db: app.deps.db, clock: app.deps.clock, expectedMigrations: expectedMigrationCount() });
  app.get('/readyz', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const result = await readiness();
    if (result.status === 'ok') return result;
    if (result.status === 'database_unavailable') reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    return reply.status(503).header('cache-control', 'no-store').send(result);
  });

  app.post<{ Body: { locale?: string; next?: string } }>(
    '/language',
    {
      config: { permission: 'public' },
      schema: {
        hide: true,
        body: z.object({ locale: z.string().max(10), next: z.string().max(500).optional(), _csrf: z.string().optional() }),
      },
    },
    async (request, reply) => {
      const locale = request.body.locale;
      if (!isLocale(locale)) return reply.redirect('/', 303);
      reply.setCookie(LANGUAGE_COOKIE, locale, {
        path: '/',
        sameSite: 'lax',
        httpOnly: true,
        secure: app.deps.config.secureCookies,
        maxAge: 365 * 24 * 3600,
      });
      if (request.actor?.kind === 'user') {
        await app.deps.db.update(users).set({ locale }).where(eq(users.id, request.actor.userId));
      }
      const next = request.body.next ?? '/';
      // Only local paths: never an open redirect.
      return reply.redirect(next.startsWith('/') && !next.startsWith('//') ? next : '/', 303);
    },
  );
}
