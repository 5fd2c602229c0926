/**
 * Invoice arithmetic in integer minor units (docs/billing.md "Rounding"). BigInt inside, so no
 * product of a quantity, a price and a rate ever loses a unit to floating point; the results fit
 * a JavaScript number (the inputs are bounded by billing.vocabulary.ts).
 */

export interface LineAmounts {
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
  insurerShareMinor: number;
  patientShareMinor: number;
}

const BP = 10_000n;

/** `amount × basisPoints / 10 000`, rounded half up (amounts here are never negative). */
export function applyBasisPoints(amountMinor: number, basisPoints: number): number {
  return Number((BigInt(amountMinor) * BigInt(basisPoints) + BP / 2n) / BP);
}

/**
 * One line: net = quantity × unit price; tax on the net, rounded per line (half up); the
 * insurer's share of the line's total at the coverage rate, rounded the same way; the patient
 * pays the rest, so the two shares always add up to the total.
 */
export function lineAmounts(quantity: number, unitPriceMinor: number, taxRateBp: number, insurerCoverageBp: number): LineAmounts {
  const netMinor = Number(BigInt(quantity) * BigInt(unitPriceMinor));
  const taxMinor = applyBasisPoints(netMinor, taxRateBp);
  const totalMinor = netMinor + taxMinor;
  const insurerShareMinor = applyBasisPoints(totalMinor, insurerCoverageBp);
  return { netMinor, taxMinor, totalMinor, insurerShareMinor, patientShareMinor: totalMinor - insurerShareMinor };
}

/** An invoice's totals: the sums of its lines, field by field (the database checks the same at commit). */
export function sumLines(lines: readonly LineAmounts[]): LineAmounts {
  const total: LineAmounts = { netMinor: 0, taxMinor: 0, totalMinor: 0, insurerShareMinor: 0, patientShareMinor: 0 };
  for (const line of lines) {
    total.netMinor += line.netMinor;
    total.taxMinor += line.taxMinor;
    total.totalMinor += line.totalMinor;
    total.insurerShareMinor += line.insurerShareMinor;
    total.patientShareMinor += line.patientShareMinor;
  }
  return total;
}

/** Minor units per major unit (ISO 4217): 100 for most currencies; the few others named. */
const MINOR_DIGITS: Record<string, number> = { JPY: 0, KRW: 0, XOF: 0, XAF: 0, BHD: 3, KWD: 3, OMR: 3, TND: 3, JOD: 3 };

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/** A decimal amount typed by a person ("12.50") in minor units, or null when it is not one. */
export function parseMajorAmount(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const match = /^(\d{1,10})(?:[.,](\d+))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}
