import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../platform/http/context.js';
import { listQuerySchema, listResponseSchema } from '../../platform/http/api-helpers.js';
import {
  accessLogEntrySchema,
  addCareTeamBodySchema,
  breakGlassBodySchema,
  breakGlassResponseSchema,
  careTeamMemberSchema,
  closeReviewTaskBodySchema,
  membershipParamsSchema,
  reviewTaskParamsSchema,
  reviewTaskQuerySchema,
  reviewTaskSchema,
  substanceQuerySchema,
  substanceSchema,
} from './access.schemas.js';
import { patientParamsSchema } from './patients.schemas.js';
import { searchAllergySubstances } from './reference/allergy-substances.js';
import { getAccessLog } from './services/access-log.service.js';
import { breakTheGlass } from './services/break-glass.service.js';
import { addToCareTeam, listCareTeam, removeFromCareTeam } from './services/care-team.service.js';
import { closePrivacyReviewTask, listPrivacyReviewTasks } from './services/privacy-review.service.js';

/** Care team, break-the-glass, access log, privacy review, and the allergy substance list. */
export function registerAccessApi(app: FastifyInstance): void {
  registerCareTeamRoutes(app);
  registerPrivacyRoutes(app);
}

/** The care team, and break-glass access for clinicians outside it. */
function registerCareTeamRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/api/v1/patients/:id/care-team',
    {
      config: { permission: 'care-team.read' },
      schema: {
        tags: ['Care teams'],
        summary: "The patient's active care team",
        params: patientParamsSchema,
        response: { 200: listResponseSchema(careTeamMemberSchema) },
      },
    },
    async (request) => ({ items: await listCareTeam(db, serviceContext(request), request.params.id), nextCursor: null }),
  );

  r.post(
    '/api/v1/patients/:id/care-team',
    {
      config: { permission: 'care-team.manage' },
      schema: {
        tags: ['Care teams'],
        summary: 'Add a staff member to the care team (front desk, admins, lead nurses)',
        params: patientParamsSchema,
        body: addCareTeamBodySchema,
        response: { 201: careTeamMemberSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await addToCareTeam(db, serviceContext(request), request.params.id, request.body)),
  );

  r.delete(
    '/api/v1/patients/:id/care-team/:membershipId',
    {
      config: { permission: 'care-team.manage' },
      schema: {
        tags: ['Care teams'],
        summary: 'End a care team membership',
        params: membershipParamsSchema,
        response: { 204: z.null().describe('Removed') },
      },
    },
    async (request, reply) => {
      await removeFromCareTeam(db, serviceContext(request), request.params.id, request.params.membershipId);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/v1/patients/:id/break-glass',
    {
      config: { permission: 'break-glass' },
      schema: {
        tags: ['Care teams'],
        summary: 'Emergency access for 60 minutes (reason + password; reviewed by a privacy officer)',
        params: patientParamsSchema,
        body: breakGlassBodySchema,
        response: { 201: breakGlassResponseSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await breakTheGlass(db, serviceContext(request), request.params.id, request.body, app.deps.config.publicUrl)),
  );
}

/** Who read the record, the privacy officer's review tasks, and the allergy-substance list. */
function registerPrivacyRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/api/v1/patients/:id/access-log',
    {
      config: { permission: 'access-log.read' },
      schema: {
        tags: ['Privacy'],
        summary: 'Who accessed the record (the patient, privacy officers)',
        params: patientParamsSchema,
        querystring: listQuerySchema,
        response: { 200: listResponseSchema(accessLogEntrySchema) },
      },
    },
    async (request) => getAccessLog(db, serviceContext(request), request.params.id, request.query),
  );

  r.get(
    '/api/v1/privacy/review-tasks',
    {
      config: { permission: 'privacy.review' },
      schema: {
        tags: ['Privacy'],
        summary: 'Privacy review tasks (privacy officers)',
        querystring: reviewTaskQuerySchema,
        response: { 200: listResponseSchema(reviewTaskSchema) },
      },
    },
    async (request) => listPrivacyReviewTasks(db, serviceContext(request), request.query),
  );

  r.post(
    '/api/v1/privacy/review-tasks/:id/close',
    {
      config: { permission: 'privacy.review' },
      schema: {
        tags: ['Privacy'],
        summary: 'Close a review task with a note',
        params: reviewTaskParamsSchema,
        body: closeReviewTaskBodySchema,
        response: { 200: z.object({ id: z.uuid(), status: z.literal('closed'), closedAt: z.date() }) },
      },
    },
    async (request) => closePrivacyReviewTask(db, serviceContext(request), request.params.id, request.body.note),
  );

  r.get(
    '/api/v1/reference/allergy-substances',
    {
      config: { permission: 'reference.read' },
      schema: {
        tags: ['Reference'],
        summary: 'Allergy substances (RxNorm ingredients), up to 20 matches',
        querystring: substanceQuerySchema,
        response: { 200: z.object({ items: z.array(substanceSchema) }) },
      },
    },
    async (request) => ({ items: searchAllergySubstances(request.query.query) }),
  );
}
