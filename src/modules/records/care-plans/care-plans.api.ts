import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { expectedVersion, listResponseSchema, setEtag } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import { patientParamsSchema } from '../../patients/index.js';
import {
  activityParamsSchema,
  carePlanParamsSchema,
  carePlanSchema,
  carePlanSummarySchema,
  createActivityBodySchema,
  createCarePlanBodySchema,
  createGoalBodySchema,
  createProgressBodySchema,
  goalParamsSchema,
  templateSchema,
  updateActivityBodySchema,
  updateCarePlanBodySchema,
  updateGoalBodySchema,
  goalReadingBodySchema,
} from './care-plans.schemas.js';
import { carePlanTemplates } from './care-plans.templates.js';
import { apiLocale } from '../../../platform/http/error-handler.js';
import {
  addActivity,
  addGoal,
  addProgressNote,
  changeActivity,
  changeGoal,
  recordGoalReading,
} from './services/care-plans-items.service.js';
import {
  activateCarePlan,
  changeCarePlan,
  completeCarePlan,
  createCarePlan,
  getCarePlan,
  listPatientCarePlans,
} from './services/care-plans.service.js';

const tags = ['Records: care plans'];
const ifMatch = z.object({ 'if-match': z.string().optional() });

/**
 * Care plans: a versioned document (ETag "<version>"; PATCH, activate, complete and changes to a goal
 * or activity require If-Match: 428 without, 412 stale). Every answer is the whole plan.
 */
export function registerCarePlansApi(app: FastifyInstance): void {
  registerCarePlanListRoutes(app);
  registerCarePlanRoutes(app);
  registerGoalRoutes(app);
  registerActivityAndProgressRoutes(app);
  registerGoalReadingRoutes(app);
}

/** A patient's own reading on a goal of their plan (a coded observation). */
function registerGoalReadingRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  r.post(
    '/api/v1/care-plans/:planId/goals/:goalId/readings',
    {
      // The patient's own clinical data (like their allergies); the service accepts the patient only.
      config: { permission: 'patients.clinical.write' },
      schema: {
        tags,
        summary: 'Record your own reading on a goal that measures something (LOINC code and UCUM unit from the goal, time from the clock)',
        params: goalParamsSchema,
        body: goalReadingBodySchema,
        response: { 201: carePlanSchema },
      },
    },
    async (request, reply) => {
      const plan = await recordGoalReading(db, serviceContext(request), request.params.planId, request.params.goalId, request.body);
      return reply.status(201).send(plan);
    },
  );
}

/** Templates, a patient's plans, and creating one. */
function registerCarePlanListRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/api/v1/care-plan-templates',
    {
      config: { permission: 'records.write' },
      schema: {
        tags,
        summary: 'Care-plan templates for chronic conditions (editable defaults, with sources), in the Accept-Language',
        response: { 200: z.object({ items: z.array(templateSchema) }) },
      },
    },
    async (request) => ({ items: carePlanTemplates(apiLocale(request)) }),
  );

  r.get(
    '/api/v1/patients/:id/care-plans',
    {
      config: { permission: 'records.read' },
      schema: {
        tags,
        summary: "The patient's care plans (the patient sees active and closed plans, not drafts)",
        params: patientParamsSchema,
        response: { 200: listResponseSchema(carePlanSummarySchema) },
      },
    },
    async (request) => ({ items: await listPatientCarePlans(db, serviceContext(request), request.params.id), nextCursor: null }),
  );

  r.post(
    '/api/v1/patients/:id/care-plans',
    {
      config: { permission: 'records.write' },
      schema: {
        tags,
        summary: 'Create a care plan (draft), blank or from a template',
        params: patientParamsSchema,
        body: createCarePlanBodySchema,
        response: { 201: carePlanSchema },
      },
    },
    async (request, reply) => {
      const plan = await createCarePlan(db, serviceContext(request), request.params.id, request.body);
      setEtag(reply, plan.version);
      return reply.status(201).send(plan);
    },
  );
}

/** One plan: read, change, activate, complete. */
function registerCarePlanRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/api/v1/care-plans/:planId',
    {
      config: { permission: 'records.read' },
      schema: {
        tags,
        summary: 'One care plan with goals, activities and progress',
        params: carePlanParamsSchema,
        response: { 200: carePlanSchema },
      },
    },
    async (request, reply) => {
      const plan = await getCarePlan(db, serviceContext(request), request.params.planId);
      setEtag(reply, plan.version);
      return plan;
    },
  );

  r.patch(
    '/api/v1/care-plans/:planId',
    {
      config: { permission: 'records.write' },
      schema: {
        tags,
        summary: 'Change a care plan (If-Match required)',
        params: carePlanParamsSchema,
        headers: ifMatch,
        body: updateCarePlanBodySchema,
        response: { 200: carePlanSchema },
      },
    },
    async (request, reply) => {
      const plan = await changeCarePlan(db, serviceContext(request), request.params.planId, request.body, expectedVersion(request));
      setEtag(reply, plan.version);
      return plan;
    },
  );

  const transitions = [
    ['activate', 'Activate a draft care plan (If-Match required)', activateCarePlan],
    ['complete', 'Complete an active care plan (If-Match required)', completeCarePlan],
  ] as const;
  for (const [path, summary, act] of transitions) {
    r.post(
      `/api/v1/care-plans/:planId/${path}`,
      {
        config: { permission: 'records.write' },
        schema: { tags, summary, params: carePlanParamsSchema, headers: ifMatch, response: { 200: carePlanSchema } },
      },
      async (request, reply) => {
        const plan = await act(db, serviceContext(request), request.params.planId, expectedVersion(request));
        setEtag(reply, plan.version);
        return plan;
      },
    );
  }
}

/** A plan's goals: add, change. */
function registerGoalRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.post(
    '/api/v1/care-plans/:planId/goals',
    {
      config: { permission: 'records.write' },
      schema: {
        tags,
        summary: 'Add a goal (If-Match checked when given)',
        params: carePlanParamsSchema,
        headers: ifMatch,
        body: createGoalBodySchema,
        response: { 201: carePlanSchema },
      },
    },
    async (request, reply) => {
      const plan = await addGoal(db, serviceContext(request), request.params.planId, request.body, expectedVersion(request));
      setEtag(reply, plan.version);
      return reply.status(201).send(plan);
    },
  );

  r.patch(
    '/api/v1/care-plans/:planId/goals/:goalId',
    {
      config: { permission: 'records.write' },
      schema: {
        tags,
        summary: 'Change a goal or its status (If-Match of the plan required)',
        params: goalParamsSchema,
        headers: ifMatch,
        body: updateGoalBodySchema,
        response: { 200: carePlanSchema },
      },
    },
    async (request, reply) => {
      const plan = await changeGoal(
        db,
        serviceContext(request),
        request.params.planId,
        request.params.goalId,
        request.body,
        expectedVersion(request),
      );
      setEtag(reply, plan.version);
      return plan;
    },
  );
}

/** A plan's activities (add, change) and progress notes. */
function registerActivityAndProgressRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.post(
    '/api/v1/care-plans/:planId/activities',
    {
      config: { permission: 'records.write' },
      schema: {
        tags,
        summary: "Add an activity (the responsible person must be on the patient's care team)",
        params: carePlanParamsSchema,
        headers: ifMatch,
        body: createActivityBodySchema,
        response: { 201: carePlanSchema },
      },
    },
    async (request, reply) => {
      const plan = await addActivity(db, serviceContext(request), request.params.planId, request.body, expectedVersion(request));
      setEtag(reply, plan.version);
      return reply.status(201).send(plan);
    },
  );

  r.patch(
    '/api/v1/care-plans/:planId/activities/:activityId',
    {
      config: { permission: 'records.write' },
      schema: {
        tags,
        summary: 'Change an activity or its status (If-Match of the plan required)',
        params: activityParamsSchema,
        headers: ifMatch,
        body: updateActivityBodySchema,
        response: { 200: carePlanSchema },
      },
    },
    async (request, reply) => {
      const plan = await changeActivity(
        db,
        serviceContext(request),
        request.params.planId,
        request.params.activityId,
        request.body,
        expectedVersion(request),
      );
      setEtag(reply, plan.version);
      return plan;
    },
  );

  r.post(
    '/api/v1/care-plans/:planId/progress',
    {
      config: { permission: 'records.write' },
      schema: {
        tags,
        summary: 'Add a progress note, optionally with a measurement for one goal',
        params: carePlanParamsSchema,
        body: createProgressBodySchema,
        response: { 201: carePlanSchema },
      },
    },
    async (request, reply) => {
      const plan = await addProgressNote(db, serviceContext(request), request.params.planId, request.body);
      setEtag(reply, plan.version);
      return reply.status(201).send(plan);
    },
  );
}
