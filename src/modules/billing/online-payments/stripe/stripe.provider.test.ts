import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { WebhookSignatureError } from '../provider.js';
import { fakeStripeHttp } from './fixtures/fake-stripe-http.js';
import {
  chargeRefundedEventFixture,
  FIXTURE_CLIENT_SECRET,
  FIXTURE_INTENT_ID,
  failedEventFixture,
  otherEventFixture,
  requiresActionEventFixture,
  succeededEventFixture,
} from './fixtures/stripe-fixtures.js';
import { createStripeProvider } from './stripe.provider.js';

/** The Stripe adapter against hand-written fixtures (stripe-fixtures.ts): no network. */
const settings = { secretKey: 'sk_test_fixtureOnly', webhookSecret: 'whsec_fixtureOnlySecret' };
const now = new Date('2026-11-27T09:02:00Z');
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

function adapter() {
  const fake = fakeStripeHttp();
  return { fake, provider: createStripeProvider(settings, fake.httpClient) };
}

const sign = (payload: string, at = now, secret = settings.webhookSecret) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: seconds(at) });

describe('Stripe adapter: PaymentIntents and refunds', () => {
  it('creates an intent with the idempotency key as Stripe’s Idempotency-Key and only ids as metadata', async () => {
    const { fake, provider } = adapter();
    const intent = await provider.createIntent({
      amountMinor: 3000,
      currency: 'EUR',
      invoiceId: 'inv-1',
      onlinePaymentId: 'op-1',
      idempotencyKey: 'carewell-online-payment-op-1',
      returnPath: '/portal/bills/inv-1',
    });
    expect(intent).toEqual({ providerPaymentId: FIXTURE_INTENT_ID, clientSecret: FIXTURE_CLIENT_SECRET });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/payment_intents' });
    expect(request!.headers['idempotency-key']).toBe('carewell-online-payment-op-1');
    expect(request!.headers.authorization).toBe(`Bearer ${settings.secretKey}`);
    const body = Object.fromEntries(request!.body.entries());
    expect(body).toEqual({
      amount: '3000',
      currency: 'eur',
      'automatic_payment_methods[enabled]': 'true',
      'metadata[carewell_invoice_id]': 'inv-1',
      'metadata[carewell_online_payment_id]': 'op-1',
    });
  });

  it('refunds by PaymentIntent with its own idempotency key', async () => {
    const { fake, provider } = adapter();
    const refund = await provider.refund({ providerPaymentId: FIXTURE_INTENT_ID, amountMinor: 1200, idempotencyKey: 'carewell-refund-r1' });
    expect(refund.providerRefundId).toBe('re_3QfixtureCarewell01');
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/refunds' });
    expect(request!.headers['idempotency-key']).toBe('carewell-refund-r1');
    expect(Object.fromEntries(request!.body.entries())).toEqual({ payment_intent: FIXTURE_INTENT_ID, amount: '1200' });
  });

  it('an API error from Stripe is thrown (the caller decides), not swallowed', async () => {
    const { fake, provider } = adapter();
    fake.state.fail = true;
    await expect(provider.refund({ providerPaymentId: FIXTURE_INTENT_ID, amountMinor: 1, idempotencyKey: 'k-fail' })).rejects.toThrow(
      /fixture failure/,
    );
  });
});

describe('Stripe adapter: webhooks verified with the library’s own test header', () => {
  const cases = [
    [succeededEventFixture, 'succeeded', 3000],
    [failedEventFixture, 'failed', 3000],
    [requiresActionEventFixture, 'requires_action', 3000],
    [chargeRefundedEventFixture, 'refunded', 3000],
  ] as const;
  it.each(cases)('a signed $type event is accepted and reduced to Carewell’s event', async (fixture, type, amount) => {
    const { provider } = adapter();
    const payload = JSON.stringify(fixture);
    expect(await provider.parseWebhook(payload, sign(payload), now)).toEqual({
      eventId: fixture.id,
      type,
      providerType: fixture.type,
      providerPaymentId: FIXTURE_INTENT_ID,
      amountMinor: amount,
      currency: 'EUR',
    });
  });

  it('an event Carewell does not act on is "other" with no payment', async () => {
    const payload = JSON.stringify(otherEventFixture);
    expect(await adapter().provider.parseWebhook(payload, sign(payload), now)).toMatchObject({ type: 'other', providerPaymentId: null });
  });

  it('refuses a wrong secret, a changed body, no header, and a timestamp older or newer than 300 s', async () => {
    const { provider } = adapter();
    const payload = JSON.stringify(succeededEventFixture);
    const refused = (body: string, header: string | undefined) =>
      expect(provider.parseWebhook(body, header, now)).rejects.toThrow(WebhookSignatureError);
    await refused(payload, sign(payload, now, 'whsec_someoneElse'));
    await refused(payload.replace('3000', '9000'), sign(payload));
    await refused(payload, undefined);
    await refused(payload, sign(payload, new Date(now.getTime() - 301_000)));
    await refused(payload, sign(payload, new Date(now.getTime() + 301_000)));
    // Just inside the tolerance it is accepted: the refusals above are the timestamp's, not the key's.
    expect((await provider.parseWebhook(payload, sign(payload, new Date(now.getTime() - 299_000)), now)).type).toBe('succeeded');
  });
});
