import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { invoices, payments } from '../billing.tables.js';
import { getInvoicePage } from '../services/billing-queries.service.js';
import { countQueries } from '../../../../test/helpers/query-count.js';
import { serviceContextOf } from '../../../../test/helpers/service-context.js';
import { deliverTestGatewayEvent } from './test-gateway/test-gateway-delivery.js';
import { signTestGatewayPayload, TEST_GATEWAY_SIGNATURE_HEADER } from './test-gateway/signature.js';
import { completeConfirmation, payWithCard, selectGatewayEvents } from './test-gateway/test-gateway.service.js';

/** Online payments with the test gateway (docs/billing.md "Online payments"). */
const t = useTestApp();
let billing: TestAccount;
let patient: TestAccount;
const today = () => t.clock.now().toISOString().slice(0, 10);
const gateway = () => ({ db: t.db, now: t.clock.now() });
const card = (number: string) => ({ number, expiry: '12/40', cvc: '123' });

beforeAll(async () => {
  billing = await createAccount(t, { role: 'billing' });
  patient = await createAccount(t, { role: 'patient' });
  const price = { code: 'CONS', name: 'Consultation', unitPriceMinor: 10000, effectiveFrom: '2020-01-01' };
  expect((await api(t, 'POST', '/api/v1/billing/charge-items', { token: billing.token, body: price })).statusCode).toBe(201);
});

/** An issued invoice of 100.00 with the insurer paying 70 %: the patient's share is 30.00. */
async function issuedInvoice(): Promise<string> {
  const charge = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/charges`, {
    token: billing.token,
    body: { code: 'CONS', quantity: 1, serviceDate: today() },
  });
  const draft = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/invoices`, {
    token: billing.token,
    body: { chargeIds: [charge.json<{ id: string }>().id], insurerCoverageBp: 7000 },
  });
  const id = draft.json<{ id: string }>().id;
  expect((await api(t, 'POST', `/api/v1/invoices/${id}/issue`, { token: billing.token })).statusCode).toBe(200);
  return id;
}

async function start(invoiceId: string, key = crypto.randomUUID()) {
  const res = await api(t, 'POST', '/api/v1/payments/online', {
    token: patient.token,
    body: { invoiceId },
    headers: { 'idempotency-key': key },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; amountMinor: number; redirectPath: string; status: string }>();
}

const intentOf = (started: { redirectPath: string }) => started.redirectPath.split('/').pop()!;
const paymentsOf = (invoiceId: string) => t.db.select().from(payments).where(eq(payments.invoiceId, invoiceId));
const invoiceRow = async (id: string) => (await t.db.select().from(invoices).where(eq(invoices.id, id)))[0]!;
const status = async (id: string) =>
  (await api(t, 'GET', `/api/v1/payments/online/${id}`, { token: patient.token })).json<{ status: string }>().status;

describe('online payment with the test gateway', () => {
  it('a success webhook delivered twice records one payment of the patient share; the key replays', async () => {
    const invoiceId = await issuedInvoice();
    const key = crypto.randomUUID();
    const started = await start(invoiceId, key);
    expect(started).toMatchObject({ amountMinor: 3000, status: 'pending' });
    expect((await start(invoiceId, key)).id).toBe(started.id);
    expect((await payWithCard(gateway(), intentOf(started), card('4242 4242 4242 4242'))).kind).toBe('succeeded');
    expect(await status(started.id)).toBe('pending');
    const [event] = await selectGatewayEvents(t.db, intentOf(started));
    expect(await deliverTestGatewayEvent(t.app, event!.id)).toBe(200);
    expect(await deliverTestGatewayEvent(t.app, event!.id)).toBe(200);
    expect(await paymentsOf(invoiceId)).toHaveLength(1);
    expect(await invoiceRow(invoiceId)).toMatchObject({ paidMinor: 3000, status: 'partly_paid' });
    expect(await status(started.id)).toBe('succeeded');
    expect(
      (
        await api(t, 'POST', '/api/v1/payments/online', {
          token: patient.token,
          body: { invoiceId },
          headers: { 'idempotency-key': crypto.randomUUID() },
        })
      ).statusCode,
    ).toBe(409);
  });

  it('a declined card leaves no payment; the confirmation-step card pays after confirming', async () => {
    const invoiceId = await issuedInvoice();
    const declined = await start(invoiceId);
    expect((await payWithCard(gateway(), intentOf(declined), card('4000000000000002'))).kind).toBe('declined');
    for (const e of await selectGatewayEvents(t.db, intentOf(declined))) await deliverTestGatewayEvent(t.app, e.id);
    expect(await status(declined.id)).toBe('failed');
    expect(await paymentsOf(invoiceId)).toHaveLength(0);

    const secure = await start(invoiceId);
    expect((await payWithCard(gateway(), intentOf(secure), card('4000002500003155'))).kind).toBe('requires_action');
    expect(await completeConfirmation(gateway(), intentOf(secure), true)).toMatchObject({ status: 'succeeded' });
    for (const e of await selectGatewayEvents(t.db, intentOf(secure))) await deliverTestGatewayEvent(t.app, e.id);
    expect(await status(secure.id)).toBe('succeeded');
    expect(await paymentsOf(invoiceId)).toHaveLength(1);
  });

  it('out of order: a requires_action arriving after the success changes nothing', async () => {
    const invoiceId = await issuedInvoice();
    const started = await start(invoiceId);
    await payWithCard(gateway(), intentOf(started), card('4000002500003155'));
    await completeConfirmation(gateway(), intentOf(started), true);
    const events = await selectGatewayEvents(t.db, intentOf(started));
    for (const e of [...events].reverse()) await deliverTestGatewayEvent(t.app, e.id);
    expect(await status(started.id)).toBe('succeeded');
    expect(await paymentsOf(invoiceId)).toHaveLength(1);
  });

  it('a success that would overpay (paid at the desk meanwhile) is not applied but refunded', async () => {
    const invoiceId = await issuedInvoice();
    const started = await start(invoiceId);
    await payWithCard(gateway(), intentOf(started), card('4242424242424242'));
    const desk = await api(t, 'POST', `/api/v1/invoices/${invoiceId}/payments`, {
      token: billing.token,
      body: { amountMinor: 10000, method: 'cash' },
    });
    expect(desk.statusCode).toBe(201);
    for (const e of await selectGatewayEvents(t.db, intentOf(started))) await deliverTestGatewayEvent(t.app, e.id);
    for (const e of await selectGatewayEvents(t.db, intentOf(started))) await deliverTestGatewayEvent(t.app, e.id);
    expect(await status(started.id)).toBe('refunded');
    expect(await invoiceRow(invoiceId)).toMatchObject({ paidMinor: 10000, status: 'paid' });
  });

  it('a bad signature or a stale timestamp is refused with 400 and audited', async () => {
    const body = JSON.stringify({
      id: 'evt_test_forged',
      type: 'payment_intent.succeeded',
      data: { object: { id: 'pi_test_x', amount: 1 } },
    });
    const send = (signature: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks/payments/test',
        headers: { 'content-type': 'application/json', [TEST_GATEWAY_SIGNATURE_HEADER]: signature },
        payload: body,
      });
    expect((await send(signTestGatewayPayload('wrong-secret-wrong-secret-wrong', body, t.clock.now()))).statusCode).toBe(400);
    const stale = new Date(t.clock.now().getTime() - 3_600_000);
    const secret = t.config.payments.provider === 'test' ? t.config.payments.testGatewayWebhookSecret : '';
    expect((await send(signTestGatewayPayload(secret, body, stale))).statusCode).toBe(400);
    expect((await send(signTestGatewayPayload(secret, body, t.clock.now()))).statusCode).toBe(200);
    const refused = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'billing.online_payment.webhook_refused'));
    expect(refused.length).toBeGreaterThanOrEqual(2);
  });
});

describe('the patient’s bill', () => {
  it('reads each invoice’s own online payments with the invoice, in its statement', async () => {
    const paying = await issuedInvoice();
    const other = await issuedInvoice();
    const started = await start(paying);
    const counter = countQueries(t);
    for (const round of [1, 2]) {
      for (const [invoiceId, expected] of [
        [paying, [started.id]],
        [other, []],
      ] as const) {
        counter.reset();
        const read = await getInvoicePage(counter.db, serviceContextOf(t, patient, 'patient'), invoiceId, 'patient');
        // The invoice, the access facts, then ONE statement: the audit row with the lines, payments, claim and online payments.
        expect(counter.count(), `round ${round}`).toBe(3);
        expect(read.invoice.id).toBe(invoiceId);
        expect(read.onlinePayments.map((p) => p.id)).toEqual(expected);
      }
    }
  });
});
