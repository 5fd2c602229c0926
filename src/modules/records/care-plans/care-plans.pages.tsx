import type { Db } from '../../../platform/db/database.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { roleHasPermission } from '../../../platform/authz/permissions.js';
import { notFound } from '../../../platform/errors.js';
import { serviceContext } from '../../../platform/http/context.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { handleForm, type FormFailure } from '../../../platform/http/page-forms.js';
import {
  activityFormSchema,
  activityStatusFormSchema,
  createPlanFormSchema,
  editPlanFormSchema,
  goalFormSchema,
  goalReadingFormSchema,
  goalStatusFormSchema,
  progressFormSchema,
} from './care-plans.schemas.js';
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
  getCarePlanWithTeam,
  listPatientCarePlans,
} from './services/care-plans.service.js';
import { PortalCarePlanPage, PortalCarePlansPage } from './views/care-plan-portal.js';
import { StaffCarePlanPage, StaffCarePlansPage } from './views/care-plan-staff.js';

const page = { hide: true } as const;
const patientParams = z.object({ id: z.uuid() });
const planParams = z.object({ planId: z.uuid() });

/** Whether the signed-in person may change care plans (otherwise the pages are read-only). */
const canWrite = (request: FastifyRequest) => roleHasPermission(serviceContext(request).actor.role, 'records.write');

/** A patient's care plans, with the create form's errors when it failed. */
async function renderList(db: Db, request: FastifyRequest, reply: FastifyReply, failure?: FormFailure) {
  const { id } = request.params as { id: string };
  const plans = await listPatientCarePlans(db, serviceContext(request), id);
  const pageFailure = failure
    ? { form: 'create', errors: failure.errors, values: failure.values, ...(failure.message ? { message: failure.message } : {}) }
    : undefined;
  return sendPage(
    reply,
    <StaffCarePlansPage
      ctx={pageContext(request, reply)}
      patientId={id}
      plans={plans}
      canWrite={canWrite(request)}
      failure={pageFailure}
    />,
    failure?.status ?? 200,
  );
}

/** One plan in the editor, with one form's errors when it failed. */
async function renderPlan(db: Db, request: FastifyRequest, reply: FastifyReply, form?: string, failure?: FormFailure) {
  const { planId } = request.params as { planId: string };
  const ctx = serviceContext(request);
  const write = canWrite(request);
  // A writer assigns activities to the care team: read with the plan, under its one decision and audit row.
  const { plan, team: members } = write
    ? await getCarePlanWithTeam(db, ctx, planId)
    : { plan: await getCarePlan(db, ctx, planId), team: [] };
  const team = members.map((m) => ({ id: m.staffId, name: m.name }));
  const confirm = failure !== undefined && unusual(failure);
  const message = confirm ? pageContext(request, reply).t('records.cp_reading_unusual') : failure?.message;
  const pageFailure =
    failure && form ? { form, errors: failure.errors, values: failure.values, confirm, ...(message ? { message } : {}) } : undefined;
  return sendPage(
    reply,
    <StaffCarePlanPage ctx={pageContext(request, reply)} plan={plan} team={team} canWrite={write} failure={pageFailure} />,
    failure?.status ?? 200,
  );
}

/** Care-plan pages: the clinician's list and editor, the patient's read-only view. Same services as the API. */
export function registerCarePlanPages(app: FastifyInstance): void {
  registerStaffCarePlanListPages(app);
  registerCarePlanEditorForms(app);
  registerPortalCarePlanPages(app);
}

/** A patient's care plans for staff: list, create, open one. */
function registerStaffCarePlanListPages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get(
    '/staff/patients/:id/care-plans',
    { config: { permission: 'records.read' }, schema: { ...page, params: patientParams } },
    async (request, reply) => renderList(db, request, reply),
  );

  app.post(
    '/staff/patients/:id/care-plans',
    { config: { permission: 'records.write' }, schema: { ...page, params: patientParams } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      return handleForm(
        request,
        reply,
        createPlanFormSchema,
        async (data) => `/staff/care-plans/${(await createCarePlan(db, serviceContext(request), id, data)).id}`,
        (f) => renderList(db, request, reply, f),
      );
    },
  );

  app.get(
    '/staff/care-plans/:planId',
    { config: { permission: 'records.read' }, schema: { ...page, params: planParams } },
    async (request, reply) => renderPlan(db, request, reply),
  );
}

/** The plan editor's forms: the plan, its status, goals, activities and progress. */
function registerCarePlanEditorForms(app: FastifyInstance): void {
  const { db } = app.deps;

  /** One form on the plan page: validate, call the service, back to the plan (303) or re-render beside the form. */
  const planForm = <S extends z.ZodType>(
    path: string,
    form: string,
    schema: S,
    act: (request: FastifyRequest, planId: string, data: z.output<S>, version: number | undefined) => Promise<unknown>,
    params: z.ZodType = planParams,
  ) =>
    app.post(
      `/staff/care-plans/:planId${path}`,
      { config: { permission: 'records.write' }, schema: { ...page, params } },
      async (request, reply) => {
        const { planId } = request.params as { planId: string };
        return handleForm(
          request,
          reply,
          schema,
          async (data, version) => (await act(request, planId, data, version), `/staff/care-plans/${planId}`),
          (f) => renderPlan(db, request, reply, form, f),
        );
      },
    );

  const ctxOf = serviceContext;
  planForm('', 'plan', editPlanFormSchema, (request, planId, data, version) =>
    changeCarePlan(
      db,
      ctxOf(request),
      planId,
      {
        title: data.title,
        conditionCode: data.conditionCode,
        description: data.description,
        nextReviewAt: data.nextReviewDate ? `${data.nextReviewDate}T12:00:00Z` : null,
      },
      version,
    ),
  );
  planForm('/activate', 'plan', z.object({}), (request, planId, _data, version) => activateCarePlan(db, ctxOf(request), planId, version));
  planForm('/complete', 'plan', z.object({}), (request, planId, _data, version) => completeCarePlan(db, ctxOf(request), planId, version));
  planForm('/goals', 'goal', goalFormSchema, (request, planId, { goalDescription, ...data }, version) =>
    addGoal(db, ctxOf(request), planId, { description: goalDescription, ...data }, version),
  );
  planForm(
    '/goals/:goalId',
    'plan',
    goalStatusFormSchema,
    (request, planId, data, version) =>
      changeGoal(db, ctxOf(request), planId, (request.params as { goalId: string }).goalId, data, version),
    z.object({ planId: z.uuid(), goalId: z.uuid() }),
  );
  planForm('/activities', 'activity', activityFormSchema, (request, planId, { activityDescription, ...data }, version) =>
    addActivity(db, ctxOf(request), planId, { description: activityDescription, ...data }, version),
  );
  planForm(
    '/activities/:activityId',
    'plan',
    activityStatusFormSchema,
    (request, planId, data, version) =>
      changeActivity(db, ctxOf(request), planId, (request.params as { activityId: string }).activityId, data, version),
    z.object({ planId: z.uuid(), activityId: z.uuid() }),
  );
  planForm('/progress', 'progress', progressFormSchema, (request, planId, data) => addProgressNote(db, ctxOf(request), planId, data));
}

/** The "unusual value: check it and confirm" answer (docs/care-plans.md). */
const unusual = (failure: FormFailure) => failure.code === 'confirmation_required';

/** The patient's own plans, read-only. */
function registerPortalCarePlanPages(app: FastifyInstance): void {
  const { db } = app.deps;

  /** The patient's own plans; staff have no portal record (404). */
  const ownPatient = (request: FastifyRequest) => {
    const ctx = serviceContext(request);
    if (ctx.actor.role !== 'patient' || !ctx.actor.patientId) throw notFound('Your patient record');
    return { ctx, patientId: ctx.actor.patientId };
  };

  app.get('/portal/care-plans', { config: { permission: 'records.read' }, schema: page }, async (request, reply) => {
    const { ctx, patientId } = ownPatient(request);
    return sendPage(
      reply,
      <PortalCarePlansPage ctx={pageContext(request, reply)} plans={await listPatientCarePlans(db, ctx, patientId)} />,
    );
  });

  app.get(
    '/portal/care-plans/:planId',
    { config: { permission: 'records.read' }, schema: { ...page, params: planParams } },
    async (request, reply) => {
      const { ctx } = ownPatient(request);
      const { planId } = request.params as { planId: string };
      const done = (request.query as Record<string, unknown>).done === 'reading';
      return sendPage(
        reply,
        <PortalCarePlanPage ctx={pageContext(request, reply)} plan={await getCarePlan(db, ctx, planId)} readingSaved={done} />,
      );
    },
  );

  // The patient's own reading on a goal; an impossible value comes back beside the goal's form.
  app.post(
    '/portal/care-plans/:planId/goals/:goalId/readings',
    { config: { permission: 'patients.clinical.write' }, schema: { ...page, params: z.object({ planId: z.uuid(), goalId: z.uuid() }) } },
    async (request, reply) => {
      const { ctx } = ownPatient(request);
      const { planId, goalId } = request.params as { planId: string; goalId: string };
      return handleForm(
        request,
        reply,
        goalReadingFormSchema,
        async (data) => {
          await recordGoalReading(db, ctx, planId, goalId, data);
          return `/portal/care-plans/${planId}?done=reading#goal-${goalId}`;
        },
        async (failure) =>
          sendPage(
            reply,
            <PortalCarePlanPage
              ctx={pageContext(request, reply)}
              plan={await getCarePlan(db, ctx, planId)}
              failure={{ goalId, errors: failure.errors, value: failure.values.value, message: failure.message, confirm: unusual(failure) }}
            />,
            failure.status,
          ),
      );
    },
  );
}
