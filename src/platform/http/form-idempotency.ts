import { and, eq, isNull, lt } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { isApiRequest } from './context.js';
import { formSubmissions } from './form-submissions.tables.js';

const KEY_PATTERN = /^[0-9a-f-]{36}$/;
const KEPT_FOR_MS = 24 * 3_600_000;
const SWEEP_EVERY_MS = 3_600_000;

declare module 'fastify' {
  interface FastifyRequest {
    formKey: string | undefined;
  }
}

/**
 * Every form carries a one-time key (the Form component adds it). The first POST with a key runs;
 * a repeat while it runs answers 409, and a repeat after it finished is redirected to where the
 * first one went, so a double click never registers a patient twice.
 */
export function installFormIdempotency(app: FastifyInstance): void {
  let lastSweepAt = Number.NEGATIVE_INFINITY;
  app.decorateRequest('formKey', undefined);
  // Read before validation: route schemas strip fields they do not declare.
  app.addHook('preValidation', async (request) => {
    if (request.method !== 'POST' || isApiRequest(request)) return;
    const key = (request.body as Record<string, unknown> | undefined)?._idempotency;
    request.formKey = typeof key === 'string' && KEY_PATTERN.test(key) ? key : undefined;
  });

  app.addHook('preHandler', async (request, reply) => {
    const key = request.formKey;
    if (!key) return;
    const sessionId = request.actor?.kind === 'user' ? request.actor.sessionId : null;
    const { db, clock } = app.deps;
    const inserted = await db
      .insert(formSubmissions)
      .values({ key, sessionId, createdAt: clock() })
      .onConflictDoNothing()
      .returning({ key: formSubmissions.key });
    if (inserted.length === 1) return;
    const [previous] = await db.select().from(formSubmissions).where(eq(formSubmissions.key, key));
    if (previous?.location && previous.sessionId === sessionId) return reply.redirect(previous.location, 303);
    throw new AppError('conflict', 'This form was already sent and is still being processed. Wait a moment, then reload the page.');
  });

  // The outcome is stored before the response leaves (onSend, not onResponse): a client that sends
  // the form again the moment the first answer arrives must find where it went, not a key that
  // still looks in progress. A failure to store it is logged, not turned into an error for a
  // request that has already done its work.
  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.formKey;
    if (!key) return payload;
    const { db } = app.deps;
    const location = reply.getHeader('location');
    try {
      if (reply.statusCode === 303 && typeof location === 'string') {
        await db
          .update(formSubmissions)
          .set({ location })
          .where(and(eq(formSubmissions.key, key), isNull(formSubmissions.location)));
      } else if (reply.statusCode >= 400 && reply.statusCode !== 409) {
        await db.delete(formSubmissions).where(and(eq(formSubmissions.key, key), isNull(formSubmissions.location)));
      }
    } catch (error) {
      request.log.error({ err: error }, 'could not record the outcome of a form submission');
    }
    return payload;
  });

  app.addHook('onResponse', async (request) => {
    if (!request.formKey) return;
    // Housekeeping: keys only matter for a day, so an hourly sweep per process is plenty (and a
    // request's statements stay predictable, unlike a sweep on a random 1 % of requests).
    const { db, clock } = app.deps;
    const now = clock();
    if (now.getTime() - lastSweepAt >= SWEEP_EVERY_MS) {
      lastSweepAt = now.getTime();
      await db.delete(formSubmissions).where(lt(formSubmissions.createdAt, new Date(now.getTime() - KEPT_FOR_MS)));
    }
  });
}
