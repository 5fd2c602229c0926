import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { serviceContext } from '../../../platform/http/context.js';
import { idempotentRequestOf, sendStoredResponse } from '../../../platform/http/idempotency.js';
import { autoAssignBodySchema, autoAssignHeadersSchema, autoAssignResponseSchema } from './auto-assign.schemas.js';
import { appointmentHooksOf } from '../appointments/services/appointment-hooks.js';
import { autoAssign } from './services/auto-assign.service.js';

/** `POST /api/v1/appointments/auto-assign`: the best clinician and slot, with its reasons; optionally booked. */
export function registerAutoAssignApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  r.post(
    '/api/v1/appointments/auto-assign',
    {
      config: { permission: 'appointments.book' },
      schema: {
        tags: ['Appointments'],
        summary:
          'Choose the best clinician and slot of a specialty for a visit type (earliest, language, previous clinician, load), with reasons; `book: true` books it (Idempotency-Key; 201)',
        headers: autoAssignHeadersSchema,
        body: autoAssignBodySchema,
        response: { 200: autoAssignResponseSchema, 201: autoAssignResponseSchema },
      },
    },
    async (request, reply) => {
      const outcome = await autoAssign(db, serviceContext(request), request.body, {
        idempotency: idempotentRequestOf(request),
        logger: request.log,
        hooks: appointmentHooksOf(app.deps),
        minNoticeMinutes: app.deps.config.bookingMinNoticeMinutes,
      });
      if (outcome.replayed) return sendStoredResponse(reply, outcome.response);
      return reply.status(outcome.status === 201 ? 201 : 200).send(outcome.body);
    },
  );
}
