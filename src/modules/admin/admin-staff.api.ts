import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { serviceContext } from '../../platform/http/context.js';
import { expectedVersion, noStore, setEtag } from '../../platform/http/api-helpers.js';
import { listStaffAccounts } from '../staff/index.js';
import {
  idParamsSchema,
  inviteStaffBodySchema,
  staffAccountListQuerySchema,
  staffAccountListSchema,
  staffAccountSchema,
  updateStaffBodySchema,
} from './admin.schemas.js';
import { disableStaff, enableStaff, updateStaffAccount } from './services/manage-staff.service.js';
import { resetStaffMfa } from './services/reset-mfa.service.js';
import { requireStaffAccount, toStaffAccountDto } from './services/staff-account-view.js';
import { inviteStaff, resendInvitation } from './services/staff-invitations.service.js';

const tags = ['Administration: staff'];
const config = { permission: 'admin.staff' } as const;

/** Staff accounts: invitations, roles and flags, disabling, second-factor resets. */
export function registerAdminStaffApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config: appConfig } = app.deps;

  r.post(
    '/api/v1/admin/staff',
    {
      config,
      schema: {
        tags,
        summary: 'Invite a staff member (account, profile and invitation e-mail)',
        body: inviteStaffBodySchema,
        response: { 201: staffAccountSchema },
      },
    },
    async (request, reply) => {
      const account = await inviteStaff(db, serviceContext(request), request.body, appConfig.publicUrl);
      setEtag(reply, account.version);
      return reply.status(201).send(account);
    },
  );

  r.get(
    '/api/v1/admin/staff',
    {
      config,
      schema: {
        tags,
        summary: 'Staff accounts with e-mail, status and second-factor state',
        querystring: staffAccountListQuerySchema,
        response: { 200: staffAccountListSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const page = await listStaffAccounts(db, request.query);
      return { items: page.items.map(toStaffAccountDto), nextCursor: page.nextCursor };
    },
  );

  r.get(
    '/api/v1/admin/staff/:id',
    { config, schema: { tags, summary: 'One staff account', params: idParamsSchema, response: { 200: staffAccountSchema } } },
    async (request, reply) => {
      const account = toStaffAccountDto(await requireStaffAccount(db, request.params.id));
      noStore(reply);
      setEtag(reply, account.version);
      return account;
    },
  );

  r.patch(
    '/api/v1/admin/staff/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change role, flags, department, specialties, languages or title (audited)',
        params: idParamsSchema,
        body: updateStaffBodySchema,
        response: { 200: staffAccountSchema },
      },
    },
    async (request, reply) => {
      const account = await updateStaffAccount(db, serviceContext(request), request.params.id, request.body, expectedVersion(request));
      setEtag(reply, account.version);
      return account;
    },
  );

  const action = (path: string, summary: string, run: typeof disableStaff) =>
    r.post(
      `/api/v1/admin/staff/:id/${path}`,
      { config, schema: { tags, summary, params: idParamsSchema, response: { 200: staffAccountSchema } } },
      async (request, reply) => {
        const account = await run(db, serviceContext(request), request.params.id);
        setEtag(reply, account.version);
        return account;
      },
    );
  action('disable', 'Disable an account and end all its sessions', disableStaff);
  action('enable', 'Enable a disabled account', enableStaff);
  action('reset-mfa', 'Reset a lost second factor (privacy officers are notified)', (d, ctx, id) =>
    resetStaffMfa(d, ctx, id, appConfig.publicUrl),
  );
  action('resend-invitation', 'Send a new invitation link (the old one stops working)', (d, ctx, id) =>
    resendInvitation(d, ctx, id, appConfig.publicUrl),
  );
}
