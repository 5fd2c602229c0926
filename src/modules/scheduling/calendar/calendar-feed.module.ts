import type { FastifyInstance } from 'fastify';
import { registerCalendarApi } from './calendar-feed.api.js';
import { registerCalendarFeedPages } from './calendar-feed.pages.js';

export { calendarLink } from './services/calendar-export.service.js';

/** Calendars: an appointment's .ics and each clinician's private, rotatable feed (API and page). */
export function registerCalendarFeeds(app: FastifyInstance): void {
  registerCalendarApi(app);
  registerCalendarFeedPages(app);
}
