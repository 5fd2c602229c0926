import { bigint, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, instant, updatedAt } from '../../../../platform/db/columns.js';

/**
 * The built-in test gateway's own books (docs/billing.md): it plays an outside payment provider,
 * so it keeps its intents and events apart from Carewell's. A card is kept only as the token, its
 * last four digits and the test outcome — never the number.
 */
export const testGatewayIntents = pgTable(
  'payment_test_gateway_intents',
  {
    /** `pi_test_…` */
    id: text('id').primaryKey(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    /** requires_payment_method → requires_action → succeeded; refunded */
    status: text('status').notNull(),
    /** The caller's idempotency key: the same key gives back the same intent. */
    idempotencyKey: text('idempotency_key').notNull(),
    /** Where the hosted page sends the payer back (a local path of the merchant). */
    returnPath: text('return_path').notNull(),
    /** The merchant's reference (an online payment id). */
    reference: text('reference').notNull(),
    cardToken: text('card_token'),
    cardLast4: text('card_last4'),
    refundedMinor: bigint('refunded_minor', { mode: 'number' }).notNull().default(0),
    /** The last refund's idempotency key: the same key refunds once. */
    refundKey: text('refund_key'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('payment_test_gateway_intents_idempotency_key').on(t.idempotencyKey)],
);

/** The events the gateway sends to the merchant's webhook, signed; delivered by a pg-boss job. */
export const testGatewayEvents = pgTable(
  'payment_test_gateway_events',
  {
    /** `evt_test_…` */
    id: text('id').primaryKey(),
    intentId: text('intent_id').notNull(),
    type: text('type').notNull(),
    /** The JSON body sent (no card data). */
    payload: text('payload').notNull(),
    createdAt: createdAt(),
    deliveredAt: instant('delivered_at'),
  },
  (t) => [index('payment_test_gateway_events_intent_idx').on(t.intentId, t.createdAt)],
);
