import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { serviceContext } from '../../../platform/http/context.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { dayQuery, periodQuery } from '../adjustments/adjustments.forms.js';
import { registerDocumentsApi } from './documents.api.js';
import { hospitalDetailsFrom } from './hospital-details.js';
import { exportInvoicePdf } from './invoice-pdf.service.js';
import { sendFile } from './send-file.js';
import { reportDay, statementPeriod } from './period.js';
import { getReconciliation, reconciliationCsv } from './reconciliation.service.js';
import { exportStatementPdf } from './statement-export.service.js';
import { getStatement } from './statement.service.js';
import { ReconciliationPage } from './views/reconciliation-page.js';
import { StatementPage } from './views/statement-page.js';

const page = { hide: true } as const;
const manage = { permission: 'billing.manage' } as const;
const own = { permission: 'billing.own' } as const;
const idParams = z.object({ id: z.uuid() });

/**
 * Billing's documents (docs/billing.md "PDF", "Statements", "Reconciliation"): the invoice PDF for
 * staff and the patient, a patient's statement (page and PDF), the day's reconciliation (page and
 * CSV); and their API.
 */
export function registerBillingDocuments(app: FastifyInstance): void {
  const { db, config } = app.deps;
  const hospital = hospitalDetailsFrom(process.env);
  registerDocumentsApi(app, hospital);

  app.get('/staff/billing/invoices/:id/pdf', { config: manage, schema: { ...page, params: idParams } }, async (request, reply) =>
    sendFile(
      reply,
      await exportInvoicePdf(db, serviceContext(request), (request.params as { id: string }).id, hospital),
      'application/pdf',
    ),
  );
  app.get('/portal/bills/:id/pdf', { config: own, schema: { ...page, params: idParams } }, async (request, reply) =>
    sendFile(
      reply,
      await exportInvoicePdf(db, serviceContext(request), (request.params as { id: string }).id, hospital),
      'application/pdf',
    ),
  );

  app.get(
    '/staff/billing/statements/:id',
    { config: manage, schema: { ...page, params: idParams, querystring: periodQuery } },
    async (request, reply) => {
      const ctx = serviceContext(request);
      const period = statementPeriod(request.query as z.infer<typeof periodQuery>, ctx.now);
      const statement = await getStatement(db, ctx, (request.params as { id: string }).id, period);
      return sendPage(reply, <StatementPage ctx={pageContext(request, reply)} statement={statement} currency={config.billingCurrency} />);
    },
  );
  app.get(
    '/staff/billing/statements/:id/pdf',
    { config: manage, schema: { ...page, params: idParams, querystring: periodQuery } },
    async (request, reply) => {
      const ctx = serviceContext(request);
      const period = statementPeriod(request.query as z.infer<typeof periodQuery>, ctx.now);
      const file = await exportStatementPdf(db, ctx, (request.params as { id: string }).id, period, {
        hospital,
        billingCurrency: config.billingCurrency,
      });
      return sendFile(reply, file, 'application/pdf');
    },
  );

  app.get(
    '/staff/billing/reports/reconciliation',
    { config: manage, schema: { ...page, querystring: dayQuery } },
    async (request, reply) => {
      const ctx = serviceContext(request);
      const report = await getReconciliation(db, ctx, reportDay((request.query as z.infer<typeof dayQuery>).day, ctx.now));
      return sendPage(reply, <ReconciliationPage ctx={pageContext(request, reply)} report={report} />);
    },
  );
  app.get(
    '/staff/billing/reports/reconciliation.csv',
    { config: manage, schema: { ...page, querystring: dayQuery } },
    async (request, reply) => {
      const ctx = serviceContext(request);
      const day = reportDay((request.query as z.infer<typeof dayQuery>).day, ctx.now);
      const report = await getReconciliation(db, ctx, day, 'billing.reconciliation.export');
      const body = new TextEncoder().encode(reconciliationCsv(report));
      return sendFile(reply, { filename: `reconciliation-${day}.csv`, body }, 'text/csv; charset=utf-8');
    },
  );
}
