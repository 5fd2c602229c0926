import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { serviceContext } from '../../platform/http/context.js';
import { normaliseForm, parseForm } from '../../platform/http/forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { renderFragment, sendPage } from '../../platform/views/render.js';
import { idParamsSchema, notificationListQuerySchema } from './notifications.schemas.js';
import { EXTERNAL_CHANNELS, NOTIFICATION_CATEGORIES, type ExternalChannel } from './notifications.tables.js';
import { readBellCounts } from './services/bell-counts.js';
import { listNotifications, readAllNotifications, readNotification } from './services/notification-centre.service.js';
import { getPreferences, updatePreferences } from './services/preferences.service.js';
import { BellContent } from './views/notification-bell.js';
import { NotificationsPage } from './views/notifications-page.js';
import { PreferencesPage } from './views/preferences-page.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time such as 22:00.');
const quietHoursFormSchema = z.object({ quietStart: hhmm.optional(), quietEnd: hhmm.optional() }).superRefine((v, ctx) => {
  if (Boolean(v.quietStart) !== Boolean(v.quietEnd)) {
    ctx.addIssue({
      code: 'custom',
      path: [v.quietStart ? 'quietEnd' : 'quietStart'],
      message: 'Give both times, or neither to turn quiet hours off.',
    });
  } else if (v.quietStart && v.quietStart === v.quietEnd) {
    ctx.addIssue({ code: 'custom', path: ['quietEnd'], message: 'The end must differ from the start.' });
  }
});

function idOf(request: FastifyRequest): string {
  const parsed = idParamsSchema.safeParse(request.params);
  if (!parsed.success) throw new AppError('not_found', 'There is nothing at this address.');
  return parsed.data.id;
}

const DONE = ['read', 'all_read'] as const;

/** The notification centre pages: the list, preferences, and the bell's live count fragment. */
export function registerNotificationsPages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get('/notifications', { config: { permission: 'account' }, schema: { hide: true } }, async (request, reply) => {
    const raw = normaliseForm(request.query);
    const parsed = notificationListQuerySchema.safeParse(raw);
    const query = parsed.success ? parsed.data : notificationListQuerySchema.parse({});
    const page = await listNotifications(db, serviceContext(request), query);
    const done = DONE.find((d) => d === raw.done);
    const next = page.nextCursor
      ? `/notifications?${new URLSearchParams({ ...(query.unread ? { unread: 'true' } : {}), cursor: page.nextCursor }).toString()}`
      : null;
    return sendPage(
      reply,
      <NotificationsPage
        ctx={pageContext(request, reply)}
        items={page.items}
        unreadCount={page.unreadCount}
        unreadOnly={query.unread === true}
        nextHref={next}
        done={done}
      />,
      parsed.success ? 200 : 400,
    );
  });

  app.post('/notifications/read-all', { config: { permission: 'account' }, schema: { hide: true } }, async (request, reply) => {
    await readAllNotifications(db, serviceContext(request));
    return reply.redirect('/notifications?done=all_read', 303);
  });

  app.post('/notifications/:id/read', { config: { permission: 'account' }, schema: { hide: true } }, async (request, reply) => {
    await readNotification(db, serviceContext(request), idOf(request));
    return reply.redirect('/notifications?done=read', 303);
  });

  // The bell's content, fetched by htmx after load and on live notification events.
  app.get('/notifications/unread-badge', { config: { permission: 'account' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = serviceContext(request);
    const counts = await readBellCounts(db, ctx.actor, ctx.now);
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(renderFragment(<BellContent ctx={pageContext(request, reply)} unread={counts.unread} extra={counts.extra} />));
  });

  app.get('/notifications/preferences', { config: { permission: 'account' }, schema: { hide: true } }, async (request, reply) => {
    const saved = normaliseForm(request.query).done === 'saved';
    return sendPage(
      reply,
      <PreferencesPage
        ctx={pageContext(request, reply)}
        preferences={await getPreferences(db, serviceContext(request))}
        errors={[]}
        saved={saved}
      />,
    );
  });

  app.post('/notifications/preferences', { config: { permission: 'account' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = serviceContext(request);
    const form = parseForm(quietHoursFormSchema, request.body);
    const body = normaliseForm(request.body);
    const categories = NOTIFICATION_CATEGORIES.map((category) => ({
      category,
      channels: EXTERNAL_CHANNELS.filter((channel): channel is ExternalChannel => body[`${category}_${channel}`] !== undefined),
    }));
    if (!form.ok) {
      const current = await getPreferences(db, ctx);
      const shown = { ...current, categories: categories.map((c) => ({ ...c, inApp: true as const })) };
      return sendPage(
        reply,
        <PreferencesPage
          ctx={pageContext(request, reply)}
          preferences={shown}
          errors={form.errors}
          values={{ quietStart: body.quietStart as string | undefined, quietEnd: body.quietEnd as string | undefined }}
        />,
        400,
      );
    }
    const quietHours = form.data.quietStart && form.data.quietEnd ? { start: form.data.quietStart, end: form.data.quietEnd } : null;
    await updatePreferences(db, ctx, { categories, quietHours });
    return reply.redirect('/notifications/preferences?done=saved', 303);
  });
}
