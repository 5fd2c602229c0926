import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineAmounts } from '../money.js';
import { sharesAfterAdjudication } from './adjudication-shares.js';

/** After any payer decision, insurer paid + patient's share (+ adjustments: none) = the invoice's total. */
describe('shares after adjudication', () => {
  it('always reconcile to the invoice total, per line and in sum, whatever the payer answers', () => {
    const line = fc.record({
      quantity: fc.integer({ min: 1, max: 1000 }),
      unitPriceMinor: fc.integer({ min: 0, max: 1_000_000 }),
      taxRateBp: fc.integer({ min: 0, max: 10_000 }),
      coverageBp: fc.integer({ min: 0, max: 10_000 }),
      // What the payer says it pays: anything, even negative or above what was claimed.
      decidedMinor: fc.integer({ min: -1_000_000, max: 2_000_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), (specs) => {
        const invoiceLines = specs.map((s, i) => ({
          id: `l${i}`,
          ...lineAmounts(s.quantity, s.unitPriceMinor, s.taxRateBp, s.coverageBp),
        }));
        const total = invoiceLines.reduce((sum, l) => sum + l.totalMinor, 0);
        const claimLines = invoiceLines
          .map((l, i) => ({ id: `c${i}`, invoiceLineId: l.id, position: i + 1, claimedMinor: l.insurerShareMinor }))
          .filter((c) => c.claimedMinor > 0);
        const paidPerLine = claimLines.map((c) => ({ position: c.position, paidMinor: specs[c.position - 1]!.decidedMinor }));
        const after = sharesAfterAdjudication(invoiceLines, claimLines, paidPerLine);
        const insurer = after.lines.reduce((sum, l) => sum + l.insurerShareMinor, 0);
        const patient = after.lines.reduce((sum, l) => sum + l.patientShareMinor, 0);
        const adjustments = 0;
        expect(insurer + patient + adjustments).toBe(total);
        for (const l of after.lines) {
          expect(l.insurerShareMinor + l.patientShareMinor).toBe(l.totalMinor);
          expect(l.insurerShareMinor).toBeGreaterThanOrEqual(0);
          expect(l.patientShareMinor).toBeGreaterThanOrEqual(0);
        }
        // The insurer never pays more than was claimed, and what it paid is exactly its new share.
        expect(after.paidTotal).toBe(insurer);
        expect(after.paidTotal).toBeLessThanOrEqual(claimLines.reduce((sum, c) => sum + c.claimedMinor, 0));
        for (const c of claimLines) expect(after.claimLinePaid.get(c.id)).toBeLessThanOrEqual(c.claimedMinor);
      }),
      { numRuns: 300 },
    );
  });
});
