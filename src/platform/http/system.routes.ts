import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { users } from '../auth/auth.tables.js';
import { isLocale } from '../i18n/i18n.js';
import { expectedMigrationCount } from '../db/migrate.js';
import { LANGUAGE_COOKIE } from './cookies.js';
import { eq } from 'drizzle-orm';

const statusSchema = z.object({ status: z.literal('ok') });

/** Liveness, readiness and the language switcher: the routes every page and probe relies on. */
export function registerSystemRoutes(app: FastifyInstance): void {
  app.get('/healthz', { config: { permission: 'public' }, schema: { hide: true, response: { 200: statusSchema } } }, async () => ({ status: 'ok' as const }));

  const expected = expectedMigrationCount();
  app.get('/readyz', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    try {
      const result = await app.deps.db.execute(sql`select count(*)::int as applied from drizzle.__drizzle_migrations`);
      const applied = Number((result as unknown as { rows: { applied: number }[] }).rows[0]?.applied ?? 0);
      if (applied < expected) return reply.status(503).send({ status: 'migrations_pending', applied, expected });
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'database_unavailable' });
    }
  });

  app.post<{ Body: { locale?: string; next?: string } }>(
    '/language',
    { config: { permission: 'public' }, schema: { hide: true, body: z.object({ locale: z.string().max(10), next: z.string().max(500).optional(), _csrf: z.string().optional() }) } },
    async (request, reply) => {
      const locale = request.body.locale;
      if (!isLocale(locale)) return reply.redirect('/', 303);
      reply.setCookie(LANGUAGE_COOKIE, locale, { path: '/', sameSite: 'lax', httpOnly: true, secure: app.deps.config.secureCookies, maxAge: 365 * 24 * 3600 });
      if (request.actor?.kind === 'user') {
        await app.deps.db.update(users).set({ locale }).where(eq(users.id, request.actor.userId));
      }
      const next = request.body.next ?? '/';
      // Only local paths: never an open redirect.
      return reply.redirect(next.startsWith('/') && !next.startsWith('//') ? next : '/', 303);
    },
  );
}
