import type { Placeholder } from 'drizzle-orm';
import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead, type DeferredRead } from '../../../../platform/db/read-together.js';
import { AppError, conflict, notFound } from '../../../../platform/errors.js';
import { auditAccess } from '../../../patients/index.js';
import type { InvoiceRow } from '../../billing.repository.js';
import { invoiceAccess } from '../../services/billing-access.js';
import {
  insertOnlinePayment,
  selectInvoiceOnlinePayments,
  selectOnlinePaymentById,
  updateOnlinePayment,
  type OnlinePaymentRow,
} from '../online-payments.repository.js';
import type { PaymentProvider } from '../provider.js';

export interface OnlinePaymentDto {
  id: string;
  invoiceId: string;
  status: OnlinePaymentRow['status'];
  amountMinor: number;
  currency: string;
  provider: OnlinePaymentRow['provider'];
  /** The recorded payment (its receipt) once the money arrived. */
  paymentId: string | null;
  createdAt: string;
}

export interface StartedPayment extends OnlinePaymentDto {
  /** Test gateway: its hosted card page. */
  redirectPath: string | null;
  /** Stripe: for the Payment Element (never logged, never stored). */
  clientSecret: string | null;
}

export const toOnlinePaymentDto = (row: OnlinePaymentRow): OnlinePaymentDto => ({
  id: row.id,
  invoiceId: row.invoiceId,
  status: row.status,
  amountMinor: row.amountMinor,
  currency: row.currency,
  provider: row.provider,
  paymentId: row.paymentId,
  createdAt: row.createdAt.toISOString(),
});

/** PAYMENT_PROVIDER=none: the hospital takes no payment online (docs/billing.md). */
export const onlinePaymentsDisabled = () =>
  new AppError('online_payments_disabled', 'This hospital does not take payments online. Pay at the billing desk.');

/**
 * What the patient still owes of their own share: their share less what they paid (the insurer's
 * remittances do not count towards it), never more than the invoice's balance.
 */
export function patientDueMinor(
  invoice: Pick<InvoiceRow, 'status' | 'totalMinor' | 'paidMinor' | 'patientShareMinor' | 'insurerPaidMinor'>,
): number {
  if (invoice.status !== 'issued' && invoice.status !== 'partly_paid') return 0;
  const patientPaid = invoice.paidMinor - invoice.insurerPaidMinor;
  return Math.max(0, Math.min(invoice.totalMinor - invoice.paidMinor, invoice.patientShareMinor - patientPaid));
}

/**
 * Starts paying the patient's share online: one online payment per Idempotency-Key (a retry finds
 * it and gets the same provider intent, created with an idempotency key of its own), then the
 * provider's intent. Nothing is recorded on the invoice until the provider's webhook says so.
 */
export async function startOnlinePayment(
  db: Db,
  ctx: ServiceContext,
  provider: PaymentProvider | null,
  invoiceId: string,
  idempotencyKey: string,
): Promise<StartedPayment> {
  if (!provider) throw onlinePaymentsDisabled();
  const { invoice, access } = await invoiceAccess(db, ctx, invoiceId, 'billing.online_payment.start');
  const existing = await db.transaction(async (tx) => {
    const [row] = (await selectInvoiceOnlinePayments(tx, invoiceId)).filter(
      (p) => p.idempotencyKey === idempotencyKey && p.createdBy === ctx.actor.userId,
    );
    if (row) return row;
    const due = patientDueMinor(invoice);
    if (due === 0) throw conflict('Nothing is owed on your share of this bill.');
    const created = await insertOnlinePayment(tx, {
      invoiceId,
      patientId: invoice.patientId,
      provider: provider.name,
      amountMinor: due,
      currency: invoice.currency,
      status: 'pending',
      idempotencyKey,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await auditAccess(tx, ctx, access, {
      action: 'billing.online_payment.start',
      resourceType: 'billing_online_payment',
      resourceId: created.id,
      category: 'registration',
      detail: { invoiceId, provider: provider.name },
    });
    return created;
  });
  const intent = await provider.createIntent({
    amountMinor: existing.amountMinor,
    currency: existing.currency,
    invoiceId,
    onlinePaymentId: existing.id,
    idempotencyKey: `carewell-online-payment-${existing.id}`,
    returnPath: `/portal/bills/${invoiceId}?online=${existing.id}`,
  });
  const row = existing.providerPaymentId
    ? existing
    : await updateOnlinePayment(db, existing.id, { providerPaymentId: intent.providerPaymentId, updatedAt: ctx.now });
  return { ...toOnlinePaymentDto(row), redirectPath: intent.redirectPath ?? null, clientSecret: intent.clientSecret ?? null };
}

/** One online payment's status (the patient's own, or billing staff). */
export async function getOnlinePayment(db: Db, ctx: ServiceContext, id: string): Promise<OnlinePaymentDto> {
  const row = await selectOnlinePaymentById(db, id);
  if (!row) throw notFound('The payment');
  const { access } = await invoiceAccess(db, ctx, row.invoiceId, 'billing.online_payment.read');
  await auditAccess(db, ctx, access, {
    action: 'billing.online_payment.read',
    resourceType: 'billing_online_payment',
    resourceId: id,
    category: 'registration',
  });
  return toOnlinePaymentDto(row);
}

/**
 * An invoice's online payments as a read not run yet (no audit of its own: the patient's bill reads
 * it in the invoice's statement, with the invoice's audit row).
 */
export function invoiceOnlinePaymentsRead(db: Db, invoiceId: Placeholder): DeferredRead<OnlinePaymentDto[]> {
  return deferRead(selectInvoiceOnlinePayments(db, invoiceId), (rows) => rows.map(toOnlinePaymentDto));
}
