import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { userActor } from '../http/context.js';
import { AppError } from '../errors.js';
import { DEFAULT_STREAM_TIMINGS, EventStream, type StreamTimings } from './event-stream.js';
import { findStreamSubscriber } from './events.repository.js';

const eventId = z.string().regex(/^\d{1,15}$/, 'must be an event id this stream sent');

/** Whether the client can take text/event-stream (no Accept header, or one that names it or a wildcard). */
function acceptsEventStream(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((part) => {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const refused = params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
    return !refused && (type === 'text/event-stream' || type === 'text/*' || type === '*/*');
  });
}

/**
 * `GET /api/v1/events/stream`: Server-Sent Events for pages (session cookie) and API clients
 * (bearer). Each subscriber gets only the events whose audience names them; `Last-Event-ID` (or
 * `?lastEventId=`, for clients that cannot set headers) resumes from stored events. Open streams
 * end when their session ends and before the server closes, so shutdown never waits on them.
 */
export function registerEventStreamRoutes(app: FastifyInstance, timings: Partial<StreamTimings> = {}): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock, events: bus } = app.deps;
  const settings = { ...DEFAULT_STREAM_TIMINGS, ...timings };
  const open = new Set<EventStream>();

  app.addHook('preClose', async () => {
    for (const stream of [...open]) stream.close();
  });

  r.get(
    '/api/v1/events/stream',
    {
      config: { permission: 'account' },
      schema: {
        tags: ['Real-time events'],
        summary: 'Server-Sent Events for the signed-in person (resume with Last-Event-ID)',
        description:
          'A text/event-stream: `retry:` hint, then one message per event (`id:`, `event:` type, `data:` JSON) whose audience names the caller, and a comment heartbeat every 25 s. Send `Last-Event-ID` (or `?lastEventId=`) to replay events stored after it (at most 24 hours old).',
        querystring: z.object({ lastEventId: eventId.optional() }),
        headers: z.object({ 'last-event-id': eventId.optional() }).loose(),
        response: { 200: z.string().describe('text/event-stream') },
      },
    },
    async (request, reply) => {
      const actor = userActor(request);
      if (!acceptsEventStream(request.headers.accept)) {
        throw new AppError('not_acceptable', 'This address answers text/event-stream only: send Accept: text/event-stream.', {
          errors: [{ path: 'Accept', message: 'must accept text/event-stream' }],
        });
      }
      const resumeFrom = request.headers['last-event-id'] ?? request.query.lastEventId;
      const subscriberRow = await findStreamSubscriber(db, actor.sessionId);
      // Without a resume point, the stream starts after the newest stored event.
      const lastId = resumeFrom !== undefined ? Number(resumeFrom) : await newestEventId(app);
      const stream = new EventStream(
        { db, bus, clock, timings: settings, onClose: (s) => open.delete(s) },
        { userId: actor.userId, role: actor.role, departmentId: subscriberRow?.departmentId ?? null, sessionId: actor.sessionId },
        lastId,
      );
      open.add(stream);
      stream.open(resumeFrom !== undefined);
      request.log.info({ route: 'events.stream', resumed: resumeFrom !== undefined }, 'event stream opened');
      return (
        reply
          .header('content-type', 'text/event-stream; charset=utf-8')
          .header('cache-control', 'no-store')
          .header('x-accel-buffering', 'no')
          // When the stream ends (shutdown, session end) the socket goes too, so close never waits on it.
          .header('connection', 'close')
          // A stream is sent as is (the 200 schema documents it; streams are never serialized).
          .send(stream.body as unknown as string)
      );
    },
  );

  async function newestEventId(instance: FastifyInstance): Promise<number> {
    const result = await instance.deps.db.execute(sql`select coalesce(max(id), 0)::bigint as id from events`);
    return Number((result as { rows: { id: string | number }[] }).rows[0]?.id ?? 0);
  }
}
