import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { noStore } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import { overduePageSchema, queueQuerySchema, unbilledVisitsPageSchema, unpricedPageSchema } from './queues.schemas.js';
import { listOverdueInvoices, listUnbilledVisits, listUnpricedEvents } from './queues.service.js';

const manage = { permission: 'billing.manage' } as const;
const tags = ['Billing'];

/** Billing's work queues (docs/billing.md "Work queues"), a keyset page at a time. */
export function registerQueuesApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  r.get(
    '/api/v1/billing/queues/unbilled-visits',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Completed visits whose charge is on no invoice after some days, oldest first',
        querystring: queueQuerySchema,
        response: { 200: unbilledVisitsPageSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return listUnbilledVisits(db, serviceContext(request), request.query);
    },
  );
  r.get(
    '/api/v1/billing/queues/unpriced',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Captured lab tests, dispenses and procedures the price list could not price, oldest first',
        querystring: queueQuerySchema,
        response: { 200: unpricedPageSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return listUnpricedEvents(db, serviceContext(request), request.query);
    },
  );
  r.get(
    '/api/v1/billing/queues/overdue',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Issued invoices not fully paid after their due day, longest overdue first',
        querystring: queueQuerySchema,
        response: { 200: overduePageSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return listOverdueInvoices(db, serviceContext(request), request.query);
    },
  );
}
