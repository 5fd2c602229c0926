import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listResponseSchema, noStore, setEtag } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import { appointmentHooksOf } from '../appointments/services/appointment-hooks.js';
import { acceptWaitlistOffer, declineWaitlistOffer } from './services/waitlist-answer.service.js';
import type { WaitlistSettings } from './services/waitlist-offers.service.js';
import { joinWaitlist, leaveWaitlist, listWaitlist } from './services/waitlist.service.js';
import {
  acceptOfferResponseSchema,
  joinWaitlistBodySchema,
  listWaitlistQuerySchema,
  waitlistEntrySchema,
  waitlistParamsSchema,
} from './waitlist.schemas.js';

const tags = ['Waitlist'];

/** The waitlist API (docs/scheduling.md "Waitlist"). */
export function registerWaitlistApi(app: FastifyInstance, settings: WaitlistSettings): void {
  void app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply, payload) => {
      noStore(reply);
      return payload;
    });
    registerRoutes(scope, settings);
  });
}

function registerRoutes(app: FastifyInstance, settings: WaitlistSettings): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, logger } = app.deps;

  r.post(
    '/api/v1/waitlist',
    {
      config: { permission: 'appointments.book' },
      schema: {
        tags,
        summary:
          'Join the waitlist for an earlier slot (patients for themselves, staff for a patient); 409 when already waiting for the same specialty and visit type',
        body: joinWaitlistBodySchema,
        response: { 201: waitlistEntrySchema },
      },
    },
    async (request, reply) => {
      const entry = await joinWaitlist(db, serviceContext(request), request.body);
      setEtag(reply, entry.version);
      return reply.status(201).send(entry);
    },
  );

  r.get(
    '/api/v1/waitlist',
    {
      config: { permission: 'appointments.read' },
      schema: {
        tags,
        summary:
          'Waitlist entries, newest first (patients: their own; staff: a patient they may see, or all for the front desk, or those naming the clinician)',
        querystring: listWaitlistQuerySchema,
        response: { 200: listResponseSchema(waitlistEntrySchema) },
      },
    },
    async (request) => listWaitlist(db, serviceContext(request), request.query),
  );

  r.delete(
    '/api/v1/waitlist/:id',
    {
      config: { permission: 'appointments.book' },
      schema: {
        tags,
        summary: 'Leave the waitlist; a slot the entry was offered passes to the next patient',
        params: waitlistParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await leaveWaitlist(db, serviceContext(request), request.params.id, settings, logger);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/v1/waitlist/:id/accept',
    {
      config: { permission: 'appointments.book' },
      schema: {
        tags,
        summary:
          'Accept the offered slot: books it (201). Taken meanwhile → 409 slot_taken and the entry waits again; expired or no offer → 409 conflict',
        params: waitlistParamsSchema,
        response: { 201: acceptOfferResponseSchema },
      },
    },
    async (request, reply) => {
      const accepted = await acceptWaitlistOffer(db, serviceContext(request), request.params.id, {
        logger: request.log,
        hooks: appointmentHooksOf(app.deps),
      });
      setEtag(reply, accepted.appointment.version);
      return reply.status(201).send(accepted);
    },
  );

  r.post(
    '/api/v1/waitlist/:id/decline',
    {
      config: { permission: 'appointments.book' },
      schema: {
        tags,
        summary: 'Decline the offered slot: the entry waits again and the slot passes to the next patient',
        params: waitlistParamsSchema,
        response: { 200: waitlistEntrySchema },
      },
    },
    async (request, reply) => {
      const entry = await declineWaitlistOffer(db, serviceContext(request), request.params.id, settings, logger);
      setEtag(reply, entry.version);
      return entry;
    },
  );
}
