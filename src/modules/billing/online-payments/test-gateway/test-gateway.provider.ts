import type { AppDeps } from '../../../../platform/http/context.js';
import type { CreateIntentInput, PaymentEvent, PaymentEventType, PaymentProvider } from '../provider.js';
import { WebhookSignatureError } from '../provider.js';
import { verifyTestGatewaySignature } from './signature.js';
import { createGatewayIntent, refundGatewayIntent } from './test-gateway.service.js';

const EVENT_TYPES: Record<string, PaymentEventType> = {
  'payment_intent.succeeded': 'succeeded',
  'payment_intent.payment_failed': 'failed',
  'payment_intent.requires_action': 'requires_action',
  'charge.refunded': 'refunded',
};

/** Reads a verified test-gateway event (the same shape as Stripe's, trimmed). */
export function parseTestGatewayEvent(rawBody: string): PaymentEvent {
  let parsed: { id?: unknown; type?: unknown; data?: { object?: { id?: unknown; amount?: unknown; currency?: unknown } } };
  try {
    parsed = JSON.parse(rawBody) as typeof parsed;
  } catch {
    throw new WebhookSignatureError('body is not JSON');
  }
  const object = parsed.data?.object ?? {};
  if (typeof parsed.id !== 'string' || typeof parsed.type !== 'string') throw new WebhookSignatureError('not an event');
  return {
    eventId: parsed.id,
    providerType: parsed.type,
    type: EVENT_TYPES[parsed.type] ?? 'other',
    providerPaymentId: typeof object.id === 'string' ? object.id : null,
    amountMinor: typeof object.amount === 'number' ? object.amount : null,
    currency: typeof object.currency === 'string' ? object.currency : null,
  };
}

/** The built-in test gateway as a provider: intents and refunds in its own tables, webhooks signed. */
export function createTestGatewayProvider(deps: Pick<AppDeps, 'db' | 'clock' | 'jobs'>, webhookSecret: string): PaymentProvider {
  const gateway = () => ({ db: deps.db, now: deps.clock(), jobs: deps.jobs });
  return {
    name: 'test',
    async createIntent(input: CreateIntentInput) {
      const intent = await createGatewayIntent(gateway(), {
        amountMinor: input.amountMinor,
        currency: input.currency,
        idempotencyKey: input.idempotencyKey,
        returnPath: input.returnPath,
        reference: input.onlinePaymentId,
      });
      return { providerPaymentId: intent.id, redirectPath: `/payments/test-gateway/checkout/${intent.id}` };
    },
    async refund(input) {
      return { providerRefundId: await refundGatewayIntent(gateway(), input.providerPaymentId, input.amountMinor, input.idempotencyKey) };
    },
    async parseWebhook(rawBody, header, now) {
      verifyTestGatewaySignature(webhookSecret, rawBody, header, now);
      return parseTestGatewayEvent(rawBody);
    },
  };
}
