import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { serviceContext } from '../../platform/http/context.js';
import { normaliseForm, parseForm } from '../../platform/http/forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { renderFragment, sendPage } from '../../platform/views/render.js';
import { findStaffById, listDepartments } from '../staff/index.js';
import { alertFormValues, broadcastAlertFormSchema, type AlertFormValues } from './alerts.forms.js';
import { alertIdParamsSchema, alertListQuerySchema, codeBlueBodySchema } from './alerts.schemas.js';
import { isBroadcaster } from './services/alert-access.js';
import { getAlert, listAlerts } from './services/alert-queries.service.js';
import { acknowledgeAlert, resolveAlert } from './services/alert-responses.service.js';
import { broadcastAlert, callCodeBlue, countAudience } from './services/broadcast-alert.service.js';
import { alertDoneMessage, audienceLabel } from './views/alert-badges.js';
import { AcknowledgementLists, AlertDetailPage } from './views/alert-detail.js';
import { AlertFormPage, ConfirmCriticalPage } from './views/alert-form.js';
import { CodeBluePage, codeBlueFormValues, type CodeBlueFormValues } from './views/code-blue-form.js';
import { AlertListPage } from './views/alert-list.js';

function idOf(request: FastifyRequest): string {
  const parsed = alertIdParamsSchema.safeParse(request.params);
  if (!parsed.success) throw new AppError('not_found', 'There is nothing at this address.');
  return parsed.data.id;
}

/** Staff pages: history, the broadcast form (with a confirmation step for critical alerts), details. */
export function registerAlertsPages(app: FastifyInstance): void {
  registerCodeBluePages(app);
  registerAlertListAndBroadcastPages(app);
  registerAlertDetailPages(app);
}

/** The alert list, and the broadcast form with its confirmation step. */
function registerAlertListAndBroadcastPages(app: FastifyInstance): void {
  const { db } = app.deps;

  const renderForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: AlertFormValues,
    errors: { path: string; message: string }[] = [],
    problem?: string,
  ) =>
    sendPage(
      reply,
      <AlertFormPage
        ctx={pageContext(request, reply)}
        values={values}
        errors={errors}
        departments={await listDepartments(db)}
        problem={problem}
      />,
      errors.length || problem ? 400 : 200,
    );

  app.get('/alerts', { config: { permission: 'alerts.read' }, schema: { hide: true } }, async (request, reply) => {
    const raw = normaliseForm(request.query);
    const parsed = alertListQuerySchema.safeParse(raw);
    const query = parsed.success ? parsed.data : alertListQuerySchema.parse({});
    const ctx = serviceContext(request);
    const page = await listAlerts(db, ctx, { ...query, limit: 50 });
    const nextHref = page.nextCursor ? `/alerts?cursor=${encodeURIComponent(page.nextCursor)}` : null;
    return sendPage(
      reply,
      <AlertListPage
        ctx={pageContext(request, reply)}
        items={page.items}
        nextHref={nextHref}
        canBroadcast={isBroadcaster(ctx.actor)}
        done={alertDoneMessage(raw.done)}
      />,
    );
  });

  app.get('/alerts/new', { config: { permission: 'alerts.broadcast' }, schema: { hide: true } }, async (request, reply) =>
    renderForm(request, reply, { channels: [] }),
  );

  // "Change" on the confirmation step: the form again, filled in.
  app.post('/alerts/new/edit', { config: { permission: 'alerts.broadcast' }, schema: { hide: true } }, async (request, reply) =>
    renderForm(request, reply, alertFormValues(normaliseForm(request.body))),
  );

  app.post('/alerts', { config: { permission: 'alerts.broadcast' }, schema: { hide: true } }, async (request, reply) => {
    const raw = normaliseForm(request.body);
    const values = alertFormValues(raw);
    const form = parseForm(broadcastAlertFormSchema, request.body);
    if (!form.ok) return renderForm(request, reply, values, form.errors);
    const ctx = serviceContext(request);
    if (form.data.severity === 'critical' && raw.confirmed !== 'true') {
      const page = pageContext(request, reply);
      const { t } = page;
      const departments = await listDepartments(db);
      const department = departments.find((d) => d.id === form.data.departmentId);
      if (form.data.departmentId && !department)
        return renderForm(request, reply, values, [{ path: 'departmentId', message: t('alerts.unknown_department') }]);
      const recipientCount = await countAudience(db, {
        kind: form.data.audience,
        departmentId: form.data.departmentId,
        role: form.data.role,
      });
      const summary: [string, string][] = [
        [t('alerts.field_type'), t(`alerts.type_${form.data.type}`)],
        [t('alerts.field_severity'), t(`alerts.severity_${form.data.severity}`)],
        [t('alerts.field_message'), form.data.message],
        [t('alerts.field_location'), form.data.location ?? '—'],
        [
          t('alerts.field_audience'),
          audienceLabel(page, { audience: form.data.audience, department: department ?? null, role: form.data.role ?? null }),
        ],
        [t('alerts.field_channels'), [t('alerts.channel_in_app'), ...form.data.channels.map((c) => t(`alerts.channel_${c}`))].join(', ')],
      ];
      return sendPage(reply, <ConfirmCriticalPage ctx={page} values={values} summary={summary} recipientCount={recipientCount} />);
    }
    try {
      const alert = await broadcastAlert(db, ctx, form.data);
      return reply.redirect(`/alerts/${alert.id}?done=sent`, 303);
    } catch (error) {
      if (error instanceof AppError && error.status === 404)
        return renderForm(request, reply, values, [
          { path: 'departmentId', message: pageContext(request, reply).t('alerts.unknown_department') },
        ]);
      if (error instanceof AppError && error.status === 422)
        return renderForm(request, reply, values, [], pageContext(request, reply).t('alerts.empty_audience'));
      throw error;
    }
  });
}

/** The code blue form: any clinician, from the header button of every staff page. */
function registerCodeBluePages(app: FastifyInstance): void {
  const { db, config } = app.deps;

  const renderForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: CodeBlueFormValues,
    errors: { path: string; message: string }[] = [],
    problem?: string,
  ) =>
    sendPage(
      reply,
      <CodeBluePage
        ctx={pageContext(request, reply)}
        values={values}
        errors={errors}
        departments={await listDepartments(db)}
        problem={problem}
      />,
      errors.length || problem ? 400 : 200,
    );

  app.get('/alerts/code-blue', { config: { permission: 'alerts.code-blue' }, schema: { hide: true } }, async (request, reply) => {
    // Filled where known: the caller's own department, by name as the place to start from.
    const { staffId } = serviceContext(request).actor;
    const me = staffId ? await findStaffById(db, staffId) : undefined;
    const department = me?.department ?? null;
    return renderForm(request, reply, { departmentId: department?.id, location: department?.name });
  });

  app.post('/alerts/code-blue', { config: { permission: 'alerts.code-blue' }, schema: { hide: true } }, async (request, reply) => {
    const raw = normaliseForm(request.body);
    const values = codeBlueFormValues(raw);
    const form = parseForm(codeBlueBodySchema, { departmentId: values.departmentId, location: values.location, message: values.message });
    const { t } = pageContext(request, reply);
    if (!form.ok) return renderForm(request, reply, values, form.errors);
    try {
      const alert = await callCodeBlue(db, serviceContext(request), form.data, config.alertsCodeBlueTeamRoles);
      return reply.redirect(`/alerts/${alert.id}?done=sent`, 303);
    } catch (error) {
      if (error instanceof AppError && error.status === 404)
        return renderForm(request, reply, values, [{ path: 'departmentId', message: t('alerts.unknown_department') }]);
      if (error instanceof AppError && error.status === 422) return renderForm(request, reply, values, [], t('alerts.code_blue_no_team'));
      throw error;
    }
  });
}

/** One alert: its acknowledgements (live), acknowledging and resolving. */
function registerAlertDetailPages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get('/alerts/:id', { config: { permission: 'alerts.read' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = serviceContext(request);
    const alert = await getAlert(db, ctx, idOf(request));
    const done = alertDoneMessage((request.query as Record<string, unknown>).done);
    return sendPage(
      reply,
      <AlertDetailPage ctx={pageContext(request, reply)} alert={alert} canResolve={isBroadcaster(ctx.actor)} done={done} />,
    );
  });

  // The acknowledgement lists alone, for the detail page's live refresh (htmx).
  app.get('/alerts/:id/acknowledgements', { config: { permission: 'alerts.read' }, schema: { hide: true } }, async (request, reply) => {
    const alert = await getAlert(db, serviceContext(request), idOf(request));
    if (!alert.acknowledgements) throw new AppError('not_found', 'There is nothing at this address.');
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(renderFragment(<AcknowledgementLists ctx={pageContext(request, reply)} alert={alert} />));
  });

  app.post('/alerts/:id/acknowledge', { config: { permission: 'alerts.read' }, schema: { hide: true } }, async (request, reply) => {
    const id = idOf(request);
    await acknowledgeAlert(db, serviceContext(request), id);
    return reply.redirect(`/alerts/${id}?done=acknowledged`, 303);
  });

  app.post('/alerts/:id/resolve', { config: { permission: 'alerts.broadcast' }, schema: { hide: true } }, async (request, reply) => {
    const id = idOf(request);
    await resolveAlert(db, serviceContext(request), id);
    return reply.redirect(`/alerts/${id}?done=resolved`, 303);
  });
}
