import type Stripe from 'stripe';
import type { CreateIntentInput, PaymentEvent, PaymentEventType, PaymentProvider } from '../provider.js';
import { WEBHOOK_TOLERANCE_SECONDS, WebhookSignatureError } from '../provider.js';

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
}

const EVENT_TYPES: Record<string, PaymentEventType> = {
  'payment_intent.succeeded': 'succeeded',
  'payment_intent.payment_failed': 'failed',
  'payment_intent.requires_action': 'requires_action',
  'charge.refunded': 'refunded',
};

/** Stripe's event reduced to Carewell's (pure: tested with hand-written fixtures). */
export function toPaymentEvent(event: Stripe.Event): PaymentEvent {
  const type = EVENT_TYPES[event.type] ?? 'other';
  const base = { eventId: event.id, providerType: event.type, type };
  if (event.type === 'charge.refunded') {
    const charge = event.data.object;
    const intent = typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null);
    return { ...base, providerPaymentId: intent, amountMinor: charge.amount_refunded, currency: charge.currency.toUpperCase() };
  }
  if (event.type.startsWith('payment_intent.')) {
    const intent = event.data.object as Stripe.PaymentIntent;
    return { ...base, providerPaymentId: intent.id, amountMinor: intent.amount, currency: intent.currency.toUpperCase() };
  }
  return { ...base, type: 'other', providerPaymentId: null, amountMinor: null, currency: null };
}

/**
 * Stripe through its official library: PaymentIntents created with an idempotency key (card details
 * go from the Payment Element straight to Stripe), refunds, and webhooks verified with
 * `stripe.webhooks.constructEvent` (signature and timestamp tolerance). `httpClient` lets tests
 * answer without the network.
 */
export function createStripeProvider(settings: StripeSettings, httpClient?: Stripe.HttpClient): PaymentProvider {
  // The library (~20 MB resident) loads with the first payment, refund or webhook, not when the
  // server starts (issue 11: idle memory).
  let client: Promise<Stripe> | undefined;
  const stripeClient = () =>
    (client ??= import('stripe').then(
      ({ default: StripeLibrary }) =>
        new StripeLibrary(settings.secretKey, { maxNetworkRetries: 2, ...(httpClient ? { httpClient } : {}) }),
    ));
  return {
    name: 'stripe',
    async createIntent(input: CreateIntentInput) {
      const intent = await (
        await stripeClient()
      ).paymentIntents.create(
        {
          amount: input.amountMinor,
          currency: input.currency.toLowerCase(),
          automatic_payment_methods: { enabled: true },
          // Ids only: no name, no service, nothing clinical leaves the hospital.
          metadata: { carewell_invoice_id: input.invoiceId, carewell_online_payment_id: input.onlinePaymentId },
        },
        { idempotencyKey: input.idempotencyKey },
      );
      return { providerPaymentId: intent.id, clientSecret: intent.client_secret ?? undefined };
    },
    async refund(input) {
      const refund = await (
        await stripeClient()
      ).refunds.create({ payment_intent: input.providerPaymentId, amount: input.amountMinor }, { idempotencyKey: input.idempotencyKey });
      return { providerRefundId: refund.id };
    },
    async parseWebhook(rawBody, header, now) {
      if (!header) throw new WebhookSignatureError('no Stripe-Signature header');
      // The library refuses only a timestamp too old; one from the future is refused here too.
      const signedAt = Number(/(?:^|,)t=(\d+)/.exec(header)?.[1] ?? 0);
      if (signedAt * 1000 - now.getTime() > WEBHOOK_TOLERANCE_SECONDS * 1000) {
        throw new WebhookSignatureError('Stripe signature timestamp in the future');
      }
      const stripe = await stripeClient();
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(
          rawBody,
          header,
          settings.webhookSecret,
          WEBHOOK_TOLERANCE_SECONDS,
          undefined,
          now.getTime(),
        );
      } catch {
        throw new WebhookSignatureError('Stripe signature not verified');
      }
      return toPaymentEvent(event);
    },
  };
}
