/** The payment providers (PAYMENT_PROVIDER): the built-in test gateway, or Stripe. */
export const PROVIDER_NAMES = ['test', 'stripe'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/**
 * pending → (requires_action →) succeeded | failed. A success that would overpay the invoice is
 * not applied: refund_due → refunded (given back through the provider). A refund before the
 * success (events out of order) ends it as refunded without ever touching the invoice.
 */
export const ONLINE_PAYMENT_STATUSES = ['pending', 'requires_action', 'succeeded', 'failed', 'refund_due', 'refunded'] as const;
export type OnlinePaymentStatus = (typeof ONLINE_PAYMENT_STATUSES)[number];

/** Statuses after which no later event changes the payment (except a refund of a success). */
export const FINAL_STATUSES: readonly OnlinePaymentStatus[] = ['succeeded', 'refund_due', 'refunded'];
