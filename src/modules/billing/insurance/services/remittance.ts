import { auditActorOf, writeAudit } from '../../../../platform/audit/audit.service.js';
import type { Db } from '../../../../platform/db/database.js';
import { auditAccess } from '../../../patients/index.js';
import { remittanceDue, statusFor } from '../../adjustments/ledger.js';
import { insertRemittance, selectInvoiceForUpdate, updateInvoice } from '../../billing.repository.js';
import type { ClaimRow } from '../insurance.repository.js';
import { moverNow, type ClaimMover } from './claim-steps.js';

/**
 * Posts the insurer's remittance for a claim's adjudication as a payment of method `insurer` on
 * the claimed invoice (docs/billing.md "The insurer's remittance"), in the adjudicating transaction
 * and under the invoice's row lock: what the payer decided to pay and has not yet remitted
 * (`remittanceDue`: the insurer's share still owed, never more than the balance). Once per
 * adjudication: the payment's reference is the adjudication's timeline row, unique among
 * remittances, so a replay posts nothing. Recorded by the person who asked the payer, or — when
 * the payer job brought the decision — by the claim's creator; audited `billing.payment.remittance`.
 * Returns the amount posted (0 when nothing was owed to post).
 */
export async function postRemittance(tx: Db, claim: ClaimRow, adjudicationEventId: string, mover: ClaimMover): Promise<number> {
  const now = moverNow(mover);
  const invoice = (await selectInvoiceForUpdate(tx, claim.invoiceId))!;
  const amount = remittanceDue(invoice);
  if (amount === 0) return 0;
  const payment = await insertRemittance(tx, {
    invoiceId: invoice.id,
    patientId: invoice.patientId,
    kind: 'payment',
    method: 'insurer',
    amountMinor: amount,
    currency: invoice.currency,
    reference: adjudicationEventId,
    receivedAt: now,
    recordedBy: mover.kind === 'person' ? mover.ctx.actor.userId : claim.createdBy,
    createdAt: now,
  });
  if (!payment) return 0;
  const paid = invoice.paidMinor + amount;
  await updateInvoice(tx, invoice.id, {
    paidMinor: paid,
    insurerPaidMinor: invoice.insurerPaidMinor + amount,
    status: statusFor({ ...invoice, paidMinor: paid }),
    updatedAt: now,
  });
  const entry = {
    action: 'billing.payment.remittance',
    resourceType: 'billing_payment',
    resourceId: payment.id,
    category: 'registration' as const,
    detail: { invoiceId: invoice.id, claimId: claim.id, amountMinor: amount, method: 'insurer' },
  };
  if (mover.kind === 'person') await auditAccess(tx, mover.ctx, mover.access, entry);
  else await writeAudit(tx, auditActorOf(null), null, { ...entry, patientId: claim.patientId }, now);
  return amount;
}
