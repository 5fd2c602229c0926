import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineAmounts, sumLines, type LineAmounts } from '../money.js';
import {
  balanceOf,
  creditSplit,
  patientDueOf,
  reducibleOf,
  refundDueOf,
  remainingOf,
  remittanceDue,
  statusFor,
  type InvoiceShares,
} from './ledger.js';

/**
 * The invoice's money always reconciles (docs/billing.md "Balance"): for any invoice and any run of
 * payments, refunds, credit notes and adjustments that the services accept (each checked against
 * the same rules), total − credits − adjustments − payments + refunds = balance − refund due, the
 * balance and the refund due are never negative, a refund due is never more than was paid, and no
 * line is ever credited more than it is, field by field.
 */
const invoiceLines = fc.array(
  fc.record({
    quantity: fc.integer({ min: 1, max: 20 }),
    unitPriceMinor: fc.integer({ min: 0, max: 500_000 }),
    taxRateBp: fc.integer({ min: 0, max: 10_000 }),
    coverageBp: fc.integer({ min: 0, max: 10_000 }),
  }),
  { minLength: 1, maxLength: 6 },
);

const operation = fc.oneof(
  fc.record({ kind: fc.constant('pay' as const), amount: fc.integer({ min: 1, max: 3_000_000 }) }),
  fc.record({ kind: fc.constant('refund' as const), amount: fc.integer({ min: 1, max: 3_000_000 }) }),
  fc.record({ kind: fc.constant('credit' as const), line: fc.nat(5), amount: fc.integer({ min: 1, max: 3_000_000 }) }),
  fc.record({ kind: fc.constant('adjust' as const), amount: fc.integer({ min: 1, max: 3_000_000 }) }),
  // The payer decides to pay some of its share (the claim's adjudication), and its remittance is posted.
  fc.record({ kind: fc.constant('remit' as const), amount: fc.integer({ min: 0, max: 3_000_000 }) }),
);

describe('the invoice ledger', () => {
  it('always reconciles: total − credits − adjustments − payments + refunds = balance − refund due', () => {
    fc.assert(
      fc.property(invoiceLines, fc.array(operation, { maxLength: 30 }), (specs, ops) => {
        const lines = specs.map((s) => lineAmounts(s.quantity, s.unitPriceMinor, s.taxRateBp, s.coverageBp));
        const totals = sumLines(lines);
        const credits: LineAmounts[][] = lines.map(() => []);
        const inv: InvoiceShares = {
          status: 'issued',
          totalMinor: totals.totalMinor,
          paidMinor: 0,
          creditedMinor: 0,
          adjustedMinor: 0,
          insurerShareMinor: totals.insurerShareMinor,
          patientShareMinor: totals.patientShareMinor,
          insurerPaidMinor: 0,
        };
        let payments = 0;
        let refunds = 0;
        let credited = 0;
        let adjusted = 0;
        for (const op of ops) {
          if (op.kind === 'pay') {
            // recordPayment: never more than the balance.
            if (!['issued', 'partly_paid'].includes(inv.status) || op.amount > balanceOf(inv)) continue;
            payments += op.amount;
            inv.paidMinor += op.amount;
          } else if (op.kind === 'refund') {
            // refundPayment: never more than was paid less earlier refunds.
            if (op.amount > inv.paidMinor) continue;
            refunds += op.amount;
            inv.paidMinor -= op.amount;
            // Refunded from the patient's payments first, then from the insurer's remittances.
            inv.insurerPaidMinor = Math.min(inv.insurerPaidMinor, inv.paidMinor);
          } else if (op.kind === 'remit') {
            // The adjudication: the insurer's share becomes what it pays (never above what it was
            // before, the rest moving to the patient); postRemittance posts remittanceDue.
            const decided = Math.min(op.amount, inv.insurerShareMinor);
            inv.patientShareMinor += inv.insurerShareMinor - decided;
            inv.insurerShareMinor = decided;
            const posted = remittanceDue(inv);
            expect(posted).toBeLessThanOrEqual(Math.max(0, inv.insurerShareMinor - inv.insurerPaidMinor));
            expect(posted).toBeLessThanOrEqual(balanceOf(inv));
            payments += posted;
            inv.paidMinor += posted;
            inv.insurerPaidMinor += posted;
          } else if (op.kind === 'credit') {
            const i = op.line % lines.length;
            const split = creditSplit(remainingOf(lines[i]!, credits[i]!), op.amount);
            if (!split || split.totalMinor > reducibleOf(inv)) continue;
            credits[i]!.push(split);
            credited += split.totalMinor;
            inv.creditedMinor += split.totalMinor;
          } else {
            // createAdjustment: never more than is owed.
            if (!['issued', 'partly_paid'].includes(inv.status) || op.amount > balanceOf(inv)) continue;
            adjusted += op.amount;
            inv.adjustedMinor += op.amount;
          }
          inv.status = statusFor(inv);
          expect(totals.totalMinor - credited - adjusted - payments + refunds).toBe(balanceOf(inv) - refundDueOf(inv));
          expect(balanceOf(inv)).toBeGreaterThanOrEqual(0);
          expect(refundDueOf(inv)).toBeLessThanOrEqual(inv.paidMinor);
          expect(inv.creditedMinor + inv.adjustedMinor).toBeLessThanOrEqual(inv.totalMinor);
          expect(inv.paidMinor).toBeLessThanOrEqual(inv.totalMinor);
          expect(inv.insurerShareMinor + inv.patientShareMinor).toBe(inv.totalMinor);
          expect(inv.insurerPaidMinor).toBeLessThanOrEqual(inv.paidMinor);
          expect(patientDueOf(inv)).toBeLessThanOrEqual(balanceOf(inv));
          expect(patientDueOf(inv)).toBeGreaterThanOrEqual(0);
        }
        lines.forEach((line, i) => {
          const left = remainingOf(line, credits[i]!);
          for (const v of Object.values(left)) expect(v).toBeGreaterThanOrEqual(0);
          expect(left.totalMinor).toBe(left.netMinor + left.taxMinor);
          expect(left.totalMinor).toBe(left.insurerShareMinor + left.patientShareMinor);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('a credit splits like its line, never above what is left; the whole remainder exactly', () => {
    fc.assert(
      fc.property(invoiceLines, fc.integer({ min: 1, max: 5_000_000 }), (specs, amount) => {
        const s = specs[0]!;
        const line = lineAmounts(s.quantity, s.unitPriceMinor, s.taxRateBp, s.coverageBp);
        const split = creditSplit(line, amount);
        if (amount > line.totalMinor) {
          expect(split).toBeNull();
          return;
        }
        expect(split!.totalMinor).toBe(amount);
        expect(split!.netMinor + split!.taxMinor).toBe(amount);
        expect(split!.insurerShareMinor + split!.patientShareMinor).toBe(amount);
        for (const k of Object.keys(line) as (keyof LineAmounts)[]) expect(split![k]).toBeLessThanOrEqual(line[k]);
        if (amount === line.totalMinor) expect(split).toEqual(line);
      }),
    );
  });

  it('a credit above the line is refused', () => {
    const line = lineAmounts(1, 1000, 2000, 0);
    expect(creditSplit(line, 1201)).toBeNull();
    expect(creditSplit(line, 0)).toBeNull();
    expect(creditSplit(line, 1200)).toEqual(line);
  });
});
