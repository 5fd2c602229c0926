import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { notFound } from '../../../../platform/errors.js';
import { auditAccess } from '../../../patients/index.js';
import { selectPaymentById } from '../../billing.repository.js';
import type { PaymentMethod } from '../../billing.vocabulary.js';
import { invoiceAccess } from '../../services/billing-access.js';

export interface ReceiptDto {
  id: string;
  kind: 'payment' | 'refund';
  invoiceId: string;
  invoiceNumber: string | null;
  patientName: string;
  patientMrn: string;
  method: PaymentMethod;
  amountMinor: number;
  currency: string;
  reference: string | null;
  reason: string | null;
  receivedAt: string;
  /** What is still owed on the invoice now. */
  invoiceBalanceMinor: number;
}

/** The receipt of one payment or refund: the patient's own, or any for billing staff. Audited. */
export async function getReceipt(db: Db, ctx: ServiceContext, paymentId: string): Promise<ReceiptDto> {
  const payment = await selectPaymentById(db, paymentId);
  if (!payment) throw notFound('The receipt');
  const { invoice, access } = await invoiceAccess(db, ctx, payment.invoiceId, 'billing.receipt.read');
  await auditAccess(db, ctx, access, {
    action: 'billing.receipt.read',
    resourceType: 'billing_payment',
    resourceId: paymentId,
    category: 'registration',
  });
  const patient = access.patient;
  return {
    id: payment.id,
    kind: payment.kind,
    invoiceId: invoice.id,
    invoiceNumber: invoice.number,
    patientName: `${patient.givenName} ${patient.familyName}`,
    patientMrn: patient.mrn,
    method: payment.method,
    amountMinor: payment.amountMinor,
    currency: payment.currency,
    reference: payment.reference,
    reason: payment.reason,
    receivedAt: payment.receivedAt.toISOString(),
    invoiceBalanceMinor: invoice.status === 'void' ? 0 : invoice.totalMinor - invoice.paidMinor,
  };
}
