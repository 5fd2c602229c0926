import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listQuerySchema, noStore } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import {
  apiKeyListSchema,
  apiKeySchema,
  auditListSchema,
  auditQuerySchema,
  chainVerificationSchema,
  createApiKeyBodySchema,
  createdApiKeySchema,
  idParamsSchema,
  outboxListSchema,
  outboxMessageSchema,
  outboxQuerySchema,
} from './admin.schemas.js';
import { createApiKey, getApiKey, listApiKeys, revokeApiKey } from './services/api-keys.service.js';
import { searchAuditTrail, verifyAuditTrail } from './services/audit-trail.service.js';
import { listOutbox, retryOutboxMessage } from './services/outbox-admin.service.js';

/** The audit trail, integration API keys and the outbox. */
export function registerAdminApi(app: FastifyInstance): void {
  registerAuditRoutes(app);
  registerApiKeyRoutes(app);
  registerOutboxRoutes(app);
}

/** The audit log and its chain verification. */
function registerAuditRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  const audit = { tags: ['Administration: audit'] };
  r.get(
    '/api/v1/admin/audit',
    {
      config: { permission: 'audit.review' },
      schema: {
        ...audit,
        summary: 'Search the audit trail, newest first (the search is itself audited)',
        querystring: auditQuerySchema,
        response: { 200: auditListSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return searchAuditTrail(db, serviceContext(request), request.query);
    },
  );
  r.post(
    '/api/v1/admin/audit/verify',
    {
      config: { permission: 'admin.audit' },
      schema: { ...audit, summary: 'Seal pending audit rows and verify the whole hash chain', response: { 200: chainVerificationSchema } },
    },
    async (request) => verifyAuditTrail(db, serviceContext(request)),
  );
}

/** API keys for integrations. */
function registerApiKeyRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = app.deps;

  const keys = { tags: ['Administration: API keys'] };
  r.post(
    '/api/v1/admin/api-keys',
    {
      config: { permission: 'admin.api-keys' },
      schema: {
        ...keys,
        summary: 'Issue an integration API key (shown once, stored hashed)',
        body: createApiKeyBodySchema,
        response: { 201: createdApiKeySchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return reply.status(201).send(await createApiKey(db, serviceContext(request), request.body));
    },
  );
  r.get(
    '/api/v1/admin/api-keys',
    {
      config: { permission: 'admin.api-keys' },
      schema: {
        ...keys,
        summary: 'Integration API keys (never the key itself)',
        querystring: listQuerySchema,
        response: { 200: apiKeyListSchema },
      },
    },
    async (request) => listApiKeys(db, request.query, clock()),
  );
  r.get(
    '/api/v1/admin/api-keys/:id',
    {
      config: { permission: 'admin.api-keys' },
      schema: { ...keys, summary: 'One integration API key', params: idParamsSchema, response: { 200: apiKeySchema } },
    },
    async (request) => getApiKey(db, request.params.id, clock()),
  );
  r.delete(
    '/api/v1/admin/api-keys/:id',
    { config: { permission: 'admin.api-keys' }, schema: { ...keys, summary: 'Revoke an API key', params: idParamsSchema } },
    async (request, reply) => {
      await revokeApiKey(db, serviceContext(request), request.params.id);
      return reply.status(204).send();
    },
  );
}

/** The outbox of messages waiting to be delivered, and retries. */
function registerOutboxRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.deps;

  const outbox = { tags: ['Administration: outbox'] };
  r.get(
    '/api/v1/admin/outbox',
    {
      config: { permission: 'admin.outbox' },
      schema: {
        ...outbox,
        summary: 'Outgoing messages, newest first (text only in demo mode)',
        querystring: outboxQuerySchema,
        response: { 200: outboxListSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return listOutbox(db, serviceContext(request), request.query, config.demoMode);
    },
  );
  r.post(
    '/api/v1/admin/outbox/:id/retry',
    {
      config: { permission: 'admin.outbox' },
      schema: {
        ...outbox,
        summary: 'Queue a failed or dead message again',
        params: idParamsSchema,
        response: { 200: outboxMessageSchema },
      },
    },
    async (request) => retryOutboxMessage(db, serviceContext(request), request.params.id, config.demoMode),
  );
}
