import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FieldError } from '../../platform/errors.js';
import { serviceContext } from '../../platform/http/context.js';
import { localiseFieldErrors } from '../../platform/http/forms.js';
import { handleForm, type FormFailure } from '../../platform/http/page-forms.js';
import { hospitalTimeZone, localDateOf } from '../../platform/time/zoned-time.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { chargeForm, FIELD_MESSAGES, invoiceForm, paymentForm, priceForm, reasonForm, refundForm } from './billing.forms.js';
import { selectChargeById, selectInvoiceById, selectPaymentById, selectVisitTypeNames } from './billing.repository.js';
import { getBillingQueues, getInvoice, getInvoicePage, listMyInvoices } from './services/billing-queries.service.js';
import { readPatientBillingPage } from './services/patient-billing-page.service.js';
import { addChargeItem, listChargeItems } from './services/catalogue.service.js';
import { addManualCharge, cancelCharge } from './services/charges.service.js';
import { createDraftInvoice, discardDraftInvoice, issueInvoice, voidInvoice } from './services/invoices.service.js';
import { onlinePaymentProvider } from './online-payments/online-payments.register.js';
import { recordPayment, refundPayment } from './services/payments.service.js';
import { payOnlinePart } from './online-payments/online-payments.pages.js';
import { BillingQueuesPage } from './views/billing-queues.js';
import { InvoicePage } from './views/invoice-view.js';
import { MyBillsPage } from './views/my-bills.js';
import { PATIENT_BILLING_NOTICES, PatientBillingPage, type PatientBillingPageProps } from './views/patient-billing.js';
import { PriceListPage, type PriceListPageProps } from './views/price-list.js';
import { paymentTermsDays } from './capture/payment-terms.js';
import { PatientInsuranceSection } from './insurance/views/patient-insurance.js';

const page = { hide: true } as const;
const manage = { permission: 'billing.manage' } as const;
const own = { permission: 'billing.own' } as const;
const idParams = z.object({ id: z.uuid() });
const INVOICE_NOTICES = ['created', 'issued', 'voided', 'paid', 'refunded'] as const;

const noticeOf = <T extends string>(request: FastifyRequest, notices: readonly T[]): T | undefined => {
  const done = (request.query as Record<string, unknown>).done;
  return notices.find((n) => n === done);
};

/** Billing's pages (docs/billing.md) over the same services as the API. */
export function registerBillingPages(app: FastifyInstance): void {
  registerQueueAndPriceListPages(app);
  registerPatientBillingPages(app);
  registerInvoicePages(app);
  registerPaymentPages(app);
  registerPortalBillPages(app);
}

const localise = (request: FastifyRequest, reply: FastifyReply, errors: FieldError[]) =>
  localiseFieldErrors(errors, FIELD_MESSAGES, pageContext(request, reply).t);
const patientPage = (id: string, notice: string) => `/staff/billing/patients/${id}?done=${notice}`;

function registerQueueAndPriceListPages(app: FastifyInstance): void {
  const { db, config } = app.deps;

  app.get('/staff/billing', { config: manage, schema: page }, async (request, reply) => {
    const queues = await getBillingQueues(db, serviceContext(request));
    return sendPage(reply, <BillingQueuesPage ctx={pageContext(request, reply)} queues={queues} currency={config.billingCurrency} />);
  });

  async function renderPriceList(request: FastifyRequest, reply: FastifyReply, extra: Partial<PriceListPageProps> = {}, status = 200) {
    const [items, visitTypes] = await Promise.all([listChargeItems(db), selectVisitTypeNames(db)]);
    if (extra.form) extra.form = { ...extra.form, errors: localise(request, reply, extra.form.errors) };
    return sendPage(reply, <PriceListPage ctx={pageContext(request, reply)} items={items} visitTypes={visitTypes} {...extra} />, status);
  }
  app.get('/staff/billing/price-list', { config: manage, schema: page }, async (request, reply) =>
    renderPriceList(request, reply, { notice: noticeOf(request, ['added'] as const) }),
  );
  app.post('/staff/billing/price-list', { config: manage, schema: page }, async (request, reply) =>
    handleForm(
      request,
      reply,
      priceForm(config.billingCurrency),
      async (data) => {
        await addChargeItem(db, serviceContext(request), config.billingCurrency, data);
        return '/staff/billing/price-list?done=added';
      },
      (failure) => renderPriceList(request, reply, { form: failure }, failure.status),
    ),
  );
}

/** A patient's billing: unbilled charges, a charge by hand, a draft from charges, cancelling a charge. */
function registerPatientBillingPages(app: FastifyInstance): void {
  const { db } = app.deps;
  async function renderPatient(
    request: FastifyRequest,
    reply: FastifyReply,
    patientId: string,
    extra: Partial<PatientBillingPageProps> = {},
    status = 200,
  ) {
    const ctx = serviceContext(request);
    const { data, priceList, billedEncounters, insurance } = await readPatientBillingPage(db, ctx, patientId);
    for (const key of ['chargeForm', 'invoiceForm'] as const) {
      const form = extra[key];
      if (form) extra[key] = { ...form, errors: localise(request, reply, form.errors) };
    }
    const props: PatientBillingPageProps = {
      ctx: pageContext(request, reply),
      data,
      priceList: priceList.filter((i) => i.effectiveTo === null),
      today: localDateOf(ctx.now, hospitalTimeZone()),
      billedEncounters,
      ...extra,
    };
    props.insurance = (
      <PatientInsuranceSection ctx={props.ctx} patientId={patientId} insurance={insurance} invoices={data.invoices} today={props.today} />
    );
    return sendPage(reply, <PatientBillingPage {...props} />, status);
  }

  app.get('/staff/billing/patients/:id', { config: manage, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return renderPatient(request, reply, id, { notice: noticeOf(request, PATIENT_BILLING_NOTICES) });
  });
  app.post('/staff/billing/patients/:id/charges', { config: manage, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return handleForm(
      request,
      reply,
      chargeForm,
      async (data) => {
        await addManualCharge(db, serviceContext(request), id, data);
        return patientPage(id, 'charge_added');
      },
      (failure) => renderPatient(request, reply, id, { chargeForm: failure }, failure.status),
    );
  });
  app.post('/staff/billing/patients/:id/invoices', { config: manage, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return handleForm(
      request,
      reply,
      invoiceForm,
      async (data) => {
        const draft = await createDraftInvoice(db, serviceContext(request), id, {
          chargeIds: data.chargeIds,
          insurerCoverageBp: data.insurerCoverage,
        });
        return `/staff/billing/invoices/${draft.id}?done=created`;
      },
      (failure) => renderPatient(request, reply, id, { invoiceForm: failure }, failure.status),
    );
  });
  app.post('/staff/billing/charges/:id/cancel', { config: manage, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const ctx = serviceContext(request);
    return handleForm(
      request,
      reply,
      reasonForm,
      async (data) => patientPage((await cancelCharge(db, ctx, id, data.reason)).patientId, 'charge_cancelled'),
      async (failure: FormFailure) => {
        // The charge exists (a missing one is 404 before any refusal): back to its patient's page.
        const charge = await selectChargeById(db, id);
        return renderPatient(request, reply, charge!.patientId, { refusal: failure.message }, failure.status);
      },
    );
  });
}

/** One invoice for billing staff: see it, issue or discard a draft, void an issued one. */
function registerInvoicePages(app: FastifyInstance): void {
  const { db } = app.deps;
  const termsDays = paymentTermsDays(process.env);
  const renderInvoice = (request: FastifyRequest, reply: FastifyReply, invoiceId: string, extra: InvoiceExtras = {}, status = 200) =>
    renderInvoicePage(app, request, reply, invoiceId, extra, status);
  const invoicePage = (id: string, notice: string) => `/staff/billing/invoices/${id}?done=${notice}`;
  const refused = (request: FastifyRequest, reply: FastifyReply, id: string) => (failure: FormFailure) =>
    renderInvoice(request, reply, id, { refusal: failure.message, formErrors: failure.errors }, failure.status);

  app.get('/staff/billing/invoices/:id', { config: manage, schema: { ...page, params: idParams } }, async (request, reply) =>
    renderInvoice(request, reply, (request.params as { id: string }).id),
  );
  app.post('/staff/billing/invoices/:id/issue', { config: manage, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return handleForm(
      request,
      reply,
      z.object({}),
      async () => (await issueInvoice(db, serviceContext(request), id, termsDays), invoicePage(id, 'issued')),
      refused(request, reply, id),
    );
  });
  app.post('/staff/billing/invoices/:id/void', { config: manage, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return handleForm(
      request,
      reply,
      reasonForm,
      async (data) => (await voidInvoice(db, serviceContext(request), id, data.reason), invoicePage(id, 'voided')),
      refused(request, reply, id),
    );
  });
  app.post('/staff/billing/invoices/:id/discard', { config: manage, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const ctx = serviceContext(request);
    return handleForm(
      request,
      reply,
      z.object({}),
      async () => {
        const { patient } = await getInvoice(db, ctx, id);
        await discardDraftInvoice(db, ctx, id);
        return patientPage(patient.id, 'invoice_discarded');
      },
      refused(request, reply, id),
    );
  });
}

/** Money at the desk: a payment on an invoice, a refund of one payment; back to the invoice either way. */
function registerPaymentPages(app: FastifyInstance): void {
  const { db } = app.deps;
  const back = (invoiceId: string, notice: string) => `/staff/billing/invoices/${invoiceId}?done=${notice}`;
  const refusedOn = (request: FastifyRequest, reply: FastifyReply, invoiceId: string) => (failure: FormFailure) =>
    renderInvoicePage(app, request, reply, invoiceId, { refusal: failure.message, formErrors: failure.errors }, failure.status);

  app.post('/staff/billing/invoices/:id/payments', { config: manage, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const invoice = await selectInvoiceById(db, id);
    return handleForm(
      request,
      reply,
      paymentForm(invoice?.currency ?? app.deps.config.billingCurrency),
      async (data) => {
        await recordPayment(db, serviceContext(request), id, { amountMinor: data.amount, method: data.method, reference: data.reference });
        return back(id, 'paid');
      },
      refusedOn(request, reply, id),
    );
  });
  app.post('/staff/billing/payments/:id/refund', { config: manage, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const payment = await selectPaymentById(db, id);
    if (!payment) return reply.callNotFound();
    return handleForm(
      request,
      reply,
      refundForm(payment.currency),
      async (data) => {
        const refund = { amountMinor: data.amount, reason: data.reason };
        await refundPayment(db, serviceContext(request), id, refund, undefined, onlinePaymentProvider(app));
        return back(payment.invoiceId, 'refunded');
      },
      refusedOn(request, reply, payment.invoiceId),
    );
  });
}

/** The patient's own bills. */
function registerPortalBillPages(app: FastifyInstance): void {
  const { db } = app.deps;
  app.get('/portal/bills', { config: own, schema: page }, async (request, reply) => {
    const invoices = await listMyInvoices(db, serviceContext(request));
    return sendPage(reply, <MyBillsPage ctx={pageContext(request, reply)} invoices={invoices} />);
  });
  app.get('/portal/bills/:id', { config: own, schema: { ...page, params: idParams } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    // Stripe.js returns from a redirecting payment method with the intent's client secret in the
    // query: the bill answers with its own address without it, so the secret leaves the address bar
    // and the history at once (the logs never keep query strings).
    if ('payment_intent_client_secret' in query || 'payment_intent' in query) {
      const online = typeof query.online === 'string' ? `?online=${encodeURIComponent(query.online)}` : '';
      return reply.redirect(`/portal/bills/${(request.params as { id: string }).id}${online}`, 303);
    }
    const read = await getInvoicePage(db, serviceContext(request), (request.params as { id: string }).id, 'patient');
    const { invoice, claimId } = read;
    const ctx = pageContext(request, reply);
    const returned = query.online;
    const online = payOnlinePart(app, ctx, invoice, read.onlinePayments, typeof returned === 'string' ? returned : undefined);
    return sendPage(reply, <InvoicePage ctx={ctx} invoice={invoice} staff={false} claimId={claimId} online={online} />);
  });
}

type InvoiceExtras = { refusal?: string; formErrors?: FieldError[] };

async function renderInvoicePage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  invoiceId: string,
  extra: InvoiceExtras = {},
  status = 200,
) {
  const { invoice, lineEncounters: encounters } = await getInvoicePage(app.deps.db, serviceContext(request), invoiceId, 'staff');
  const formErrors = extra.formErrors ? localise(request, reply, extra.formErrors) : undefined;
  return sendPage(
    reply,
    <InvoicePage
      ctx={pageContext(request, reply)}
      invoice={invoice}
      staff
      encounters={encounters}
      notice={noticeOf(request, INVOICE_NOTICES)}
      refusal={extra.refusal}
      formErrors={formErrors}
    />,
    status,
  );
}
