import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { invoices, payments } from '../billing.tables.js';
import { onlinePayments } from './online-payments.tables.js';
import { fakeStripeHttp, STRIPE_TEST_ENV } from './stripe/fixtures/fake-stripe-http.js';
import { chargeRefundedEventFixture, retold, succeededEventFixture } from './stripe/fixtures/stripe-fixtures.js';

/** A desk refund of an online payment goes back through Stripe (hand-written fixtures, no network). */
const fake = fakeStripeHttp();
const t = useTestApp({ env: STRIPE_TEST_ENV, stripeHttpClient: fake.httpClient });
let billing: TestAccount;
let patient: TestAccount;

beforeAll(async () => {
  billing = await createAccount(t, { role: 'billing' });
  patient = await createAccount(t, { role: 'patient' });
  const price = { code: 'REFUND1', name: 'Consultation', unitPriceMinor: 3000, effectiveFrom: '2020-01-01' };
  expect((await api(t, 'POST', '/api/v1/billing/charge-items', { token: billing.token, body: price })).statusCode).toBe(201);
});

async function issuedInvoice(): Promise<string> {
  const charge = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/charges`, {
    token: billing.token,
    body: { code: 'REFUND1', serviceDate: t.clock.now().toISOString().slice(0, 10) },
  });
  const draft = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/invoices`, {
    token: billing.token,
    body: { chargeIds: [charge.json<{ id: string }>().id] },
  });
  const id = draft.json<{ id: string }>().id;
  expect((await api(t, 'POST', `/api/v1/invoices/${id}/issue`, { token: billing.token })).statusCode).toBe(200);
  return id;
}

const deliver = (event: object) => {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: STRIPE_TEST_ENV.STRIPE_WEBHOOK_SECRET,
    timestamp: Math.floor(t.clock.now().getTime() / 1000),
  });
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks/payments/stripe',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    payload,
  });
};

/** An invoice paid in full online: its recorded payment and the PaymentIntent's id. */
async function paidOnline(): Promise<{ invoiceId: string; paymentId: string; intentId: string }> {
  const invoiceId = await issuedInvoice();
  const started = await api(t, 'POST', '/api/v1/payments/online', {
    token: patient.token,
    body: { invoiceId },
    headers: { 'idempotency-key': crypto.randomUUID() },
  });
  expect(started.statusCode, started.body).toBe(201);
  const [online] = await t.db.select().from(onlinePayments).where(eq(onlinePayments.id, started.json<{ id: string }>().id));
  const res = await deliver(retold(succeededEventFixture, `evt_paid_${online!.id}`, online!.providerPaymentId!));
  expect(res.json()).toMatchObject({ outcome: 'applied' });
  const [paid] = await t.db.select().from(onlinePayments).where(eq(onlinePayments.id, online!.id));
  return { invoiceId, paymentId: paid!.paymentId!, intentId: online!.providerPaymentId! };
}

const refund = (paymentId: string, amountMinor: number) =>
  api(t, 'POST', `/api/v1/payments/${paymentId}/refund`, { token: billing.token, body: { amountMinor, reason: 'Billed twice' } });
const refundRequests = () => fake.requests.filter((r) => r.path === '/v1/refunds');
const invoiceRow = async (id: string) => (await t.db.select().from(invoices).where(eq(invoices.id, id)))[0]!;
const rowsOf = (invoiceId: string) => t.db.select().from(payments).where(eq(payments.invoiceId, invoiceId));

describe('refunding an online payment at the desk', () => {
  it('goes through Stripe with a state-derived idempotency key and keeps Stripe’s refund id; the refund webhook records nothing more', async () => {
    const { invoiceId, paymentId, intentId } = await paidOnline();
    const before = refundRequests().length;
    const res = await refund(paymentId, 1000);
    expect(res.statusCode, res.body).toBe(201);
    const sent = refundRequests().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers['idempotency-key']).toBe(`carewell-refund-${paymentId}-0-1000`);
    expect(Object.fromEntries(sent[0]!.body.entries())).toEqual({ payment_intent: intentId, amount: '1000' });
    const refundRow = (await rowsOf(invoiceId)).find((p) => p.kind === 'refund');
    expect(refundRow).toMatchObject({ amountMinor: 1000, reference: 're_3QfixtureCarewell01', method: 'online' });
    expect(await invoiceRow(invoiceId)).toMatchObject({ paidMinor: 2000, status: 'partly_paid' });

    // Stripe then tells us about the refund (charge.refunded): already recorded, so ignored.
    const webhook = await deliver(retold(chargeRefundedEventFixture, `evt_refunded_${paymentId}`, intentId, 1000));
    expect(webhook.json()).toMatchObject({ outcome: 'ignored' });
    expect(await rowsOf(invoiceId)).toHaveLength(2);
    expect(await invoiceRow(invoiceId)).toMatchObject({ paidMinor: 2000 });

    // A second partial refund has another key (the state moved on); more than is left is refused before Stripe is asked.
    expect((await refund(paymentId, 2000)).statusCode).toBe(201);
    expect(refundRequests().at(-1)!.headers['idempotency-key']).toBe(`carewell-refund-${paymentId}-1000-2000`);
    const calls = refundRequests().length;
    expect((await refund(paymentId, 1)).statusCode).toBe(422);
    expect(refundRequests()).toHaveLength(calls);
    expect(await invoiceRow(invoiceId)).toMatchObject({ paidMinor: 0 });
  });

  it('when Stripe refuses, nothing is recorded (503) and the invoice is unchanged', async () => {
    const { invoiceId, paymentId } = await paidOnline();
    fake.state.fail = true;
    try {
      const res = await refund(paymentId, 3000);
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'service_unavailable' });
    } finally {
      fake.state.fail = false;
    }
    expect((await rowsOf(invoiceId)).filter((p) => p.kind === 'refund')).toHaveLength(0);
    expect(await invoiceRow(invoiceId)).toMatchObject({ paidMinor: 3000, status: 'paid' });
  });

  it('a desk payment’s refund never calls the provider', async () => {
    const invoiceId = await issuedInvoice();
    const paid = await api(t, 'POST', `/api/v1/invoices/${invoiceId}/payments`, {
      token: billing.token,
      body: { amountMinor: 3000, method: 'cash' },
    });
    const calls = refundRequests().length;
    expect((await refund(paid.json<{ id: string }>().id, 3000)).statusCode).toBe(201);
    expect(refundRequests()).toHaveLength(calls);
  });
});
