import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { noStore } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import {
  assignBodySchema,
  boardSchema,
  currentIncidentSchema,
  dispatchIncidentSchema,
  idempotencyRequiredHeaderSchema,
  incidentIdParamsSchema,
  locationAcceptedSchema,
  ownIncidentSchema,
  positionSchema,
  raiseIncidentBodySchema,
  suggestionSchema,
} from './emergency.schemas.js';
import { acknowledgeIncident, assignUnit, closeIncident } from './services/dispatch-actions.service.js';
import { dispatchBoard, dispatchIncident, suggestUnits } from './services/dispatch-board.service.js';
import { emergencySettings } from './services/emergency-settings.js';
import { currentOwnIncident, raiseIncident } from './services/raise-incident.service.js';
import { recordOwnLocation } from './services/record-location.service.js';

/** The patient's SOS and the dispatch board's calls (docs/emergency.md). */
export function registerEmergencyApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['Emergencies'];

  r.post(
    '/api/v1/emergency/incidents',
    {
      config: { permission: 'emergency.sos' },
      schema: {
        tags,
        summary: 'Raise an emergency (SOS); a retry with the same Idempotency-Key, or a second press, updates the open incident',
        headers: idempotencyRequiredHeaderSchema,
        body: raiseIncidentBodySchema,
        response: { 200: ownIncidentSchema, 201: ownIncidentSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const { incident, created } = await raiseIncident(db, serviceContext(request), request.body, request.headers['idempotency-key']);
      return reply.status(created ? 201 : 200).send(incident);
    },
  );
  r.get(
    '/api/v1/emergency/incidents/current',
    {
      config: { permission: 'emergency.sos' },
      schema: { tags, summary: 'Your open emergency (or your latest) and its live status', response: { 200: currentIncidentSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      return { incident: await currentOwnIncident(db, serviceContext(request)), emergencyNumber: emergencySettings().emergencyNumber };
    },
  );
  r.post(
    '/api/v1/emergency/incidents/:id/locations',
    {
      config: { permission: 'emergency.sos' },
      schema: {
        tags,
        summary: 'Share your phone position while your emergency is open (at most one every 5 seconds)',
        params: incidentIdParamsSchema,
        body: positionSchema,
        response: { 201: locationAcceptedSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return reply.status(201).send(await recordOwnLocation(db, serviceContext(request), request.params.id, request.body));
    },
  );
  registerDispatchApi(app);
}

function registerDispatchApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['Emergencies'];
  const config = { permission: 'emergency.dispatch' } as const;

  r.get(
    '/api/v1/emergency/incidents',
    {
      config,
      schema: { tags, summary: 'The dispatch board: open incidents with positions, and the units', response: { 200: boardSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      return dispatchBoard(db, serviceContext(request));
    },
  );
  r.get(
    '/api/v1/emergency/incidents/:id',
    {
      config,
      schema: { tags, summary: 'One incident for dispatch', params: incidentIdParamsSchema, response: { 200: dispatchIncidentSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      return dispatchIncident(db, serviceContext(request), request.params.id);
    },
  );
  r.get(
    '/api/v1/emergency/incidents/:id/suggestion',
    {
      config,
      schema: {
        tags,
        summary: 'The nearest available units (straight line, speed model)',
        params: incidentIdParamsSchema,
        response: { 200: suggestionSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return suggestUnits(db, serviceContext(request), request.params.id);
    },
  );
  r.post(
    '/api/v1/emergency/incidents/:id/acknowledge',
    { config, schema: { tags, summary: 'Acknowledge a call', params: incidentIdParamsSchema, response: { 200: dispatchIncidentSchema } } },
    async (request, reply) => {
      noStore(reply);
      return acknowledgeIncident(db, serviceContext(request), request.params.id);
    },
  );
  r.post(
    '/api/v1/emergency/incidents/:id/assign',
    {
      config,
      schema: {
        tags,
        summary: 'Send a unit (409 when it is no longer available)',
        params: incidentIdParamsSchema,
        body: assignBodySchema,
        response: { 200: dispatchIncidentSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return assignUnit(db, serviceContext(request), request.params.id, request.body.unitId);
    },
  );
  r.post(
    '/api/v1/emergency/incidents/:id/close',
    {
      config,
      schema: {
        tags,
        summary: 'Close an incident and free its unit',
        params: incidentIdParamsSchema,
        response: { 200: dispatchIncidentSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return closeIncident(db, serviceContext(request), request.params.id);
    },
  );
}
