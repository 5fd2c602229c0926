import ucum from '@lhncbc/ucum-lhc';
import type { ObservationCode } from './observation-codes.js';

// Made at the first conversion, not at import: the tables' loader (drizzle-kit) imports this file
// through the module's index without the library's ESM interop, and most processes never convert.
let utils: ReturnType<typeof ucum.UcumLhcUtils.getInstance> | undefined;

/** The units a code's value may be given in: its own first, then those converted to it. */
export const acceptedUnits = (known: ObservationCode): string[] => [known.unit, ...(known.otherUnits?.units ?? [])];

/**
 * A value given in one of the code's other units, converted to the code's unit through UCUM (the
 * library the labs module converts with) and rounded to the code's precision. Null when the unit is
 * not one the code accepts: other units are refused, never guessed (g/L is a mass concentration
 * UCUM could convert, but no glucose meter reports it, so it more likely means a slip).
 */
export function toCodeUnit(known: ObservationCode, value: number, unit: string): number | null {
  if (unit === known.unit) return value;
  const other = known.otherUnits;
  if (!other?.units.includes(unit)) return null;
  utils ??= ucum.UcumLhcUtils.getInstance();
  const answer = utils.convertUnitTo(unit, value, known.unit, other.molarMass ? { molecularWeight: other.molarMass } : undefined);
  if (answer.status !== 'succeeded' || typeof answer.toVal !== 'number' || !Number.isFinite(answer.toVal)) return null;
  const scale = 10 ** other.decimals;
  return Math.round(answer.toVal * scale) / scale;
}
