import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { noStore } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import {
  createUnitBodySchema,
  crewBodySchema,
  crewMemberParamsSchema,
  fleetListSchema,
  fleetUnitSchema,
  unitIdParamsSchema,
  updateUnitBodySchema,
} from './fleet.schemas.js';
import { addCrewMember, addUnit, changeUnit, getFleetUnit, listFleet, removeCrewMember } from './services/fleet-admin.service.js';

/** Administrators' management of the ambulance units and their crews (docs/emergency.md). */
export function registerFleetApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['Emergencies'];
  const manage = { permission: 'ed.manage' } as const;
  const base = '/api/v1/emergency/units';

  r.get(
    base,
    { config: manage, schema: { tags, summary: 'The ambulance units with their crews', response: { 200: fleetListSchema } } },
    async (_request, reply) => {
      noStore(reply);
      return { items: await listFleet(db) };
    },
  );
  r.post(
    base,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add an ambulance unit (409 call_sign_taken)',
        body: createUnitBodySchema,
        response: { 201: fleetUnitSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await addUnit(db, serviceContext(request), request.body)),
  );
  r.get(
    `${base}/:id`,
    { config: manage, schema: { tags, summary: 'One ambulance unit', params: unitIdParamsSchema, response: { 200: fleetUnitSchema } } },
    async (request, reply) => {
      noStore(reply);
      return getFleetUnit(db, request.params.id);
    },
  );
  r.patch(
    `${base}/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change the call sign, the base position, or take the unit out of service and back (409 unit_busy on an open call)',
        params: unitIdParamsSchema,
        body: updateUnitBodySchema,
        response: { 200: fleetUnitSchema },
      },
    },
    async (request) => changeUnit(db, serviceContext(request), request.params.id, request.body),
  );
  r.post(
    `${base}/:id/crew`,
    {
      config: manage,
      schema: {
        tags,
        summary: "Put a paramedic on the unit's crew (one unit at a time)",
        params: unitIdParamsSchema,
        body: crewBodySchema,
        response: { 200: fleetUnitSchema },
      },
    },
    async (request) => addCrewMember(db, serviceContext(request), request.params.id, request.body.staffId),
  );
  r.delete(
    `${base}/:id/crew/:staffId`,
    {
      config: manage,
      schema: { tags, summary: "Take a paramedic off the unit's crew", params: crewMemberParamsSchema, response: { 200: fleetUnitSchema } },
    },
    async (request) => removeCrewMember(db, serviceContext(request), request.params.id, request.params.staffId),
  );
}
