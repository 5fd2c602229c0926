import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { conflict, notFound, unprocessable } from '../../../platform/errors.js';
import { runIdempotent, type IdempotentOutcome, type IdempotentRequest } from '../../../platform/http/idempotency.js';
import { auditAccess } from '../../patients/index.js';
import {
  insertPayment,
  selectInvoiceForUpdate,
  selectPaymentById,
  sumRefundsOf,
  updateInvoice,
  type InvoiceRow,
} from '../billing.repository.js';
import type { PaymentDto, RecordPaymentInput, RefundInput } from '../billing.schemas.js';
import type { InvoiceStatus } from '../billing.vocabulary.js';
import { balanceOf, statusFor as ledgerStatus } from '../adjustments/ledger.js';
import { refundOnlinePaymentThroughProvider } from '../online-payments/services/online-refund.service.js';
import type { PaymentProvider } from '../online-payments/provider.js';
import { billingAccess, invoiceAccess } from './billing-access.js';
import { toPaymentDto } from './billing-view.js';

/** The status an issued invoice has for what has been paid on it (credits and adjustments count: adjustments/ledger.ts). */
export function statusFor(invoice: InvoiceRow, paidMinor: number): InvoiceStatus {
  return ledgerStatus({ ...invoice, paidMinor });
}

/**
 * Money taken at the desk (cash, card terminal, bank transfer). Under the invoice's row lock, so
 * two payments at once can never together exceed what is owed: the second sees the first's.
 * An `Idempotency-Key` replays the first answer instead of taking the money twice.
 */
export async function recordPayment(
  db: Db,
  ctx: ServiceContext,
  invoiceId: string,
  input: RecordPaymentInput,
  idempotency?: IdempotentRequest,
): Promise<IdempotentOutcome<PaymentDto>> {
  const { access } = await invoiceAccess(db, ctx, invoiceId, 'billing.payment.record');
  return runIdempotent(db, idempotency, ctx.now, async (tx) => {
    const invoice = await selectInvoiceForUpdate(tx, invoiceId);
    if (!invoice || !['issued', 'partly_paid'].includes(invoice.status)) {
      throw conflict('Only an issued invoice with something still owed takes a payment.');
    }
    const owed = balanceOf(invoice);
    if (input.amountMinor > owed) throw unprocessable(`That is more than is owed on this invoice (${owed} in minor units).`);
    const payment = await insertPayment(tx, {
      invoiceId,
      patientId: invoice.patientId,
      kind: 'payment',
      method: input.method,
      amountMinor: input.amountMinor,
      currency: invoice.currency,
      reference: input.reference ?? null,
      receivedAt: ctx.now,
      recordedBy: ctx.actor.userId,
      createdAt: ctx.now,
    });
    const paid = invoice.paidMinor + input.amountMinor;
    await updateInvoice(tx, invoiceId, { paidMinor: paid, status: statusFor(invoice, paid), updatedAt: ctx.now });
    await auditAccess(tx, ctx, access, {
      action: 'billing.payment.record',
      resourceType: 'billing_payment',
      resourceId: payment.id,
      category: 'registration',
      detail: { invoiceId, amountMinor: input.amountMinor, method: input.method },
    });
    return { status: 201, body: toPaymentDto(payment) };
  });
}

/**
 * Gives back some or all of one payment, with a reason: never more than that payment brought
 * less what was already refunded from it (so never more than was paid). An online payment's refund
 * goes back through its provider first (online-payments/services/online-refund.service.ts).
 */
export async function refundPayment(
  db: Db,
  ctx: ServiceContext,
  paymentId: string,
  input: RefundInput,
  idempotency?: IdempotentRequest,
  provider: PaymentProvider | null = null,
): Promise<IdempotentOutcome<PaymentDto>> {
  const original = await selectPaymentById(db, paymentId);
  if (original?.kind !== 'payment') throw notFound('The payment');
  const access = await billingAccess(db, ctx, original.patientId, 'billing.payment.refund');
  return runIdempotent(db, idempotency, ctx.now, async (tx) => {
    // The invoice's lock serialises every payment and refund on it, this payment's included.
    const invoice = await selectInvoiceForUpdate(tx, original.invoiceId);
    const refunded = await sumRefundsOf(tx, paymentId);
    const refundable = original.amountMinor - refunded;
    if (input.amountMinor > refundable)
      throw unprocessable(`That is more than can be refunded from this payment (${refundable} in minor units).`);
    const providerRefundId = await refundOnlinePaymentThroughProvider(tx, provider, original, refunded, input.amountMinor);
    const refund = await insertPayment(tx, {
      invoiceId: original.invoiceId,
      patientId: original.patientId,
      kind: 'refund',
      method: original.method,
      amountMinor: input.amountMinor,
      currency: original.currency,
      refundOf: paymentId,
      reference: providerRefundId,
      reason: input.reason,
      receivedAt: ctx.now,
      recordedBy: ctx.actor.userId,
      createdAt: ctx.now,
    });
    const paid = invoice!.paidMinor - input.amountMinor;
    // Giving back some of an insurer's remittance lowers what the insurer has paid too.
    const insurerPaidMinor = invoice!.insurerPaidMinor - (original.method === 'insurer' ? input.amountMinor : 0);
    await updateInvoice(tx, original.invoiceId, {
      paidMinor: paid,
      insurerPaidMinor,
      status: statusFor(invoice!, paid),
      updatedAt: ctx.now,
    });
    await auditAccess(tx, ctx, access, {
      action: 'billing.payment.refund',
      resourceType: 'billing_payment',
      resourceId: refund.id,
      category: 'registration',
      detail: {
        invoiceId: original.invoiceId,
        paymentId,
        amountMinor: input.amountMinor,
        ...(providerRefundId ? { providerRefundId } : {}),
      },
    });
    return { status: 201, body: toPaymentDto(refund) };
  });
}
