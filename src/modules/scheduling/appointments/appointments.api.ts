import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { serviceContext } from '../../../platform/http/context.js';
import { expectedVersion, listResponseSchema, noStore, setEtag } from '../../../platform/http/api-helpers.js';
import { idempotentRequestOf, sendStoredResponse } from '../../../platform/http/idempotency.js';
import {
  appointmentParamsSchema,
  appointmentSchema,
  bookAppointmentBodySchema,
  bookingHeadersSchema,
  cancelAppointmentBodySchema,
  listAppointmentsQuerySchema,
  rescheduleAppointmentBodySchema,
  rescheduleHeadersSchema,
} from './appointments.schemas.js';
import { changeAppointmentStatus, type StatusChange } from './services/appointment-status.service.js';
import { getAppointment } from './services/appointments-query.service.js';
import { listAppointments } from './services/appointments-list.service.js';
import { bookAppointment } from './services/book-appointment.service.js';
import { cancelAppointment } from './services/cancel-appointment.service.js';
import { rescheduleAppointment } from './services/reschedule-appointment.service.js';
import { appointmentHooksOf } from './services/appointment-hooks.js';

const tags = ['Appointments'];

/** Booking, rescheduling, cancelling, lists and the visit's status (API.md, issue 4). */
export function registerAppointmentsApi(app: FastifyInstance): void {
  void app.register(async (scope) => {
    // Appointments are patient data: never stored by browsers or proxies.
    scope.addHook('onSend', async (_request, reply, payload) => {
      noStore(reply);
      return payload;
    });
    registerRoutes(scope);
  });
}

function registerRoutes(app: FastifyInstance): void {
  registerBookingRoutes(app);
  registerAppointmentChangeRoutes(app);
}

/** Booking, listing and reading appointments. */
function registerBookingRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.post(
    '/api/v1/appointments',
    {
      config: { permission: 'appointments.book' },
      schema: {
        tags,
        summary:
          'Book an appointment (Idempotency-Key; 409 slot_taken / room_taken / patient_busy, 422 slot_in_past / outside_availability)',
        headers: bookingHeadersSchema,
        body: bookAppointmentBodySchema,
        response: { 201: appointmentSchema },
      },
    },
    async (request, reply) => {
      const outcome = await bookAppointment(db, serviceContext(request), request.body, {
        idempotency: idempotentRequestOf(request),
        logger: request.log,
        hooks: appointmentHooksOf(app.deps),
        minNoticeMinutes: app.deps.config.bookingMinNoticeMinutes,
      });
      if (outcome.replayed) return sendStoredResponse(reply, outcome.response);
      setEtag(reply, outcome.body.version);
      return reply.status(201).send(outcome.body);
    },
  );

  r.get(
    '/api/v1/appointments',
    {
      config: { permission: 'appointments.read' },
      schema: {
        tags,
        summary:
          'List appointments (patients: their own; clinicians: their schedule or a patient they may see; front desk: all, without reasons)',
        querystring: listAppointmentsQuerySchema,
        response: { 200: listResponseSchema(appointmentSchema) },
      },
    },
    async (request) => listAppointments(db, serviceContext(request), request.query),
  );

  r.get(
    '/api/v1/appointments/:id',
    {
      config: { permission: 'appointments.read' },
      schema: { tags, summary: 'One appointment', params: appointmentParamsSchema, response: { 200: appointmentSchema } },
    },
    async (request, reply) => {
      const appointment = await getAppointment(db, serviceContext(request), request.params.id);
      setEtag(reply, appointment.version);
      return appointment;
    },
  );
}

/** Rescheduling, cancelling and the other status changes of an appointment. */
function registerAppointmentChangeRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.deps;
  const cancelCutoffHours = config.appointmentCancelCutoffHours;

  r.post(
    '/api/v1/appointments/:id/reschedule',
    {
      config: { permission: 'appointments.book' },
      schema: {
        tags,
        summary:
          'Move a booked appointment (If-Match optional, Idempotency-Key): the original is cancelled and a new one booked, answered with 201',
        params: appointmentParamsSchema,
        headers: rescheduleHeadersSchema,
        body: rescheduleAppointmentBodySchema,
        response: { 201: appointmentSchema },
      },
    },
    async (request, reply) => {
      const outcome = await rescheduleAppointment(db, serviceContext(request), request.params.id, request.body, {
        idempotency: idempotentRequestOf(request),
        logger: request.log,
        expectedVersion: expectedVersion(request),
        cancelCutoffHours,
        hooks: appointmentHooksOf(app.deps),
      });
      if (outcome.replayed) return sendStoredResponse(reply, outcome.response);
      setEtag(reply, outcome.body.version);
      return reply.status(201).send(outcome.body);
    },
  );

  r.post(
    '/api/v1/appointments/:id/cancel',
    {
      config: { permission: 'appointments.book' },
      schema: {
        tags,
        summary: `Cancel a booked appointment (patients: until the cut-off, then 422; staff at any time)`,
        params: appointmentParamsSchema,
        body: cancelAppointmentBodySchema,
        response: { 200: appointmentSchema },
      },
    },
    async (request, reply) => {
      const appointment = await cancelAppointment(db, serviceContext(request), request.params.id, request.body, {
        cancelCutoffHours,
        hooks: appointmentHooksOf(app.deps),
      });
      setEtag(reply, appointment.version);
      return appointment;
    },
  );

  const statusRoutes: [string, StatusChange, string][] = [
    ['check-in', 'check_in', 'Check the patient in (booked → checked_in)'],
    ['complete', 'complete', 'Mark the visit completed (checked_in → completed)'],
    ['no-show', 'no_show', 'Mark a no-show (booked → no_show, once the start has passed)'],
  ];
  for (const [path, change, summary] of statusRoutes) {
    r.post(
      `/api/v1/appointments/:id/${path}`,
      {
        config: { permission: 'appointments.manage' },
        schema: { tags, summary, params: appointmentParamsSchema, response: { 200: appointmentSchema } },
      },
      async (request, reply) => {
        const appointment = await changeAppointmentStatus(db, serviceContext(request), request.params.id, change, {
          hooks: appointmentHooksOf(app.deps),
        });
        setEtag(reply, appointment.version);
        return appointment;
      },
    );
  }
}
