import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { HL7_INBOUND_STATUSES } from '../../platform/hl7/index.js';
import { listQuerySchema } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import { normaliseForm } from '../../platform/http/forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { idParamsSchema } from './admin.schemas.js';
import { getInboundHl7Message, listInboundHl7Messages } from './services/hl7-inbound-admin.service.js';
import { Hl7InboundListPage, Hl7InboundMessagePage } from './views/hl7-inbound.js';

const hl7InboundQuerySchema = listQuerySchema.extend({ status: z.enum(HL7_INBOUND_STATUSES).optional() });

/** Inbound HL7 messages by status, and one message with its reason and parsed content (docs/integration.md). */
export function registerHl7InboundPages(app: FastifyInstance): void {
  const { db, encryptor } = app.deps;

  app.get('/admin/hl7-inbound', { config: { permission: 'admin.integrations' }, schema: { hide: true } }, async (request, reply) => {
    const parsed = hl7InboundQuerySchema.safeParse(normaliseForm(request.query));
    const query = parsed.success ? parsed.data : hl7InboundQuerySchema.parse({});
    const page = await listInboundHl7Messages(db, serviceContext(request), query);
    const next = page.nextCursor
      ? `/admin/hl7-inbound?${new URLSearchParams({ ...(query.status ? { status: query.status } : {}), cursor: page.nextCursor }).toString()}`
      : null;
    return sendPage(
      reply,
      <Hl7InboundListPage ctx={pageContext(request, reply)} status={query.status} items={page.items} nextHref={next} />,
      parsed.success ? 200 : 400,
    );
  });

  app.get('/admin/hl7-inbound/:id', { config: { permission: 'admin.integrations' }, schema: { hide: true } }, async (request, reply) => {
    const message = await getInboundHl7Message(db, encryptor, serviceContext(request), idOf(request));
    return sendPage(reply, <Hl7InboundMessagePage ctx={pageContext(request, reply)} message={message} />);
  });
}

function idOf(request: FastifyRequest): string {
  const parsed = idParamsSchema.safeParse(request.params);
  if (!parsed.success) throw new AppError('not_found', 'There is nothing at this address.');
  return parsed.data.id;
}
