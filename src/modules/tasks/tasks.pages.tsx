import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/auth/actor.js';
import { notFound, validationFailed, type FieldError } from '../../platform/errors.js';
import { serviceContext } from '../../platform/http/context.js';
import { localiseFieldErrors, type FieldMessages } from '../../platform/http/forms.js';
import { handleForm, type FormFailure } from '../../platform/http/page-forms.js';
import { localTimeToInstant, parseWallTime } from '../../platform/time/zoned-time.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { cancelTask, completeTask, reassignTask } from './services/change-task.service.js';
import { createTask } from './services/create-task.service.js';
import { listPatientTasks } from './services/task-queries.service.js';
import { DETAILS_MAX, REASON_MAX, TITLE_MAX } from './tasks.vocabulary.js';
import { PatientTasksPage, TASK_NOTICES, type PatientTasksPageProps } from './views/patient-tasks.js';

const page = { hide: true } as const;
const work = { permission: 'tasks.work' } as const;
const idParams = z.object({ id: z.uuid() });
const taskParams = z.object({ id: z.uuid(), taskId: z.uuid() });

/** The create form: the due time is the viewer's wall time (a datetime-local field), turned into an instant below. */
const createForm = z.object({
  title: z.string().trim().min(1).max(TITLE_MAX),
  details: z.string().trim().max(DETAILS_MAX).optional(),
  assigneeStaffId: z.uuid(),
  dueAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/),
});
const cancelForm = z.object({ reason: z.string().trim().min(1).max(REASON_MAX) });
const reassignForm = z.object({ assigneeStaffId: z.uuid(), note: z.string().trim().max(REASON_MAX).optional() });

/** The message beside each field, in the viewer's language (Zod's own messages are English and technical). */
const FIELD_MESSAGES: FieldMessages = {
  title: ['tasks.field_title_invalid', { max: TITLE_MAX }],
  details: ['tasks.field_details_invalid', { max: DETAILS_MAX }],
  assigneeStaffId: ['tasks.field_assignee_invalid'],
  dueAt: ['tasks.field_due_invalid'],
  reason: ['tasks.field_reason_invalid', { max: REASON_MAX }],
};

/** The care team's page, as the chart is: a patient gets 404 (their role lacks tasks.work anyway). */
function staffOnly(ctx: ServiceContext): void {
  if (ctx.actor.role === 'patient') throw notFound('The patient');
}

/** A wall time in the viewer's zone as an ISO instant; a time the clocks skip is a field error. */
function dueInstant(ctx: ServiceContext, value: string): string {
  const [date, time] = value.split('T') as [string, string];
  const instant = localTimeToInstant(date, parseWallTime(time), ctx.actor.timeZone);
  if (!instant) throw validationFailed([{ path: 'dueAt', message: 'This time does not exist in your time zone that day.' }]);
  return instant.toISOString();
}

/** Staff pages over the same services as the API: a patient's care-team tasks (docs/tasks.md). */
export function registerTasksPages(app: FastifyInstance): void {
  const { db } = app.deps;

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    patientId: string,
    extra: Partial<PatientTasksPageProps> = {},
    status = 200,
  ) {
    const ctx = serviceContext(request);
    staffOnly(ctx);
    const data = await listPatientTasks(db, ctx, patientId);
    const view = pageContext(request, reply);
    const localise = (errors: FieldError[]) => localiseFieldErrors(errors, FIELD_MESSAGES, view.t);
    const props: PatientTasksPageProps = { ctx: view, data, ...extra };
    if (props.form) props.form = { ...props.form, errors: localise(props.form.errors) };
    return sendPage(reply, <PatientTasksPage {...props} />, status);
  }

  const back = (patientId: string, notice: string) => `/staff/patients/${patientId}/tasks?done=${notice}`;
  const refused = (request: FastifyRequest, reply: FastifyReply, patientId: string) => (failure: FormFailure) =>
    render(request, reply, patientId, { refusal: failure.message ?? pageContext(request, reply).t('tasks.form_refused') }, failure.status);

  app.get('/staff/patients/:id/tasks', { config: work, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const done = (request.query as Record<string, unknown>).done;
    return render(request, reply, id, { notice: TASK_NOTICES.find((n) => n === done) });
  });

  app.post('/staff/patients/:id/tasks', { config: work, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const ctx = serviceContext(request);
    staffOnly(ctx);
    return handleForm(
      request,
      reply,
      createForm,
      async (data) => {
        await createTask(db, ctx, id, { ...data, details: data.details || undefined, dueAt: dueInstant(ctx, data.dueAt) });
        return back(id, 'created');
      },
      (failure) =>
        render(request, reply, id, { form: { errors: failure.errors, values: failure.values, message: failure.message } }, failure.status),
    );
  });

  // The three changes to an open task share one shape: the form, the service, the notice on return.
  const changes = [
    {
      verb: 'complete',
      form: z.object({}),
      act: (ctx: ServiceContext, taskId: string) => completeTask(db, ctx, taskId),
      notice: 'completed',
    },
    {
      verb: 'cancel',
      form: cancelForm,
      act: (ctx: ServiceContext, taskId: string, data: z.output<typeof cancelForm>) => cancelTask(db, ctx, taskId, data.reason),
      notice: 'cancelled',
    },
    {
      verb: 'reassign',
      form: reassignForm,
      act: (ctx: ServiceContext, taskId: string, data: z.output<typeof reassignForm>) =>
        reassignTask(db, ctx, taskId, { assigneeStaffId: data.assigneeStaffId, note: data.note || undefined }),
      notice: 'reassigned',
    },
  ] as const;
  for (const change of changes) {
    app.post(
      `/staff/patients/:id/tasks/:taskId/${change.verb}`,
      { config: work, schema: { ...page, params: taskParams } },
      async (request, reply) => {
        const { id, taskId } = request.params as { id: string; taskId: string };
        const ctx = serviceContext(request);
        staffOnly(ctx);
        return handleForm(
          request,
          reply,
          change.form as z.ZodType,
          async (data) => {
            // The task's own patient: the service checked the viewer's access to that one.
            const task = await (change.act as (c: ServiceContext, id: string, d: unknown) => Promise<{ patient: { id: string } }>)(
              ctx,
              taskId,
              data,
            );
            return back(task.patient.id, change.notice);
          },
          refused(request, reply, id),
        );
      },
    );
  }
}
