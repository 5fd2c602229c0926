import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt } from '../../../platform/db/columns.js';
import { patients } from '../../patients/index.js';
import { invoices, payments } from '../billing.tables.js';
import type { OnlinePaymentStatus, ProviderName } from './online-payments.vocabulary.js';

const minor = (name: string) => bigint(name, { mode: 'number' });

/**
 * A payment the patient started online (docs/billing.md, "Online payments"): one row per attempt,
 * keyed by the provider's payment id. It becomes a `billing_payments` row only when the provider's
 * signed webhook says the money arrived; never a card number, only the provider's ids.
 */
export const onlinePayments = pgTable(
  'billing_online_payments',
  {
    id: id(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    provider: text('provider').$type<ProviderName>().notNull(),
    /** The provider's id of the payment (a PaymentIntent's `pi_…`); null until the provider answered. */
    providerPaymentId: text('provider_payment_id'),
    amountMinor: minor('amount_minor').notNull(),
    currency: text('currency').notNull(),
    status: text('status').$type<OnlinePaymentStatus>().notNull(),
    /** The payment recorded on the invoice once the money arrived. */
    paymentId: uuid('payment_id').references(() => payments.id),
    /** The starting request's Idempotency-Key (per person): a retry finds this row, not a new payment. */
    idempotencyKey: text('idempotency_key').notNull(),
    /** The patient's user who started it: the recorded payment's `recorded_by`. */
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('billing_online_payments_invoice_idx').on(t.invoiceId, t.createdAt),
    // The webhook finds the payment by the provider's id: at most one row per provider payment.
    uniqueIndex('billing_online_payments_provider_key')
      .on(t.provider, t.providerPaymentId)
      .where(sql`${t.providerPaymentId} is not null`),
    uniqueIndex('billing_online_payments_idempotency_key').on(t.createdBy, t.idempotencyKey),
    check('billing_online_payments_amount_check', sql`${t.amountMinor} > 0`),
    check(
      'billing_online_payments_status_check',
      sql`${t.status} in ('pending','requires_action','succeeded','failed','refund_due','refunded')`,
    ),
  ],
);

/**
 * Every provider event processed, by the provider's event id: a second delivery of the same event
 * finds its row and changes nothing (webhooks are delivered at least once).
 */
export const paymentWebhookEvents = pgTable(
  'billing_payment_webhook_events',
  {
    provider: text('provider').$type<ProviderName>().notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    providerPaymentId: text('provider_payment_id'),
    /** What processing did: applied, ignored (stale or unknown payment), refund_due… */
    outcome: text('outcome').notNull(),
    receivedAt: instant('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);
