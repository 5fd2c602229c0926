import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { serviceContext } from '../../platform/http/context.js';
import { noStore } from '../../platform/http/api-helpers.js';
import { changeEmailBody, changePasswordBody, idParams, sessionListResponse, noContent, statusResponse } from './identity.schemas.js';
import { listMySessions, requestEmailChange, revokeMySession } from './services/account.service.js';
import { changePassword } from './services/password.service.js';

const tags = ['Accounts and authentication'];

/** The signed-in person's own credentials and sessions. */
export function registerIdentityAccountApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  r.post(
    '/api/v1/auth/password',
    {
      config: { permission: 'account' },
      schema: {
        tags,
        summary: 'Change the password (other sessions end)',
        body: changePasswordBody,
        response: { 200: statusResponse('password_changed') },
      },
    },
    async (request) => {
      await changePassword(deps, serviceContext(request), request.body);
      return { status: 'password_changed' as const };
    },
  );

  r.post(
    '/api/v1/auth/email',
    {
      config: { permission: 'account' },
      schema: {
        tags,
        summary: 'Change the e-mail address (takes effect once the new address is confirmed)',
        body: changeEmailBody,
        response: { 200: statusResponse('pending_verification') },
      },
    },
    async (request) => {
      await requestEmailChange(deps, serviceContext(request), request.body);
      return { status: 'pending_verification' as const };
    },
  );

  r.get(
    '/api/v1/auth/sessions',
    {
      config: { permission: 'account' },
      schema: { tags, summary: 'Your live sessions (device, IP, last use)', response: { 200: sessionListResponse } },
    },
    async (request, reply) => {
      noStore(reply);
      const sessions = await listMySessions(deps, serviceContext(request));
      return {
        items: sessions.map((s) => ({
          ...s,
          createdAt: s.createdAt.toISOString(),
          lastSeenAt: s.lastSeenAt.toISOString(),
          expiresAt: s.expiresAt.toISOString(),
        })),
        nextCursor: null,
      };
    },
  );

  r.delete(
    '/api/v1/auth/sessions/:id',
    {
      config: { permission: 'account' },
      schema: { tags, summary: 'Revoke one of your sessions', params: idParams, response: { 204: noContent } },
    },
    async (request, reply) => {
      await revokeMySession(deps, serviceContext(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
