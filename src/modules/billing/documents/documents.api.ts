import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { noStore } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import { dayQuery, periodQuery } from '../adjustments/adjustments.forms.js';
import { PAYMENT_KINDS } from '../billing.vocabulary.js';
import { sendFile } from './send-file.js';
import type { HospitalDetails } from './hospital-details.js';
import { exportInvoicePdf } from './invoice-pdf.service.js';
import { reportDay, statementPeriod } from './period.js';
import { getReconciliation, reconciliationCsv } from './reconciliation.service.js';
import { exportStatementPdf } from './statement-export.service.js';
import { getStatement } from './statement.service.js';

const tags = ['Billing'];
const manage = { permission: 'billing.manage' } as const;
const own = { permission: 'billing.own' } as const;
const params = z.object({ id: z.uuid() }).strict();
const pdf = { 200: z.string().describe('application/pdf') };

const statementSchema = z.object({
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
  from: z.iso.date(),
  to: z.iso.date(),
  timeZone: z.string(),
  currency: z.string().nullable(),
  openingMinor: z.number().int(),
  closingMinor: z.number().int(),
  entries: z.array(
    z.object({
      at: z.iso.datetime({ offset: true }),
      kind: z.enum(['invoice', 'void', 'credit_note', 'adjustment', 'payment', 'refund']),
      reference: z.string(),
      invoiceId: z.uuid(),
      amountMinor: z.number().int(),
      balanceMinor: z.number().int(),
    }),
  ),
});

const reconciliationSchema = z.object({
  day: z.iso.date(),
  timeZone: z.string(),
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
  byMethod: z.array(
    z.object({
      method: z.string(),
      currency: z.string(),
      payments: z.number().int(),
      paymentsMinor: z.number().int(),
      refunds: z.number().int(),
      refundsMinor: z.number().int(),
      netMinor: z.number().int(),
    }),
  ),
  totals: z.array(
    z.object({ currency: z.string(), paymentsMinor: z.number().int(), refundsMinor: z.number().int(), netMinor: z.number().int() }),
  ),
  items: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(PAYMENT_KINDS),
      method: z.string(),
      amountMinor: z.number().int(),
      currency: z.string(),
      reference: z.string().nullable(),
      receivedAt: z.iso.datetime({ offset: true }),
      invoiceId: z.uuid(),
      invoiceNumber: z.string().nullable(),
    }),
  ),
});

/** The documents' API (docs/billing.md): invoice PDFs, statements, the day's reconciliation. */
export function registerDocumentsApi(app: FastifyInstance, hospital: HospitalDetails): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.deps;

  r.get(
    '/api/v1/invoices/:id/pdf',
    { config: manage, schema: { tags, summary: 'An issued invoice as a PDF (the hospital’s details; any script)', params, response: pdf } },
    async (request, reply) =>
      sendFile(reply, await exportInvoicePdf(db, serviceContext(request), request.params.id, hospital), 'application/pdf'),
  );
  r.get(
    '/api/v1/me/invoices/:id/pdf',
    { config: own, schema: { tags, summary: 'One of my issued invoices as a PDF (another patient’s is 404)', params, response: pdf } },
    async (request, reply) =>
      sendFile(reply, await exportInvoicePdf(db, serviceContext(request), request.params.id, hospital), 'application/pdf'),
  );
  r.get(
    '/api/v1/patients/:id/statement',
    {
      config: manage,
      schema: {
        tags,
        summary: 'A patient’s statement: invoices, credit notes, adjustments, payments and refunds in a period with the running balance',
        params,
        querystring: periodQuery,
        response: { 200: statementSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const ctx = serviceContext(request);
      return getStatement(db, ctx, request.params.id, statementPeriod(request.query, ctx.now));
    },
  );
  r.get(
    '/api/v1/patients/:id/statement/pdf',
    { config: manage, schema: { tags, summary: 'A patient’s statement as a PDF', params, querystring: periodQuery, response: pdf } },
    async (request, reply) => {
      const ctx = serviceContext(request);
      return sendFile(
        reply,
        await exportStatementPdf(db, ctx, request.params.id, statementPeriod(request.query, ctx.now), {
          hospital,
          billingCurrency: config.billingCurrency,
        }),
        'application/pdf',
      );
    },
  );
  r.get(
    '/api/v1/billing/reconciliation',
    {
      config: manage,
      schema: {
        tags,
        summary: 'The day’s payments and refunds by method (the day in the hospital’s zone; today by default)',
        querystring: dayQuery,
        response: { 200: reconciliationSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const ctx = serviceContext(request);
      return getReconciliation(db, ctx, reportDay(request.query.day, ctx.now));
    },
  );
  r.get(
    '/api/v1/billing/reconciliation.csv',
    {
      config: manage,
      schema: {
        tags,
        summary: 'The day’s reconciliation as CSV',
        querystring: dayQuery,
        response: { 200: z.string().describe('text/csv') },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request);
      const day = reportDay(request.query.day, ctx.now);
      const report = await getReconciliation(db, ctx, day, 'billing.reconciliation.export');
      return sendFile(
        reply,
        { filename: `reconciliation-${day}.csv`, body: new TextEncoder().encode(reconciliationCsv(report)) },
        'text/csv; charset=utf-8',
      );
    },
  );
}
