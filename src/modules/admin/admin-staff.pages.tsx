import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { expectedVersion } from '../../platform/http/api-helpers.js';
import { serviceContext, userActor } from '../../platform/http/context.js';
import { formVersion, normaliseForm, parseForm } from '../../platform/http/forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { listStaffAccounts, listDepartments, listSpecialties } from '../staff/index.js';
import { inviteStaffFormSchema, updateStaffFormSchema } from './admin.forms.js';
import { idParamsSchema, staffAccountListQuerySchema } from './admin.schemas.js';
import { disableStaff, enableStaff, updateStaffAccount } from './services/manage-staff.service.js';
import { resetStaffMfa } from './services/reset-mfa.service.js';
import { requireStaffAccount, toStaffAccountDto } from './services/staff-account-view.js';
import { inviteStaff, resendInvitation } from './services/staff-invitations.service.js';
import { AdminStaffDetailPage, staffFormValuesOf } from './views/staff-detail.js';
import { formValues } from './views/staff-form.js';
import { InviteStaffPage } from './views/staff-invite.js';
import { AdminStaffListPage } from './views/staff-list.js';
import { doneMessage, type DoneMessage } from './views/status-badges.js';

const config = { permission: 'admin.staff' } as const;

function staffIdOf(request: FastifyRequest): string {
  const parsed = idParamsSchema.safeParse(request.params);
  if (!parsed.success) throw new AppError('not_found', 'The staff member was not found.');
  return parsed.data.id;
}

export function registerAdminStaffPages(app: FastifyInstance): void {
  registerStaffListAndNewPages(app);
  registerStaffDetailPages(app);
}

/** The staff list and the new-staff form. */
function registerStaffListAndNewPages(app: FastifyInstance): void {
  const { db, config: appConfig } = app.deps;
  const reference = () => Promise.all([listDepartments(db), listSpecialties(db)]);

  app.get('/admin/staff', { config, schema: { hide: true } }, async (request, reply) => {
    const raw = normaliseForm(request.query);
    const parsed = staffAccountListQuerySchema.safeParse(raw);
    const query = parsed.success ? parsed.data : staffAccountListQuerySchema.parse({});
    const page = await listStaffAccounts(db, query);
    const filters = { query: query.query, role: query.role, status: query.status };
    const next = page.nextCursor
      ? `/admin/staff?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === 'string')), cursor: page.nextCursor })}`
      : null;
    return sendPage(
      reply,
      <AdminStaffListPage ctx={pageContext(request, reply)} filters={filters} items={page.items.map(toStaffAccountDto)} nextHref={next} />,
      parsed.success ? 200 : 400,
    );
  });

  app.get('/admin/staff/new', { config, schema: { hide: true } }, async (request, reply) => {
    const [departments, specialties] = await reference();
    return sendPage(
      reply,
      <InviteStaffPage
        ctx={pageContext(request, reply)}
        values={{ role: 'doctor' }}
        errors={[]}
        departments={departments}
        specialties={specialties}
      />,
    );
  });

  app.post('/admin/staff/new', { config, schema: { hide: true } }, async (request, reply) => {
    const form = parseForm(inviteStaffFormSchema, request.body);
    const rerender = async (errors: { path: string; message: string }[], status: number, problem?: string) => {
      const [departments, specialties] = await reference();
      const values = formValues(normaliseForm(request.body));
      return sendPage(
        reply,
        <InviteStaffPage
          ctx={pageContext(request, reply)}
          values={values}
          errors={errors}
          departments={departments}
          specialties={specialties}
          problem={problem}
        />,
        status,
      );
    };
    if (!form.ok) return rerender(form.errors, 400);
    try {
      const account = await inviteStaff(db, serviceContext(request), form.data, appConfig.publicUrl);
      return reply.redirect(`/admin/staff/${account.id}?done=invited`, 303);
    } catch (error) {
      if (error instanceof AppError && error.status === 409) return rerender([{ path: 'email', message: error.detail }], 409, error.detail);
      if (error instanceof AppError && error.status === 404)
        return rerender([{ path: 'departmentId', message: error.detail }], 400, error.detail);
      throw error;
    }
  });
}

/** One staff member: details, and disable, enable, reset second factor, resend invitation. */
function registerStaffDetailPages(app: FastifyInstance): void {
  const { db, config: appConfig } = app.deps;
  const reference = () => Promise.all([listDepartments(db), listSpecialties(db)]);

  const renderDetail = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      errors?: { path: string; message: string }[];
      status?: number;
      done?: DoneMessage;
      rawValues?: Record<string, unknown>;
    } = {},
  ) => {
    const account = toStaffAccountDto(await requireStaffAccount(db, staffIdOf(request)));
    const [departments, specialties] = await reference();
    const values = options.rawValues ? formValues(options.rawValues) : staffFormValuesOf(account);
    return sendPage(
      reply,
      <AdminStaffDetailPage
        ctx={pageContext(request, reply)}
        account={account}
        values={values}
        errors={options.errors ?? []}
        departments={departments}
        specialties={specialties}
        done={options.done}
        isSelf={account.userId === userActor(request).userId}
      />,
      options.status ?? 200,
    );
  };

  app.get('/admin/staff/:id', { config, schema: { hide: true } }, async (request, reply) =>
    renderDetail(request, reply, { done: doneMessage((request.query as Record<string, unknown>).done) }),
  );

  app.post('/admin/staff/:id', { config, schema: { hide: true } }, async (request, reply) => {
    const staffId = staffIdOf(request);
    const form = parseForm(updateStaffFormSchema, request.body);
    if (!form.ok) return renderDetail(request, reply, { errors: form.errors, status: 400, rawValues: form.values });
    await updateStaffAccount(db, serviceContext(request), staffId, form.data, expectedVersion(request, formVersion(request.body)));
    return reply.redirect(`/admin/staff/${staffId}?done=saved`, 303);
  });

  const action = (path: string, done: DoneMessage, run: typeof disableStaff) =>
    app.post(`/admin/staff/:id/${path}`, { config, schema: { hide: true } }, async (request, reply) => {
      const staffId = staffIdOf(request);
      await run(db, serviceContext(request), staffId);
      return reply.redirect(`/admin/staff/${staffId}?done=${done}`, 303);
    });
  action('disable', 'disabled', disableStaff);
  action('enable', 'enabled', enableStaff);
  action('reset-mfa', 'mfa_reset', (d, ctx, id) => resetStaffMfa(d, ctx, id, appConfig.publicUrl));
  action('resend-invitation', 'invitation_sent', (d, ctx, id) => resendInvitation(d, ctx, id, appConfig.publicUrl));
}
