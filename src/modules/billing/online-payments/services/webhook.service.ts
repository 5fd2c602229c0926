import type { Logger } from 'pino';
import { writeAudit } from '../../../../platform/audit/audit.service.js';
import type { Db } from '../../../../platform/db/database.js';
import { notify } from '../../../notifications/index.js';
import { insertPayment, selectInvoiceForUpdate, updateInvoice } from '../../billing.repository.js';
import { statusFor } from '../../services/payments.service.js';
import {
  claimWebhookEvent,
  selectOnlinePaymentForUpdate,
  selectPatientUserId,
  setWebhookOutcome,
  updateOnlinePayment,
  type OnlinePaymentRow,
} from '../online-payments.repository.js';
import { FINAL_STATUSES } from '../online-payments.vocabulary.js';
import type { PaymentEvent, PaymentProvider } from '../provider.js';

export interface WebhookDeps {
  db: Db;
  now: Date;
  provider: PaymentProvider;
  logger?: Logger;
}

export type WebhookOutcome =
  'duplicate' | 'unknown_payment' | 'ignored' | 'applied' | 'refund_due' | 'failed' | 'requires_action' | 'refunded';

/**
 * One verified provider event, processed once (docs/billing.md "Webhooks"): the event id is claimed
 * first (a second delivery finds it and stops), then the payment named by the provider's id is
 * locked, so concurrent deliveries of different events about it run one after the other. A success
 * takes the invoice's row lock like a desk payment; one that would overpay is not applied but
 * refunded in full through the provider.
 */
export async function processPaymentEvent(deps: WebhookDeps, event: PaymentEvent): Promise<WebhookOutcome> {
  const { provider, now } = deps;
  const result = await deps.db.transaction(async (tx) => {
    const claimed = await claimWebhookEvent(tx, {
      provider: provider.name,
      eventId: event.eventId,
      type: event.providerType,
      providerPaymentId: event.providerPaymentId,
      outcome: 'processing',
      receivedAt: now,
    });
    if (!claimed) return { outcome: 'duplicate' as const };
    const payment = event.providerPaymentId ? await selectOnlinePaymentForUpdate(tx, provider.name, event.providerPaymentId) : undefined;
    const outcome: WebhookOutcome = payment ? await apply(tx, now, payment, event) : 'unknown_payment';
    await setWebhookOutcome(tx, provider.name, event.eventId, outcome);
    await writeAudit(
      tx,
      {},
      null,
      {
        action: 'billing.online_payment.webhook',
        resourceType: 'billing_online_payment',
        resourceId: payment?.id ?? null,
        patientId: payment?.patientId ?? null,
        category: 'registration',
        detail: { provider: provider.name, eventType: event.providerType, outcome },
      },
      now,
    );
    return { outcome, payment };
  });
  if (result.outcome === 'refund_due' && result.payment) await refundOverpayment(deps, result.payment);
  return result.outcome;
}

async function apply(tx: Db, now: Date, payment: OnlinePaymentRow, event: PaymentEvent): Promise<WebhookOutcome> {
  switch (event.type) {
    case 'succeeded':
      if (FINAL_STATUSES.includes(payment.status)) return 'ignored';
      return applySuccess(tx, now, payment, event);
    case 'failed':
      if (payment.status !== 'pending' && payment.status !== 'requires_action') return 'ignored';
      await updateOnlinePayment(tx, payment.id, { status: 'failed', updatedAt: now });
      return 'failed';
    case 'requires_action':
      if (payment.status !== 'pending') return 'ignored';
      await updateOnlinePayment(tx, payment.id, { status: 'requires_action', updatedAt: now });
      return 'requires_action';
    case 'refunded':
      // Our own refund of an overpayment, or a refund arriving before its success (out of order):
      // either way the invoice was never credited with it, and a later success is ignored.
      if (payment.status === 'succeeded') return 'ignored';
      await updateOnlinePayment(tx, payment.id, { status: 'refunded', updatedAt: now });
      return 'refunded';
    default:
      return 'ignored';
  }
}

async function applySuccess(tx: Db, now: Date, payment: OnlinePaymentRow, event: PaymentEvent): Promise<WebhookOutcome> {
  const amount = event.amountMinor ?? payment.amountMinor;
  const invoice = await selectInvoiceForUpdate(tx, payment.invoiceId);
  const payable = invoice && ['issued', 'partly_paid'].includes(invoice.status);
  const sameMoney = amount === payment.amountMinor && (event.currency ?? payment.currency) === payment.currency;
  if (!invoice || !payable || !sameMoney || amount > invoice.totalMinor - invoice.paidMinor) {
    // Paid meanwhile at the desk (or voided): taking it would overpay. Flagged, then refunded.
    await updateOnlinePayment(tx, payment.id, { status: 'refund_due', updatedAt: now });
    return 'refund_due';
  }
  const recorded = await insertPayment(tx, {
    invoiceId: invoice.id,
    patientId: invoice.patientId,
    kind: 'payment',
    method: 'online',
    amountMinor: amount,
    currency: invoice.currency,
    reference: event.providerPaymentId,
    receivedAt: now,
    recordedBy: payment.createdBy,
    createdAt: now,
  });
  const paid = invoice.paidMinor + amount;
  await updateInvoice(tx, invoice.id, { paidMinor: paid, status: statusFor(invoice, paid), updatedAt: now });
  await updateOnlinePayment(tx, payment.id, { status: 'succeeded', paymentId: recorded.id, updatedAt: now });
  const userId = await selectPatientUserId(tx, invoice.patientId);
  if (userId) {
    await notify(
      tx,
      {
        recipientUserId: userId,
        category: 'billing',
        template: 'billing.payment_received',
        link: `/portal/receipts/${recorded.id}`,
        dedupeKey: `payment-received:${recorded.id}`,
      },
      now,
    );
  }
  return 'applied';
}

/** Gives an overpaying online payment back in full; if the provider fails, it stays refund_due for staff. */
async function refundOverpayment(deps: WebhookDeps, payment: OnlinePaymentRow): Promise<void> {
  try {
    await deps.provider.refund({
      providerPaymentId: payment.providerPaymentId!,
      amountMinor: payment.amountMinor,
      idempotencyKey: `carewell-overpayment-${payment.id}`,
    });
  } catch (error) {
    deps.logger?.warn(
      { onlinePaymentId: payment.id, error: (error as Error).name },
      'billing: refund of an overpaying online payment failed',
    );
  }
}
