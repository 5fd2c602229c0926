import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { noStore } from '../../platform/http/api-helpers.js';
import { idempotencyHeaderSchema, idempotentRequestOf, sendStoredResponse } from '../../platform/http/idempotency.js';
import { serviceContext } from '../../platform/http/context.js';
import { patientParamsSchema } from '../patients/index.js';
import {
  cancelChargeBodySchema,
  chargeIdParamsSchema,
  chargeItemListSchema,
  chargeItemSchema,
  chargeSchema,
  createChargeBodySchema,
  createChargeItemBodySchema,
  createInvoiceBodySchema,
  invoiceIdParamsSchema,
  invoiceListSchema,
  invoiceSchema,
  invoiceSummarySchema,
  patientBillingSchema,
  paymentIdParamsSchema,
  paymentSchema,
  recordPaymentBodySchema,
  refundBodySchema,
  voidInvoiceBodySchema,
} from './billing.schemas.js';
import { getBillingQueues, getInvoice, getPatientBilling, listMyInvoices } from './services/billing-queries.service.js';
import { addChargeItem, listChargeItems } from './services/catalogue.service.js';
import { addManualCharge, cancelCharge } from './services/charges.service.js';
import { createDraftInvoice, discardDraftInvoice, issueInvoice, voidInvoice } from './services/invoices.service.js';
import { onlinePaymentProvider } from './online-payments/online-payments.register.js';
import { recordPayment, refundPayment } from './services/payments.service.js';
import { paymentTermsDays } from './capture/payment-terms.js';

const manage = { permission: 'billing.manage' } as const;
const own = { permission: 'billing.own' } as const;

const queuesSchema = z.object({
  unbilled: z.array(
    z.object({
      patientId: z.uuid(),
      givenName: z.string(),
      familyName: z.string(),
      mrn: z.string(),
      charges: z.number().int(),
      oldest: z.iso.date(),
      totalNetMinor: z.number().int(),
    }),
  ),
  drafts: z.array(invoiceSummarySchema),
});

/** Billing's JSON API over the same services as its pages (docs/billing.md). */
export function registerBillingApi(app: FastifyInstance): void {
  registerPriceListApi(app);
  registerChargesApi(app);
  registerInvoicesApi(app);
  registerPaymentsApi(app);
}

/** Money at the desk: a payment on an invoice, a refund of a payment (both with Idempotency-Key). */
function registerPaymentsApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  r.post(
    '/api/v1/invoices/:id/payments',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Record a payment taken at the desk (never more than is owed; a retry with the same Idempotency-Key replays the first answer)',
        params: invoiceIdParamsSchema,
        headers: idempotencyHeaderSchema,
        body: recordPaymentBodySchema,
        response: { 201: paymentSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const outcome = await recordPayment(db, serviceContext(request), request.params.id, request.body, idempotentRequestOf(request));
      if (outcome.replayed) return sendStoredResponse(reply, outcome.response);
      return reply.code(201).send(outcome.body);
    },
  );
  r.post(
    '/api/v1/payments/:id/refund',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Refund some or all of a payment, with a reason (never more than it brought less earlier refunds)',
        params: paymentIdParamsSchema,
        headers: idempotencyHeaderSchema,
        body: refundBodySchema,
        response: { 201: paymentSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const ctx = serviceContext(request);
      const provider = onlinePaymentProvider(app);
      const outcome = await refundPayment(db, ctx, request.params.id, request.body, idempotentRequestOf(request), provider);
      if (outcome.replayed) return sendStoredResponse(reply, outcome.response);
      return reply.code(201).send(outcome.body);
    },
  );
}

const tags = ['Billing'];

function registerPriceListApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.deps;

  r.get(
    '/api/v1/billing/charge-items',
    {
      config: manage,
      schema: { tags, summary: 'The price list: every period of every code, current first', response: { 200: chargeItemListSchema } },
    },
    async (_request, reply) => {
      noStore(reply);
      return { items: await listChargeItems(db), nextCursor: null };
    },
  );
  r.post(
    '/api/v1/billing/charge-items',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a code, or a new price of a code from a day on (the current period ends the day before)',
        body: createChargeItemBodySchema,
        response: { 201: chargeItemSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return reply.code(201).send(await addChargeItem(db, serviceContext(request), config.billingCurrency, request.body));
    },
  );
  r.get(
    '/api/v1/billing/queues',
    {
      config: manage,
      schema: { tags, summary: 'Patients with unbilled charges (oldest first) and drafts to issue', response: { 200: queuesSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      return getBillingQueues(db, serviceContext(request));
    },
  );
}

/** A patient's billing and the charges billing staff add or cancel. */
function registerChargesApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  r.get(
    '/api/v1/patients/:id/billing',
    {
      config: manage,
      schema: {
        tags,
        summary: "A patient's unbilled charges and invoices",
        params: patientParamsSchema,
        response: { 200: patientBillingSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return getPatientBilling(db, serviceContext(request), request.params.id);
    },
  );
  r.post(
    '/api/v1/patients/:id/charges',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a charge by price-list code, priced on the service day',
        params: patientParamsSchema,
        body: createChargeBodySchema,
        response: { 201: chargeSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return reply.code(201).send(await addManualCharge(db, serviceContext(request), request.params.id, request.body));
    },
  );
  r.post(
    '/api/v1/charges/:id/cancel',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Cancel an unbilled charge, with a reason (one on an invoice answers 409)',
        params: chargeIdParamsSchema,
        body: cancelChargeBodySchema,
        response: { 200: chargeSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return cancelCharge(db, serviceContext(request), request.params.id, request.body.reason);
    },
  );
}

/** Invoices: a draft from charges, issue, void, discard; and the patient's own bills. */
function registerInvoicesApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const termsDays = paymentTermsDays(process.env);
  r.post(
    '/api/v1/patients/:id/invoices',
    {
      config: manage,
      schema: {
        tags,
        summary: 'A draft invoice from unbilled charges, with the insurer’s share of each line',
        params: patientParamsSchema,
        body: createInvoiceBodySchema,
        response: { 201: invoiceSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return reply.code(201).send(await createDraftInvoice(db, serviceContext(request), request.params.id, request.body));
    },
  );
  r.get(
    '/api/v1/invoices/:id',
    {
      config: manage,
      schema: { tags, summary: 'An invoice with its lines', params: invoiceIdParamsSchema, response: { 200: invoiceSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      return getInvoice(db, serviceContext(request), request.params.id);
    },
  );
  r.post(
    '/api/v1/invoices/:id/issue',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Issue a draft: it takes the year’s next number',
        params: invoiceIdParamsSchema,
        response: { 200: invoiceSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return issueInvoice(db, serviceContext(request), request.params.id, termsDays);
    },
  );
  r.post(
    '/api/v1/invoices/:id/void',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Void an issued invoice with nothing paid (it keeps its number; its charges are unbilled again)',
        params: invoiceIdParamsSchema,
        body: voidInvoiceBodySchema,
        response: { 200: invoiceSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return voidInvoice(db, serviceContext(request), request.params.id, request.body.reason);
    },
  );
  r.delete(
    '/api/v1/invoices/:id',
    { config: manage, schema: { tags, summary: 'Discard a draft (its charges are unbilled again)', params: invoiceIdParamsSchema } },
    async (request, reply) => {
      await discardDraftInvoice(db, serviceContext(request), request.params.id);
      return reply.code(204).send();
    },
  );
  r.get(
    '/api/v1/me/invoices',
    { config: own, schema: { tags, summary: 'Your bills, newest first (drafts are not shown)', response: { 200: invoiceListSchema } } },
    async (request, reply) => {
      noStore(reply);
      return { items: await listMyInvoices(db, serviceContext(request)), nextCursor: null };
    },
  );
  r.get(
    '/api/v1/me/invoices/:id',
    {
      config: own,
      schema: { tags, summary: 'One of your bills with its lines', params: invoiceIdParamsSchema, response: { 200: invoiceSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      return getInvoice(db, serviceContext(request), request.params.id);
    },
  );
}
