import type { FastifyInstance } from 'fastify';
import { serviceContext } from '../../../platform/http/context.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { calendarFeedStatus, disableCalendarFeed, issueCalendarFeed } from './services/calendar-feed.service.js';
import { CalendarFeedPage } from './views/calendar-feed-page.js';

/** The clinician's calendar feed page: `/staff/calendar-feed`. */
export function registerCalendarFeedPages(app: FastifyInstance): void {
  const { db, config } = app.deps;
  const options = { config: { permission: 'availability.manage' as const }, schema: { hide: true } };

  app.get('/staff/calendar-feed', options, async (request, reply) => {
    const ctx = serviceContext(request);
    const done = (request.query as Record<string, unknown>).done === 'disabled' ? ('disabled' as const) : undefined;
    return sendPage(reply, <CalendarFeedPage ctx={pageContext(request, reply)} status={await calendarFeedStatus(db, ctx)} done={done} />);
  });

  // The new link is shown in this response only: it never goes into a redirect or another URL.
  app.post('/staff/calendar-feed', options, async (request, reply) => {
    const ctx = serviceContext(request);
    const issued = await issueCalendarFeed(db, ctx, config.publicUrl);
    return sendPage(
      reply,
      <CalendarFeedPage ctx={pageContext(request, reply)} status={await calendarFeedStatus(db, ctx)} issued={issued} />,
    );
  });

  app.post('/staff/calendar-feed/disable', options, async (request, reply) => {
    await disableCalendarFeed(db, serviceContext(request));
    return reply.redirect('/staff/calendar-feed?done=disabled', 303);
  });
}
