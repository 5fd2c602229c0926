import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, type FieldError } from '../../../platform/errors.js';
import { serviceContext } from '../../../platform/http/context.js';
import { parseForm } from '../../../platform/http/forms.js';
import { formRefusal } from '../../../platform/http/page-forms.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { listStaffDirectory } from '../../staff/index.js';
import { exceptionFormSchema, ruleFormSchema } from './availability.forms.js';
import { listRooms, listVisitTypes } from './services/availability.service.js';
import {
  addAvailabilityException,
  addAvailabilityRule,
  getAvailabilityOverview,
  removeAvailabilityException,
  removeAvailabilityRule,
} from './services/manage-availability.service.js';
import { AvailabilityEditorPage } from './views/availability-editor.js';

const staffQuery = z.object({ staffId: z.uuid().optional() });
const ruleParams = z.object({ ruleId: z.uuid() });
const exceptionParams = z.object({ exceptionId: z.uuid() });

interface Failure {
  form: 'rule' | 'exception';
  status: number;
  errors: FieldError[];
  values: Record<string, unknown>;
  message?: string;
}

/** Refusals a person can fix on the page (bad field, overlap, stale form); anything else is an error page. */
const RECOVERABLE = new Set([400, 409, 412, 422]);

/** The clinician's availability editor: `/staff/availability` (yours), `?staffId=` for administrators. */
export function registerAvailabilityPages(app: FastifyInstance): void {
  const { db } = app.deps;

  const targetStaffId = (request: FastifyRequest): string => {
    const { staffId } = request.query as { staffId?: string };
    const ctx = serviceContext(request);
    const id = staffId ?? ctx.actor.staffId;
    if (!id) throw new AppError('not_found', 'You have no staff profile, so there are no working hours to edit.');
    return id;
  };
  const editorUrl = (staffId: string) => `/staff/availability?staffId=${staffId}`;

  async function render(request: FastifyRequest, reply: FastifyReply, failure?: Failure) {
    const ctx = serviceContext(request);
    const overview = await getAvailabilityOverview(db, ctx, targetStaffId(request));
    const [visitTypes, rooms] = await Promise.all([listVisitTypes(db), listRooms(db)]);
    const staffChoices =
      ctx.actor.role === 'admin'
        ? (await listStaffDirectory(db, { limit: 100 })).items.filter((s) => s.role !== 'patient').map((s) => ({ id: s.id, name: s.name }))
        : null;
    return sendPage(
      reply,
      <AvailabilityEditorPage
        ctx={pageContext(request, reply)}
        overview={overview}
        visitTypes={visitTypes}
        rooms={rooms}
        staffChoices={staffChoices}
        failedForm={failure?.form}
        errors={failure?.errors ?? []}
        values={failure?.values ?? {}}
        message={failure?.message}
      />,
      failure?.status ?? 200,
    );
  }

  /** Validate, act, 303 back to the editor; or re-render it with the errors beside the failed form. */
  async function handle<S extends z.ZodType>(
    request: FastifyRequest,
    reply: FastifyReply,
    form: Failure['form'],
    schema: S,
    act: (data: z.output<S>) => Promise<void>,
  ) {
    const staffId = targetStaffId(request);
    const parsed = parseForm(schema, request.body);
    if (!parsed.ok) return render(request, reply, { form, status: 400, errors: parsed.errors, values: parsed.values });
    try {
      await act(parsed.data);
    } catch (error) {
      const refusal = formRefusal(request, error, RECOVERABLE);
      if (refusal) return render(request, reply, { form, ...refusal });
      throw error;
    }
    return reply.redirect(editorUrl(staffId), 303);
  }

  const config = { permission: 'availability.manage' as const };

  app.get('/staff/availability', { config, schema: { hide: true, querystring: staffQuery } }, async (request, reply) =>
    render(request, reply),
  );

  app.post('/staff/availability/rules', { config, schema: { hide: true, querystring: staffQuery } }, async (request, reply) =>
    handle(request, reply, 'rule', ruleFormSchema, async (data) => {
      await addAvailabilityRule(db, serviceContext(request), targetStaffId(request), data);
    }),
  );

  app.post(
    '/staff/availability/rules/:ruleId/remove',
    { config, schema: { hide: true, params: ruleParams, querystring: staffQuery } },
    async (request, reply) =>
      handle(request, reply, 'rule', z.object({}), async () => {
        await removeAvailabilityRule(
          db,
          serviceContext(request),
          targetStaffId(request),
          (request.params as { ruleId: string }).ruleId,
          undefined,
        );
      }),
  );

  app.post('/staff/availability/exceptions', { config, schema: { hide: true, querystring: staffQuery } }, async (request, reply) => {
    const ctx = serviceContext(request);
    const { timeZone } = await getAvailabilityOverview(db, ctx, targetStaffId(request));
    return handle(request, reply, 'exception', exceptionFormSchema(timeZone), async (data) => {
      await addAvailabilityException(db, ctx, targetStaffId(request), data);
    });
  });

  app.post(
    '/staff/availability/exceptions/:exceptionId/remove',
    { config, schema: { hide: true, params: exceptionParams, querystring: staffQuery } },
    async (request, reply) =>
      handle(request, reply, 'exception', z.object({}), async () => {
        await removeAvailabilityException(
          db,
          serviceContext(request),
          targetStaffId(request),
          (request.params as { exceptionId: string }).exceptionId,
        );
      }),
  );
}
