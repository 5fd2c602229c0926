import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { FieldError } from '../../../platform/errors.js';
import { noStore } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import { localiseFieldErrors } from '../../../platform/http/forms.js';
import { idempotencyHeaderSchema, idempotentRequestOf, sendStoredResponse } from '../../../platform/http/idempotency.js';
import { handleForm, type FormFailure } from '../../../platform/http/page-forms.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { selectInvoiceById } from '../billing.repository.js';
import { adjustmentForm, ADJUSTMENT_FIELD_MESSAGES, creditNoteForm } from './adjustments.forms.js';
import {
  adjustmentSchema,
  createAdjustmentBodySchema,
  createCreditNoteBodySchema,
  creditNoteSchema,
  invoiceDocumentsSchema,
} from './adjustments.schemas.js';
import { createAdjustment, getInvoiceDocuments } from './adjustments.service.js';
import { createCreditNote } from './credit-notes.service.js';
import { DOCUMENT_NOTICES, InvoiceDocumentsPage, type InvoiceDocumentsPageProps } from './views/invoice-documents.js';

const page = { hide: true } as const;
const manage = { permission: 'billing.manage' } as const;
const idParams = z.object({ id: z.uuid() });
const tags = ['Billing'];

/** Credit notes and adjustments (docs/billing.md): billing staff only, pages and API. */
export function registerAdjustments(app: FastifyInstance): void {
  registerAdjustmentPages(app);
  registerAdjustmentsApi(app);
}

function registerAdjustmentPages(app: FastifyInstance): void {
  const { db } = app.deps;
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    invoiceId: string,
    extra: Partial<InvoiceDocumentsPageProps> = {},
    status = 200,
  ) => {
    const ctx = pageContext(request, reply);
    const localise = (errors?: FieldError[]) =>
      errors &&
      localiseFieldErrors(errors, ADJUSTMENT_FIELD_MESSAGES, ctx.t).map((e) =>
        e.path.startsWith('line_') ? { ...e, message: ctx.t('billing.field_amount_invalid') } : e,
      );
    const docs = await getInvoiceDocuments(db, serviceContext(request), invoiceId);
    const props = { ...extra, creditErrors: localise(extra.creditErrors), adjustmentErrors: localise(extra.adjustmentErrors) };
    return sendPage(reply, <InvoiceDocumentsPage ctx={ctx} docs={docs} {...props} />, status);
  };
  const done = (id: string, notice: string) => `/staff/billing/invoices/${id}/credit-notes?done=${notice}`;

  app.get('/staff/billing/invoices/:id/credit-notes', { config: manage, schema: { ...page, params: idParams } }, async (request, reply) => {
    const notice = DOCUMENT_NOTICES.find((n) => n === (request.query as Record<string, unknown>).done);
    return render(request, reply, (request.params as { id: string }).id, { notice });
  });
  app.post(
    '/staff/billing/invoices/:id/credit-notes',
    { config: manage, schema: { ...page, params: idParams } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const invoice = await selectInvoiceById(db, id);
      if (!invoice) return reply.callNotFound();
      return handleForm(
        request,
        reply,
        creditNoteForm(invoice.currency),
        async (data) => (await createCreditNote(db, serviceContext(request), id, data), done(id, 'credited')),
        (failure: FormFailure) => render(request, reply, id, { refusal: failure.message, creditErrors: failure.errors }, failure.status),
      );
    },
  );
  app.post('/staff/billing/adjustments', { config: manage, schema: page }, async (request, reply) => {
    const parsed = z.object({ invoiceId: z.uuid() }).safeParse(request.body);
    const invoice = parsed.success ? await selectInvoiceById(db, parsed.data.invoiceId) : undefined;
    if (!invoice) return reply.callNotFound();
    return handleForm(
      request,
      reply,
      adjustmentForm(invoice.currency),
      async (data) => {
        await createAdjustment(db, serviceContext(request), invoice.id, { kind: data.kind, amountMinor: data.amount, reason: data.reason });
        return done(invoice.id, 'adjusted');
      },
      (failure: FormFailure) =>
        render(request, reply, invoice.id, { refusal: failure.message, adjustmentErrors: failure.errors }, failure.status),
    );
  });
}

function registerAdjustmentsApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const params = idParams.strict();
  r.get(
    '/api/v1/invoices/:id/credit-notes',
    {
      config: manage,
      schema: { tags, summary: 'An invoice with its credit notes and adjustments', params, response: { 200: invoiceDocumentsSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      return getInvoiceDocuments(db, serviceContext(request), request.params.id);
    },
  );
  r.post(
    '/api/v1/invoices/:id/credit-notes',
    {
      config: manage,
      schema: {
        tags,
        summary: 'A credit note for some or all lines of an issued invoice (never more than a line; numbered CN-<year>-NNNNNN, gap-free)',
        params,
        headers: idempotencyHeaderSchema,
        body: createCreditNoteBodySchema,
        response: { 201: creditNoteSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const outcome = await createCreditNote(db, serviceContext(request), request.params.id, request.body, idempotentRequestOf(request));
      if (outcome.replayed) return sendStoredResponse(reply, outcome.response);
      return reply.code(201).send(outcome.body);
    },
  );
  r.post(
    '/api/v1/invoices/:id/adjustments',
    {
      config: manage,
      schema: {
        tags,
        summary: 'An adjustment with a reason (write-off, goodwill, correction): never more than is still owed',
        params,
        headers: idempotencyHeaderSchema,
        body: createAdjustmentBodySchema,
        response: { 201: adjustmentSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const outcome = await createAdjustment(db, serviceContext(request), request.params.id, request.body, idempotentRequestOf(request));
      if (outcome.replayed) return sendStoredResponse(reply, outcome.response);
      return reply.code(201).send(outcome.body);
    },
  );
}
