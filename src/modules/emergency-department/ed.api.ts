import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { expectedVersion, noStore } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import {
  arrivalDetailSchema,
  arrivalParamsSchema,
  arrivalSchema,
  closeArrivalBodySchema,
  edBoardSchema,
  identifyBodySchema,
  levelParamsSchema,
  registerArrivalBodySchema,
  triageBodySchema,
  triageLevelSchema,
  triageScaleSchema,
  updateTriageLevelBodySchema,
} from './ed.schemas.js';
import { closeArrival, getArrival, identifyArrivalPatient, markSeen, registerArrival, triageArrival } from './services/arrivals.service.js';
import { edBoard } from './services/ed-board.service.js';
import { changeTriageLevel, triageScale } from './services/triage-scale.service.js';

/** The emergency department's API (docs/emergency.md): arrivals, triage, the board, the triage scale. */
export function registerEdApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['Emergency department'];
  const work = { permission: 'ed.work' } as const;

  r.get(
    '/api/v1/ed/board',
    { config: work, schema: { tags, summary: 'The emergency department board', response: { 200: edBoardSchema } } },
    async (request, reply) => {
      noStore(reply);
      return edBoard(db, serviceContext(request));
    },
  );
  r.post(
    '/api/v1/ed/arrivals',
    {
      config: work,
      schema: {
        tags,
        summary: 'Register an arrival (an existing patient, an emergency incident’s patient, or an unidentified person)',
        body: registerArrivalBodySchema,
        response: { 201: arrivalSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return reply.status(201).send(await registerArrival(db, serviceContext(request), request.body));
    },
  );
  r.get(
    '/api/v1/ed/arrivals/:id',
    {
      config: work,
      schema: { tags, summary: 'One arrival with its triage history', params: arrivalParamsSchema, response: { 200: arrivalDetailSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      return getArrival(db, serviceContext(request), request.params.id);
    },
  );
  r.post(
    '/api/v1/ed/arrivals/:id/triage',
    {
      config: work,
      schema: {
        tags,
        summary: 'Triage or re-triage (the history is kept)',
        params: arrivalParamsSchema,
        body: triageBodySchema,
        response: { 200: arrivalSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return triageArrival(db, serviceContext(request), request.params.id, request.body);
    },
  );
  registerArrivalProgressApi(app);
  registerTriageScaleApi(app);
}

/** An arrival's progress: seen, identified, discharged or admitted. */
function registerArrivalProgressApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['Emergency department'];
  const work = { permission: 'ed.work' } as const;
  r.post(
    '/api/v1/ed/arrivals/:id/seen',
    {
      config: work,
      schema: {
        tags,
        summary: 'The patient is seen by a clinician (the wait ends)',
        params: arrivalParamsSchema,
        response: { 200: arrivalSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return markSeen(db, serviceContext(request), request.params.id);
    },
  );
  r.post(
    '/api/v1/ed/arrivals/:id/identify',
    {
      config: work,
      schema: {
        tags,
        summary: 'Identify the patient of an arrival registered as unidentified (the MRN and records stay)',
        params: arrivalParamsSchema,
        body: identifyBodySchema,
        response: { 200: arrivalSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return identifyArrivalPatient(db, serviceContext(request), request.params.id, request.body);
    },
  );
  r.post(
    '/api/v1/ed/arrivals/:id/close',
    {
      config: work,
      schema: {
        tags,
        summary: 'Discharged or admitted',
        params: arrivalParamsSchema,
        body: closeArrivalBodySchema,
        response: { 200: arrivalSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return closeArrival(db, serviceContext(request), request.params.id, request.body.outcome);
    },
  );
}

/** The administrators' triage scale. */
function registerTriageScaleApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['Emergency department'];
  const manage = { permission: 'ed.manage' } as const;
  r.get(
    '/api/v1/ed/triage-scale',
    { config: manage, schema: { tags, summary: 'The triage scale', response: { 200: triageScaleSchema } } },
    async () => ({
      items: await triageScale(db),
    }),
  );
  r.put(
    '/api/v1/ed/triage-scale/:level',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a triage level’s label and target time (If-Match: its version)',
        params: levelParamsSchema,
        body: updateTriageLevelBodySchema,
        response: { 200: triageLevelSchema },
      },
    },
    async (request) => changeTriageLevel(db, serviceContext(request), request.params.level, request.body, expectedVersion(request)),
  );
}
