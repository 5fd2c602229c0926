import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { noStore } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import { listUnits } from './ambulances.repository.js';
import { crewStatusBodySchema, crewViewSchema, incidentIdParamsSchema, positionSchema, unitSchema } from './emergency.schemas.js';
import { acceptIncident, crewView, reportCrewPosition, reportCrewStatus } from './services/crew.service.js';
import { requireDispatchStaff } from './services/emergency-access.js';
import { unitDto } from './services/incident-views.js';

/** The fleet for dispatch, and the crew's own unit and assignment. */
export function registerAmbulancesApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['Emergencies'];
  const crew = { permission: 'emergency.crew' } as const;

  r.get(
    '/api/v1/ambulances',
    {
      config: { permission: 'emergency.dispatch' },
      schema: {
        tags,
        summary: 'The ambulance units, their status and last position',
        response: { 200: z.object({ items: z.array(unitSchema) }) },
      },
    },
    async (request, reply) => {
      noStore(reply);
      await requireDispatchStaff(db, serviceContext(request));
      return { items: (await listUnits(db)).map(unitDto) };
    },
  );
  r.get(
    '/api/v1/ambulances/mine',
    { config: crew, schema: { tags, summary: 'Your unit and the incident assigned to it', response: { 200: crewViewSchema } } },
    async (request, reply) => {
      noStore(reply);
      return crewView(db, serviceContext(request));
    },
  );
  r.post(
    '/api/v1/ambulances/mine/position',
    {
      config: crew,
      schema: { tags, summary: "Your unit's position (from the phone)", body: positionSchema, response: { 200: crewViewSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      return reportCrewPosition(db, serviceContext(request), request.body);
    },
  );
  r.post(
    '/api/v1/ambulances/mine/incidents/:id/accept',
    { config: crew, schema: { tags, summary: 'Accept the assignment', params: incidentIdParamsSchema, response: { 200: crewViewSchema } } },
    async (request, reply) => {
      noStore(reply);
      return acceptIncident(db, serviceContext(request), request.params.id);
    },
  );
  r.post(
    '/api/v1/ambulances/mine/incidents/:id/status',
    {
      config: crew,
      schema: {
        tags,
        summary: "Report the unit's status",
        params: incidentIdParamsSchema,
        body: crewStatusBodySchema,
        response: { 200: crewViewSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return reportCrewStatus(db, serviceContext(request), request.params.id, request.body.status);
    },
  );
}
