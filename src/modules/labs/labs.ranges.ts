import ucum from '@lhncbc/ucum-lhc';
import type { CatalogueRange } from './labs.catalogue-defaults.js';
import type { LabFlag } from './labs.vocabulary.js';

/** Completed years between a birth date (YYYY-MM-DD) and an instant, on the calendar date in UTC. */
export function ageInYears(birthDate: string, at: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = at.getUTCFullYear() - y;
  const month = at.getUTCMonth() + 1;
  if (month < m || (month === m && at.getUTCDate() < d)) age -= 1;
  return Math.max(0, age);
}

/**
 * The range for a patient: the rows whose age band holds the age (ageMin inclusive, ageMax
 * exclusive), a row for the patient's own sex before an `any` row. A patient whose sex is not
 * female or male (other, unknown, not recorded) gets the `any` row only.
 */
export function rangeFor(ranges: readonly CatalogueRange[], sex: string | null, age: number): CatalogueRange | undefined {
  const inAge = ranges.filter((r) => age >= r.ageMin && (r.ageMax === null || age < r.ageMax));
  return inAge.find((r) => r.sex !== 'any' && r.sex === sex) ?? inAge.find((r) => r.sex === 'any');
}

/**
 * The flag of a numeric value. Critical when it falls OUTSIDE a critical limit (Kost 1990: at the
 * limit is not critical); high/low when outside the reference interval (its ends are normal).
 * No range for this patient: no flag.
 */
export function flagFor(value: number, range: CatalogueRange | undefined): LabFlag | null {
  if (!range) return null;
  if (range.criticalLow !== null && value < range.criticalLow) return 'critical_low';
  if (range.criticalHigh !== null && value > range.criticalHigh) return 'critical_high';
  if (range.low !== null && value < range.low) return 'low';
  if (range.high !== null && value > range.high) return 'high';
  return 'normal';
}

export const isCritical = (flag: LabFlag | null): boolean => flag === 'critical_low' || flag === 'critical_high';

const utils = ucum.UcumLhcUtils.getInstance();

export function isValidUcum(unit: string): boolean {
  return utils.validateUnitString(unit, true).status === 'valid';
}

/**
 * Converts a value to the test's unit through UCUM (@lhncbc/ucum-lhc): same-dimension units
 * directly (g/L → g/dL, 10*9/L → 10*3/uL), mass ↔ substance (mg/dL ↔ mmol/L) with the test's
 * molar mass. Answers null when the units cannot be converted (the caller says so, 400/422).
 */
export function convertToUnit(value: number, from: string, to: string, molarMass: number | null): number | null {
  if (from === to) return value;
  const options = molarMass ? { molecularWeight: molarMass } : undefined;
  const answer = utils.convertUnitTo(from, value, to, options);
  if (answer.status !== 'succeeded' || typeof answer.toVal !== 'number' || !Number.isFinite(answer.toVal)) return null;
  // Twelve significant digits: drops binary noise (0.1 + 0.2) without touching a reported value.
  return Number(answer.toVal.toPrecision(12));
}
