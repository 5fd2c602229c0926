import type { ProviderName } from './online-payments.vocabulary.js';

/** What Carewell asks of a payment provider (docs/billing.md, "Online payments"). */
export interface CreateIntentInput {
  amountMinor: number;
  currency: string;
  invoiceId: string;
  /** Carewell's online payment id: the provider keeps it as the payment's reference. */
  onlinePaymentId: string;
  /** The same key gives back the same intent: a retried request never charges twice. */
  idempotencyKey: string;
  /** The local path the payer comes back to after the provider's card page. */
  returnPath: string;
}

export interface CreatedIntent {
  providerPaymentId: string;
  /** Test gateway: its hosted card page. Stripe: none (the Payment Element uses the client secret). */
  redirectPath?: string;
  clientSecret?: string;
}

export interface RefundInput {
  providerPaymentId: string;
  amountMinor: number;
  idempotencyKey: string;
}

/** A provider's event, reduced to what Carewell acts on. */
export type PaymentEventType = 'succeeded' | 'failed' | 'requires_action' | 'refunded' | 'other';

export interface PaymentEvent {
  eventId: string;
  type: PaymentEventType;
  /** The provider's name for the event (`payment_intent.succeeded`…), for the event table. */
  providerType: string;
  providerPaymentId: string | null;
  amountMinor: number | null;
  currency: string | null;
}

/** The provider refused a webhook's signature or timestamp (answered 400). */
export class WebhookSignatureError extends Error {
  constructor(reason: string) {
    super(`webhook signature refused: ${reason}`);
  }
}

export interface PaymentProvider {
  readonly name: ProviderName;
  createIntent(input: CreateIntentInput): Promise<CreatedIntent>;
  /** The provider's current status of a payment (the status page asks when no webhook came yet). */
  refund(input: RefundInput): Promise<{ providerRefundId: string }>;
  /**
   * Verifies the signature (with a timestamp tolerance against replays) and parses the event.
   * Asynchronous so an adapter may load its library on first use.
   */
  parseWebhook(rawBody: string, signatureHeader: string | undefined, now: Date): Promise<PaymentEvent>;
}

/** Seconds a webhook's signed timestamp may differ from now (Stripe's default tolerance). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;
