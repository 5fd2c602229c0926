import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { postgresLegReady } from '../../../../test/helpers/postgres-leg.js';
import { invoices, payments } from '../billing.tables.js';
import { onlinePayments, paymentWebhookEvents } from './online-payments.tables.js';
import { fakeStripeHttp, STRIPE_TEST_ENV } from './stripe/fixtures/fake-stripe-http.js';
import { failedEventFixture, requiresActionEventFixture, retold, succeededEventFixture } from './stripe/fixtures/stripe-fixtures.js';

/**
 * Concurrent webhook deliveries on real PostgreSQL (PGlite serialises every transaction), through
 * the Stripe adapter with hand-written fixtures: the same event many times at once, different
 * events about one payment at once, and two payments racing for one invoice. Exactly one payment is
 * recorded per intent and the invoice is never overpaid.
 */
const fake = fakeStripeHttp();
describe.runIf(postgresLegReady())('concurrent payment webhooks (needs real PostgreSQL)', () => {
  const t = useTestApp({ env: STRIPE_TEST_ENV, stripeHttpClient: fake.httpClient });
  let billing: TestAccount;
  let patient: TestAccount;
  const today = () => t.clock.now().toISOString().slice(0, 10);

  beforeAll(async () => {
    billing = await createAccount(t, { role: 'billing' });
    patient = await createAccount(t, { role: 'patient' });
    const price = { code: 'RACEWH', name: 'Race webhook', unitPriceMinor: 3000, effectiveFrom: '2020-01-01' };
    expect((await api(t, 'POST', '/api/v1/billing/charge-items', { token: billing.token, body: price })).statusCode).toBe(201);
  });

  /** An issued invoice of 30.00, all of it the patient's share. */
  async function issuedInvoice(): Promise<string> {
    const charge = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/charges`, {
      token: billing.token,
      body: { code: 'RACEWH', serviceDate: today() },
    });
    const draft = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/invoices`, {
      token: billing.token,
      body: { chargeIds: [charge.json<{ id: string }>().id] },
    });
    const id = draft.json<{ id: string }>().id;
    expect((await api(t, 'POST', `/api/v1/invoices/${id}/issue`, { token: billing.token })).statusCode).toBe(200);
    return id;
  }

  async function startIntent(invoiceId: string): Promise<{ id: string; intentId: string }> {
    const res = await api(t, 'POST', '/api/v1/payments/online', {
      token: patient.token,
      body: { invoiceId },
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    expect(res.statusCode, res.body).toBe(201);
    const started = res.json<{ id: string }>();
    const [row] = await t.db.select().from(onlinePayments).where(eq(onlinePayments.id, started.id));
    return { id: started.id, intentId: row!.providerPaymentId! };
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
  const invoiceRow = async (id: string) => (await t.db.select().from(invoices).where(eq(invoices.id, id)))[0]!;
  const paymentsOf = (invoiceId: string) => t.db.select().from(payments).where(eq(payments.invoiceId, invoiceId));
  const onlineStatus = async (id: string) => (await t.db.select().from(onlinePayments).where(eq(onlinePayments.id, id)))[0]!.status;

  it('the same success delivered 8 times at once: one applied, seven duplicates, one payment', async () => {
    const invoiceId = await issuedInvoice();
    const { id, intentId } = await startIntent(invoiceId);
    const event = retold(succeededEventFixture, `evt_race_same_${id}`, intentId);
    const results = await Promise.all(Array.from({ length: 8 }, () => deliver(event)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    const outcomes = results.map((r) => r.json<{ outcome: string }>().outcome).sort();
    expect(outcomes).toEqual(['applied', ...Array(7).fill('duplicate')]);
    expect(await paymentsOf(invoiceId)).toHaveLength(1);
    expect(await invoiceRow(invoiceId)).toMatchObject({ paidMinor: 3000, status: 'paid' });
    const events = await t.db.select().from(paymentWebhookEvents).where(eq(paymentWebhookEvents.providerPaymentId, intentId));
    expect(events).toHaveLength(1);
  });

  it('different events about one payment at once (failed, requires_action, two successes): one payment', async () => {
    const invoiceId = await issuedInvoice();
    const { id, intentId } = await startIntent(invoiceId);
    const events = [
      retold(failedEventFixture, `evt_race_failed_${id}`, intentId),
      retold(requiresActionEventFixture, `evt_race_action_${id}`, intentId),
      retold(succeededEventFixture, `evt_race_ok1_${id}`, intentId),
      retold(succeededEventFixture, `evt_race_ok2_${id}`, intentId),
    ];
    const results = await Promise.all([...events, ...events].map(deliver));
    expect(results.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    expect(results.filter((r) => r.json<{ outcome: string }>().outcome === 'applied')).toHaveLength(1);
    expect(await onlineStatus(id)).toBe('succeeded');
    expect(await paymentsOf(invoiceId)).toHaveLength(1);
    expect(await invoiceRow(invoiceId)).toMatchObject({ paidMinor: 3000, status: 'paid' });
  });

  it('two intents for the whole balance succeed at once, with a desk payment: never overpaid, the loser refunded', async () => {
    const invoiceId = await issuedInvoice();
    const first = await startIntent(invoiceId);
    const second = await startIntent(invoiceId);
    expect(first.intentId).not.toBe(second.intentId);
    const refundsBefore = fake.requests.filter((r) => r.path === '/v1/refunds').length;
    const results = await Promise.all([
      deliver(retold(succeededEventFixture, `evt_race_a_${first.id}`, first.intentId)),
      deliver(retold(succeededEventFixture, `evt_race_b_${second.id}`, second.intentId)),
      api(t, 'POST', `/api/v1/invoices/${invoiceId}/payments`, { token: billing.token, body: { amountMinor: 3000, method: 'cash' } }),
    ]);
    expect(results.map((r) => r.statusCode).every((s) => s === 200 || s === 201 || s === 409)).toBe(true);
    expect(await paymentsOf(invoiceId)).toHaveLength(1);
    expect(await invoiceRow(invoiceId)).toMatchObject({ paidMinor: 3000, status: 'paid' });
    const statuses = [await onlineStatus(first.id), await onlineStatus(second.id)];
    const losers = statuses.filter((s) => s === 'refund_due').length;
    expect(statuses.filter((s) => s === 'succeeded').length + losers).toBe(2);
    // Each online success that was not applied is given back through Stripe.
    expect(fake.requests.filter((r) => r.path === '/v1/refunds').length - refundsBefore).toBe(losers);
  });
});
