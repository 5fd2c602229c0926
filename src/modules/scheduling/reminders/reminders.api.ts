import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { noStore } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import { appointmentParamsSchema } from '../appointments/appointments.schemas.js';
import { followUpBodySchema, reminderSchema } from './reminders.schemas.js';
import { requestFollowUp } from './services/reminders-follow-up.service.js';

const tags = ['Appointments'];

/** Follow-up reminders (docs/scheduling.md, Reminders and calendars). */
export function registerRemindersApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.post(
    '/api/v1/appointments/:id/follow-up',
    {
      config: { permission: 'appointments.manage' },
      schema: {
        tags,
        summary:
          'After a completed visit, remind the patient to book a follow-up ({ dueAt } or { afterDays }, optional note); replaces a follow-up not yet sent. Clinicians only',
        params: appointmentParamsSchema,
        body: followUpBodySchema,
        response: { 201: reminderSchema },
      },
    },
    async (request, reply) => {
      const reminder = await requestFollowUp(db, serviceContext(request), request.params.id, request.body);
      noStore(reply);
      return reply.status(201).send(reminder);
    },
  );
}
