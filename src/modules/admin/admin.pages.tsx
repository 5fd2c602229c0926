import type { NextPageForm } from '../../platform/views/components.js';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { serviceContext } from '../../platform/http/context.js';
import { normaliseForm, parseForm } from '../../platform/http/forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { registerHl7InboundPages } from './admin-hl7.pages.js';
import { createApiKeyFormSchema } from './admin.forms.js';
import {
  AUDIT_FILTER_NAMES,
  auditExportQuerySchema,
  auditQuerySchema,
  idParamsSchema,
  outboxQuerySchema,
  type ChainVerificationDto,
} from './admin.schemas.js';
import { createApiKey, listApiKeys, revokeApiKey } from './services/api-keys.service.js';
import { exportAuditCsv, searchAuditTrail, verifyAuditTrail } from './services/audit-trail.service.js';
import { getOutboxMessage, listOutbox, retryOutboxMessage } from './services/outbox-admin.service.js';
import { ApiKeysPage } from './views/api-keys.js';
import { AuditTrailPage } from './views/audit-trail.js';
import { auditActionLabel } from '../../platform/audit/audit-actions.js';
import { OutboxMessagePage, OutboxPage } from './views/outbox.js';
import { doneMessage } from './views/status-badges.js';

function idOf(request: FastifyRequest): string {
  const parsed = idParamsSchema.safeParse(request.params);
  if (!parsed.success) throw new AppError('not_found', 'There is nothing at this address.');
  return parsed.data.id;
}

/** Filter values as strings, for the form and the next-page link. */
function stringFilters(values: Record<string, unknown>, keys: string[]): Record<string, string | undefined> {
  return Object.fromEntries(keys.map((k) => [k, typeof values[k] === 'string' ? values[k] : undefined]));
}

function nextHref(path: string, filters: Record<string, string | undefined>, cursor: string | null): string | null {
  if (!cursor) return null;
  const params = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === 'string'));
  params.set('cursor', cursor);
  return `${path}?${params.toString()}`;
}

/** The next page of a POSTed search: its filters (names among them) go back in the body, not in a link. */
function nextForm(action: string, filters: Record<string, string | undefined>, cursor: string | null): NextPageForm | null {
  if (!cursor) return null;
  const fields = Object.fromEntries(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return { action, fields: { ...fields, cursor } };
}

export function registerAdminPages(app: FastifyInstance): void {
  registerAuditPages(app);
  registerApiKeyPages(app);
  registerOutboxPages(app);
  registerHl7InboundPages(app);
}

/** A POSTed form's fields without the CSRF token and form key. */
function withoutFormControls(body: unknown): Record<string, unknown> {
  const { _csrf: _c, _idempotency: _i, ...fields } = (body ?? {}) as Record<string, unknown>;
  return fields;
}

/** The audit log and its chain verification. */
function registerAuditPages(app: FastifyInstance): void {
  const { db } = app.deps;

  const renderAudit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    query: Record<string, unknown>,
    verification?: ChainVerificationDto,
  ) => {
    const raw = normaliseForm(query);
    const filters = stringFilters(raw, [...AUDIT_FILTER_NAMES]);
    const parsed = auditQuerySchema.safeParse(raw);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(form)', message: i.message }));
      return sendPage(
        reply,
        <AuditTrailPage
          ctx={pageContext(request, reply)}
          filters={filters}
          errors={errors}
          items={[]}
          nextForm={null}
          verification={verification}
        />,
        400,
      );
    }
    const page = await searchAuditTrail(db, serviceContext(request), parsed.data);
    return sendPage(
      reply,
      <AuditTrailPage
        ctx={pageContext(request, reply)}
        filters={filters}
        errors={[]}
        items={page.items}
        nextForm={nextForm('/admin/audit', filters, page.nextCursor)}
        verification={verification}
      />,
    );
  };

  // The filter form is POSTed: a person's or a patient's name never appears in a URL. GET serves
  // the page and the id filters other pages link to (`?actor=<id>`, `?patient=<id>`).
  app.get('/admin/audit', { config: { permission: 'audit.review' }, schema: { hide: true } }, async (request, reply) =>
    renderAudit(request, reply, request.query as Record<string, unknown>),
  );
  app.post('/admin/audit', { config: { permission: 'audit.review' }, schema: { hide: true } }, async (request, reply) =>
    renderAudit(request, reply, withoutFormControls(request.body)),
  );

  // The CSV of a period, streamed batch by batch (see exportAuditCsv). Errors (a missing period)
  // come back as the audit page with the fields marked.
  const exportCsv = async (request: FastifyRequest, reply: FastifyReply, input: Record<string, unknown>) => {
    const raw = normaliseForm(input);
    const parsed = auditExportQuerySchema.safeParse(raw);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(form)', message: i.message }));
      return sendPage(
        reply,
        <AuditTrailPage
          ctx={pageContext(request, reply)}
          filters={stringFilters(raw, [...AUDIT_FILTER_NAMES])}
          errors={errors}
          items={[]}
          nextForm={null}
        />,
        400,
      );
    }
    const ctx = pageContext(request, reply);
    const csv = await exportAuditCsv(db, serviceContext(request), parsed.data, (action) => auditActionLabel(ctx.t, action));
    const period = `${parsed.data.from.slice(0, 10)}_${parsed.data.to.slice(0, 10)}`;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${period}.csv"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(csv));
  };
  app.get('/admin/audit/export.csv', { config: { permission: 'audit.review' }, schema: { hide: true } }, (request, reply) =>
    exportCsv(request, reply, request.query as Record<string, unknown>),
  );
  app.post('/admin/audit/export.csv', { config: { permission: 'audit.review' }, schema: { hide: true } }, (request, reply) =>
    exportCsv(request, reply, withoutFormControls(request.body)),
  );

  // Verifying is harmless to repeat, and its result must not come from a URL anyone could forge:
  // the answer is rendered in the response to the POST itself.
  app.post('/admin/audit/verify', { config: { permission: 'admin.audit' }, schema: { hide: true } }, async (request, reply) => {
    const verification = await verifyAuditTrail(db, serviceContext(request));
    return renderAudit(request, reply, {}, verification);
  });
}

/** API keys: list, create (the key shown once), revoke. */
function registerApiKeyPages(app: FastifyInstance): void {
  const { db, clock } = app.deps;

  const renderKeys = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Partial<Parameters<typeof ApiKeysPage>[0]> = {},
    status = 200,
  ) => {
    const cursor =
      typeof (request.query as Record<string, unknown>).cursor === 'string'
        ? ((request.query as Record<string, unknown>).cursor as string)
        : undefined;
    const page = await listApiKeys(db, { limit: 50, cursor: request.method === 'GET' ? cursor : undefined }, clock());
    return sendPage(
      reply,
      <ApiKeysPage
        ctx={pageContext(request, reply)}
        items={page.items}
        nextHref={nextHref('/admin/api-keys', {}, page.nextCursor)}
        errors={extra.errors ?? []}
        values={extra.values ?? {}}
        created={extra.created}
        done={extra.done}
      />,
      status,
    );
  };

  app.get('/admin/api-keys', { config: { permission: 'admin.api-keys' }, schema: { hide: true } }, async (request, reply) =>
    renderKeys(request, reply, { done: doneMessage((request.query as Record<string, unknown>).done) }),
  );

  // The new key is shown in this response only: it never goes into a URL or a redirect.
  app.post('/admin/api-keys', { config: { permission: 'admin.api-keys' }, schema: { hide: true } }, async (request, reply) => {
    const form = parseForm(createApiKeyFormSchema, request.body);
    const raw = normaliseForm(request.body);
    const values = {
      name: raw.name as string | undefined,
      scopes: ([] as string[]).concat((raw.scopes as string | string[] | undefined) ?? []),
      expiresOn: raw.expiresOn as string | undefined,
    };
    if (!form.ok) return renderKeys(request, reply, { errors: form.errors, values }, 400);
    try {
      const created = await createApiKey(db, serviceContext(request), {
        name: form.data.name,
        scopes: form.data.scopes,
        ...(form.data.expiresOn ? { expiresAt: `${form.data.expiresOn}T00:00:00Z` } : {}),
      });
      reply.header('cache-control', 'no-store');
      return renderKeys(request, reply, { created: { name: created.name, key: created.key } });
    } catch (error) {
      if (error instanceof AppError && error.status === 422)
        return renderKeys(request, reply, { errors: [{ path: 'expiresOn', message: error.detail }], values }, 400);
      throw error;
    }
  });

  app.post('/admin/api-keys/:id/revoke', { config: { permission: 'admin.api-keys' }, schema: { hide: true } }, async (request, reply) => {
    await revokeApiKey(db, serviceContext(request), idOf(request));
    return reply.redirect('/admin/api-keys?done=revoked', 303);
  });
}

/** The outbox: messages waiting or failed, one message, and a retry. */
function registerOutboxPages(app: FastifyInstance): void {
  const { db, config } = app.deps;

  app.get('/admin/outbox', { config: { permission: 'admin.outbox' }, schema: { hide: true } }, async (request, reply) => {
    const raw = normaliseForm(request.query);
    const parsed = outboxQuerySchema.safeParse(raw);
    const query = parsed.success ? parsed.data : outboxQuerySchema.parse({});
    const filters = { channel: query.channel, status: query.status };
    const page = await listOutbox(db, serviceContext(request), query, config.demoMode);
    return sendPage(
      reply,
      <OutboxPage
        ctx={pageContext(request, reply)}
        filters={filters}
        items={page.items}
        nextHref={nextHref('/admin/outbox', filters, page.nextCursor)}
        done={doneMessage(raw.done)}
      />,
      parsed.success ? 200 : 400,
    );
  });

  app.get('/admin/outbox/:id', { config: { permission: 'admin.outbox' }, schema: { hide: true } }, async (request, reply) => {
    const message = await getOutboxMessage(db, serviceContext(request), idOf(request), config.demoMode);
    return sendPage(reply, <OutboxMessagePage ctx={pageContext(request, reply)} message={message} publicUrl={config.publicUrl} />);
  });

  app.post('/admin/outbox/:id/retry', { config: { permission: 'admin.outbox' }, schema: { hide: true } }, async (request, reply) => {
    await retryOutboxMessage(db, serviceContext(request), idOf(request), config.demoMode);
    return reply.redirect('/admin/outbox?done=retried', 303);
  });
}
