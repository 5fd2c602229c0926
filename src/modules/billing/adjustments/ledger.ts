/**
 * What is owed on an invoice, in integer minor units (docs/billing.md "Balance"). Pure: the
 * services, the views and the property test (ledger.test.ts) share these rules.
 *
 *   net owed = total − credited − adjusted − (payments − refunds)
 *   balance = max(0, net owed)            what the patient (or insurer) still owes
 *   refund due = max(0, −net owed)        what the hospital owes back after a credit on a paid invoice
 *
 * A credit note or an adjustment never reduces more than the invoice has left to reduce
 * (`total − credited − adjusted`), so a refund due is never more than was paid.
 */
import type { LineAmounts } from '../money.js';

export interface InvoiceMoney {
  status: string;
  totalMinor: number;
  paidMinor: number;
  creditedMinor: number;
  adjustedMinor: number;
}

/** total − credited − adjusted − paid: negative when more came in than is now owed. */
export function netOwed(i: InvoiceMoney): number {
  if (i.status === 'void' || i.status === 'draft') return 0;
  return i.totalMinor - i.creditedMinor - i.adjustedMinor - i.paidMinor;
}

export const balanceOf = (i: InvoiceMoney): number => Math.max(0, netOwed(i));
export const refundDueOf = (i: InvoiceMoney): number => Math.max(0, -netOwed(i));
/** What a credit note or an adjustment may still take off the invoice. */
export const reducibleOf = (i: InvoiceMoney): number => i.totalMinor - i.creditedMinor - i.adjustedMinor;

/**
 * An issued invoice's status from its money: nothing paid → issued; paid and nothing more owed →
 * paid; otherwise partly paid. (A fully credited invoice with nothing paid stays issued, balance 0.)
 */
export function statusFor(i: Omit<InvoiceMoney, 'status'>): 'issued' | 'partly_paid' | 'paid' {
  if (i.paidMinor === 0) return 'issued';
  return i.totalMinor - i.creditedMinor - i.adjustedMinor - i.paidMinor <= 0 ? 'paid' : 'partly_paid';
}

/** An invoice's shares and what the insurer has remitted (payments of method `insurer` less their refunds). */
export interface InvoiceShares extends InvoiceMoney {
  insurerShareMinor: number;
  patientShareMinor: number;
  insurerPaidMinor: number;
}

/**
 * What an insurer's remittance may post (docs/billing.md "The insurer's remittance"): the insurer's
 * share still owed (its share less what it already remitted), never more than the balance, nothing
 * on an invoice that takes no payment.
 */
export function remittanceDue(i: InvoiceShares): number {
  if (i.status !== 'issued' && i.status !== 'partly_paid') return 0;
  return Math.max(0, Math.min(i.insurerShareMinor - i.insurerPaidMinor, balanceOf(i)));
}

/** The patient's share still owed: their share less what they (not the insurer) paid, never more than the balance. */
export function patientDueOf(i: InvoiceShares): number {
  return Math.max(0, Math.min(balanceOf(i), i.patientShareMinor - (i.paidMinor - i.insurerPaidMinor)));
}

const ZERO: LineAmounts = { netMinor: 0, taxMinor: 0, totalMinor: 0, insurerShareMinor: 0, patientShareMinor: 0 };

/** What is left of a line after its earlier credits, field by field. */
export function remainingOf(line: LineAmounts, credited: readonly LineAmounts[]): LineAmounts {
  // Only the five amounts (a row passed in keeps its other columns to itself).
  const { netMinor, taxMinor, totalMinor, insurerShareMinor, patientShareMinor } = line;
  const left: LineAmounts = { netMinor, taxMinor, totalMinor, insurerShareMinor, patientShareMinor };
  for (const c of credited) for (const k of Object.keys(ZERO) as (keyof LineAmounts)[]) left[k] -= c[k];
  return left;
}

/** `a × b / c` rounded half up, exact (BigInt). */
function share(a: number, b: number, c: number): number {
  if (c === 0) return 0;
  return Number((BigInt(a) * BigInt(b) * 2n + BigInt(c)) / (2n * BigInt(c)));
}

/**
 * Splits a credit of `amountMinor` (gross) on a line into net, tax and shares in proportion to what
 * is left of the line, rounded half up, and never more in any field than is left: the whole
 * remainder is taken exactly, so the line's credits add up to at most the line. Null when the
 * amount is not between 1 and what is left.
 */
export function creditSplit(left: LineAmounts, amountMinor: number): LineAmounts | null {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 1 || amountMinor > left.totalMinor) return null;
  if (amountMinor === left.totalMinor) return { ...left };
  let taxMinor = Math.min(share(amountMinor, left.taxMinor, left.totalMinor), left.taxMinor);
  let netMinor = amountMinor - taxMinor;
  if (netMinor > left.netMinor) [netMinor, taxMinor] = [left.netMinor, amountMinor - left.netMinor];
  let insurerShareMinor = Math.min(share(amountMinor, left.insurerShareMinor, left.totalMinor), left.insurerShareMinor);
  let patientShareMinor = amountMinor - insurerShareMinor;
  if (patientShareMinor > left.patientShareMinor) {
    [patientShareMinor, insurerShareMinor] = [left.patientShareMinor, amountMinor - left.patientShareMinor];
  }
  return { netMinor, taxMinor, totalMinor: amountMinor, insurerShareMinor, patientShareMinor };
}
