import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { noStore } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import { appointmentParamsSchema } from '../appointments/appointments.schemas.js';
import { calendarFeedIssuedSchema, calendarFeedParamsSchema, calendarFeedStatusSchema } from './calendar-feed.schemas.js';
import { appointmentCalendar } from './services/calendar-export.service.js';
import { calendarFeedStatus, disableCalendarFeed, issueCalendarFeed, renderCalendarFeed } from './services/calendar-feed.service.js';

const tags = ['Calendars'];
const CALENDAR_TYPE = 'text/calendar; charset=utf-8';

/** An appointment's .ics, and each clinician's private, rotatable calendar feed. */
export function registerCalendarApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config, clock } = app.deps;

  r.get(
    '/api/v1/appointments/:id/calendar.ics',
    {
      config: { permission: 'appointments.read' },
      schema: {
        tags,
        summary: 'The appointment as an iCalendar file (text/calendar attachment), for whoever may read the appointment',
        params: appointmentParamsSchema,
        // Buffers are sent as they are (never serialized); the schema documents the body.
        response: { 200: z.string().describe('RFC 5545 text/calendar') },
      },
    },
    async (request, reply) => {
      const file = await appointmentCalendar(db, serviceContext(request), request.params.id);
      noStore(reply);
      return reply
        .header('content-type', CALENDAR_TYPE)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(file.body, 'utf8') as unknown as string);
    },
  );

  r.get(
    '/api/v1/staff/me/calendar-feed',
    {
      config: { permission: 'availability.manage' },
      schema: {
        tags,
        summary: 'Whether your private calendar feed is on (its URL is shown only when made)',
        response: { 200: calendarFeedStatusSchema },
      },
    },
    async (request) => calendarFeedStatus(db, serviceContext(request)),
  );

  r.post(
    '/api/v1/staff/me/calendar-feed',
    {
      config: { permission: 'availability.manage' },
      schema: {
        tags,
        summary: 'Create or rotate your private calendar feed; answers its secret URL this once (a rotated link stops working at once)',
        response: { 201: calendarFeedIssuedSchema },
      },
    },
    async (request, reply) => {
      const issued = await issueCalendarFeed(db, serviceContext(request), config.publicUrl);
      noStore(reply);
      return reply.status(201).send(issued);
    },
  );

  r.delete(
    '/api/v1/staff/me/calendar-feed',
    {
      config: { permission: 'availability.manage' },
      schema: { tags, summary: 'Turn your private calendar feed off (its URL answers 404)', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await disableCalendarFeed(db, serviceContext(request));
      return reply.status(204).send(null);
    },
  );

  // The token in the path is the only credential. The request log masks it (loggableUrl).
  r.get(
    '/calendar/feeds/:token.ics',
    {
      config: { permission: 'public' },
      schema: { hide: true, params: calendarFeedParamsSchema, response: { 200: z.string() } },
    },
    async (request, reply) => {
      const body = await renderCalendarFeed(db, request.params.token, clock());
      return reply
        .header('content-type', CALENDAR_TYPE)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', 'inline; filename="carewell.ics"')
        .send(Buffer.from(body, 'utf8') as unknown as string);
    },
  );
}
