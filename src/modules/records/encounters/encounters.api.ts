import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../../platform/http/context.js';
import { listQuerySchema, listResponseSchema } from '../../../platform/http/api-helpers.js';
import { patientParamsSchema } from '../../patients/index.js';
import {
  createEncounterBodySchema,
  encounterParamsSchema,
  encounterSchema,
  sharedSummarySchema,
  shareSummaryBodySchema,
} from './encounters.schemas.js';
import { finishEncounter, getEncounter, listPatientEncounters, openEncounter } from './services/encounters.service.js';
import { listSharedSummariesForPatient, shareSummary } from './services/encounters-summary.service.js';

const tags = ['Records: encounters'];

/** Encounters and the visit summaries shared with the patient. */
export function registerEncountersApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.post(
    '/api/v1/patients/:id/encounters',
    {
      config: { permission: 'records.write' },
      schema: {
        tags,
        summary: 'Open an encounter (from an appointment when one is given)',
        params: patientParamsSchema,
        body: createEncounterBodySchema,
        response: { 201: encounterSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await openEncounter(db, serviceContext(request), request.params.id, request.body)),
  );
  r.get(
    '/api/v1/patients/:id/encounters',
    {
      config: { permission: 'records.read' },
      schema: {
        tags,
        summary: "The patient's encounters, newest first",
        params: patientParamsSchema,
        querystring: listQuerySchema,
        response: { 200: listResponseSchema(encounterSchema) },
      },
    },
    async (request) => listPatientEncounters(db, serviceContext(request), request.params.id, request.query),
  );
  r.get(
    '/api/v1/encounters/:id',
    {
      config: { permission: 'records.read' },
      schema: { tags, summary: 'One encounter', params: encounterParamsSchema, response: { 200: encounterSchema } },
    },
    async (request) => getEncounter(db, serviceContext(request), request.params.id),
  );
  r.post(
    '/api/v1/encounters/:id/finish',
    {
      config: { permission: 'records.write' },
      schema: { tags, summary: 'Finish an encounter', params: encounterParamsSchema, response: { 200: encounterSchema } },
    },
    async (request) => finishEncounter(db, serviceContext(request), request.params.id),
  );
  r.post(
    '/api/v1/encounters/:id/summary',
    {
      config: { permission: 'records.write' },
      schema: {
        tags,
        summary: 'Share the visit summary and instructions with the patient',
        params: encounterParamsSchema,
        body: shareSummaryBodySchema,
        response: { 201: sharedSummarySchema },
      },
    },
    async (request, reply) => reply.status(201).send(await shareSummary(db, serviceContext(request), request.params.id, request.body)),
  );
  r.get(
    '/api/v1/patients/:id/summaries',
    {
      config: { permission: 'records.read' },
      schema: {
        tags,
        summary: 'Visit summaries shared with the patient',
        params: patientParamsSchema,
        response: { 200: z.object({ items: z.array(sharedSummarySchema) }) },
      },
    },
    async (request) => ({ items: await listSharedSummariesForPatient(db, serviceContext(request), request.params.id) }),
  );
}
