import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { serviceContext } from '../../../platform/http/context.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { queueQuerySchema } from './queues.schemas.js';
import { listOverdueInvoices, listUnbilledVisits, listUnpricedEvents } from './queues.service.js';
import { OverdueInvoicesPage, UnbilledVisitsPage, UnpricedEventsPage } from './views/work-queues.js';

const manage = { permission: 'billing.manage' } as const;
const schema = {
  hide: true,
  querystring: queueQuerySchema.extend({ limit: z.coerce.number().int().min(1).max(100).default(50) }),
} as const;

/** Billing's work queues as pages, linked from /staff/billing. */
export function registerQueuePages(app: FastifyInstance): void {
  const { db } = app.deps;
  const queryOf = (request: { query: unknown }) => schema.querystring.parse(request.query);
  app.get('/staff/billing/queues/unbilled-visits', { config: manage, schema }, async (request, reply) => {
    const page = await listUnbilledVisits(db, serviceContext(request), queryOf(request));
    return sendPage(reply, <UnbilledVisitsPage ctx={pageContext(request, reply)} page={page} />);
  });
  app.get('/staff/billing/queues/unpriced', { config: manage, schema }, async (request, reply) => {
    const page = await listUnpricedEvents(db, serviceContext(request), queryOf(request));
    return sendPage(reply, <UnpricedEventsPage ctx={pageContext(request, reply)} page={page} />);
  });
  app.get('/staff/billing/queues/overdue', { config: manage, schema }, async (request, reply) => {
    const page = await listOverdueInvoices(db, serviceContext(request), queryOf(request));
    return sendPage(reply, <OverdueInvoicesPage ctx={pageContext(request, reply)} page={page} />);
  });
}
