import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyBasisPoints, lineAmounts, parseMajorAmount, sumLines } from './money.js';
import { QUANTITY_MAX, TAX_RATE_MAX_BP, UNIT_PRICE_MAX_MINOR } from './billing.vocabulary.js';

const line = fc.record({
  quantity: fc.integer({ min: 1, max: QUANTITY_MAX }),
  unitPriceMinor: fc.integer({ min: 0, max: UNIT_PRICE_MAX_MINOR }),
  taxRateBp: fc.integer({ min: 0, max: TAX_RATE_MAX_BP }),
});

describe('invoice arithmetic', () => {
  it('rounds half up per line: 5.5 % of 1.00 is 0.06, 5.4 % is 0.05, 20 % of 0.03 is 0.01', () => {
    expect(applyBasisPoints(100, 550)).toBe(6);
    expect(applyBasisPoints(100, 540)).toBe(5);
    expect(applyBasisPoints(3, 2000)).toBe(1);
    expect(applyBasisPoints(2, 2000)).toBe(0);
  });

  it('every line adds up: net = quantity × price, total = net + tax, shares = total, nothing negative', () => {
    fc.assert(
      fc.property(line, fc.integer({ min: 0, max: 10_000 }), ({ quantity, unitPriceMinor, taxRateBp }, coverage) => {
        const a = lineAmounts(quantity, unitPriceMinor, taxRateBp, coverage);
        expect(a.netMinor).toBe(quantity * unitPriceMinor);
        expect(a.totalMinor).toBe(a.netMinor + a.taxMinor);
        expect(a.insurerShareMinor + a.patientShareMinor).toBe(a.totalMinor);
        expect(Number.isSafeInteger(a.totalMinor)).toBe(true);
        expect(Math.min(a.taxMinor, a.insurerShareMinor, a.patientShareMinor)).toBeGreaterThanOrEqual(0);
        // Within half a minor unit of the exact tax (as the database's CHECK computes it).
        expect(Math.abs(a.taxMinor - (a.netMinor * taxRateBp) / 10_000)).toBeLessThanOrEqual(0.5);
      }),
    );
  });

  it("an invoice's totals are the sums of its lines, and its shares still add up to its total", () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 50 }), fc.integer({ min: 0, max: 10_000 }), (lines, coverage) => {
        const amounts = lines.map((l) => lineAmounts(l.quantity, l.unitPriceMinor, l.taxRateBp, coverage));
        const total = sumLines(amounts);
        expect(total.totalMinor).toBe(total.netMinor + total.taxMinor);
        expect(total.insurerShareMinor + total.patientShareMinor).toBe(total.totalMinor);
        expect(total.netMinor).toBe(lines.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0));
      }),
    );
  });

  it('reads amounts people type, in the currency’s minor digits', () => {
    expect(parseMajorAmount('12.5', 'EUR')).toBe(1250);
    expect(parseMajorAmount('12,50', 'EUR')).toBe(1250);
    expect(parseMajorAmount('12', 'EUR')).toBe(1200);
    expect(parseMajorAmount('1200', 'JPY')).toBe(1200);
    expect(parseMajorAmount('1.234', 'KWD')).toBe(1234);
    expect(parseMajorAmount('1.234', 'EUR')).toBeNull();
    expect(parseMajorAmount('-3', 'EUR')).toBeNull();
    expect(parseMajorAmount('abc', 'EUR')).toBeNull();
  });
});
