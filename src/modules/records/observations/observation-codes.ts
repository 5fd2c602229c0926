/**
 * The measurements Carewell records, by LOINC code (../shared/CLINICAL.md §3): the UCUM unit a value
 * must be in, and two ranges.
 * - `min`–`max`, the IMPOSSIBLE range: outside it a value is a typing slip, not a clinical extreme,
 *   and is refused naming the field. Wide on purpose: it stops 1200 for a systolic pressure, never a
 *   real crisis value.
 * - `plausibleMin`–`plausibleMax`, the IMPLAUSIBLE range: outside it (but possible) a value is rare
 *   enough that the person entering it must confirm it, and it is stored flagged `implausible`.
 *   Editable defaults (docs/vitals.md), chosen wider than every NEWS2 band edge so a real score-3
 *   value never needs a confirmation.
 */
export interface ObservationCode {
  code: string;
  /** UCUM unit code. */
  unit: string;
  min: number;
  max: number;
  plausibleMin: number;
  plausibleMax: number;
  /** Only whole numbers (scores, ordinal scales). */
  integer?: boolean;
  /** Whether a care-plan goal may measure it (the original goal measures; vital-only codes are not). */
  goal: boolean;
  /** The key of its name in the catalogs: records.obs_<key>. */
  key: string;
  /**
   * Other UCUM units a value may arrive in, converted to `unit` through UCUM (@lhncbc/ucum-lhc) before
   * any range check and stored in `unit` only (observations-units.ts). Absent: `unit` alone.
   */
  otherUnits?: OtherUnits;
}

/** Units convertible to a code's unit: mass ↔ substance needs the molar mass (g/mol). */
export interface OtherUnits {
  units: readonly string[];
  molarMass?: number;
  /** Decimal places the converted value is rounded to (the precision the code's unit is read at). */
  decimals: number;
}

/**
 * Glucose: a meter or laboratory outside the US reports mmol/L. Molar mass 180.156 g/mol
 * (../shared/CLINICAL.md §3: "90 mg/dL → 4.996 mmol/L with ucum-lhc's molecular-weight conversion
 * (MW 180.156)"), so 1 mmol/L = 18.0156 mg/dL; rounded to whole mg/dL as meters display it
 * (5.5 mmol/L → 99.09 → 99 mg/dL).
 */
const GLUCOSE_MOLAR: OtherUnits = { units: ['mmol/L'], molarMass: 180.156, decimals: 0 };

const code = (
  loinc: string,
  unit: string,
  [min, max]: [number, number],
  [plausibleMin, plausibleMax]: [number, number],
  key: string,
  extra: { goal?: boolean; integer?: boolean; otherUnits?: OtherUnits } = {},
): ObservationCode => ({
  code: loinc,
  unit,
  min,
  max,
  plausibleMin,
  plausibleMax,
  key,
  goal: extra.goal ?? false,
  integer: extra.integer,
  ...(extra.otherUnits ? { otherUnits: extra.otherUnits } : {}),
});

export const OBSERVATION_CODES: Record<string, ObservationCode> = {
  '8480-6': code('8480-6', 'mm[Hg]', [40, 300], [60, 250], 'systolic_bp', { goal: true }),
  '8462-4': code('8462-4', 'mm[Hg]', [20, 200], [30, 150], 'diastolic_bp', { goal: true }),
  '4548-4': code('4548-4', '%', [3, 20], [4, 15], 'hba1c', { goal: true }),
  '2339-0': code('2339-0', 'mg/dL', [10, 1500], [30, 600], 'glucose', { goal: true, otherUnits: GLUCOSE_MOLAR }),
  // Glucose in capillary blood by glucometer: a home meter's reading, held to the 2339-0 goals (docs/vitals.md).
  '41653-7': code('41653-7', 'mg/dL', [10, 1500], [30, 600], 'capillary_glucose', { otherUnits: GLUCOSE_MOLAR }),
  '29463-7': code('29463-7', 'kg', [0.5, 500], [2, 300], 'body_weight', { goal: true }),
  '59408-5': code('59408-5', '%', [50, 100], [70, 100], 'spo2', { goal: true }),
  '2823-3': code('2823-3', 'mmol/L', [1, 10], [2, 8], 'potassium', { goal: true }),
  '8867-4': code('8867-4', '/min', [20, 300], [30, 220], 'heart_rate', { goal: true }),
  // Vital signs (issue 14).
  '9279-1': code('9279-1', '/min', [1, 80], [5, 60], 'respiratory_rate'),
  '8310-5': code('8310-5', 'Cel', [25, 45], [32, 42], 'body_temperature'),
  // Level of responsiveness (ACVPU) as its ordinal: 0 alert, 1 new confusion, 2 voice, 3 pain, 4 unresponsive.
  '67775-7': code('67775-7', '{ACVPU}', [0, 4], [0, 4], 'consciousness', { integer: true }),
  // Pain severity, 0–10 verbal numeric rating, reported.
  '72514-3': code('72514-3', '{score}', [0, 10], [0, 10], 'pain', { integer: true }),
  '8302-2': code('8302-2', 'cm', [20, 272], [40, 230], 'body_height'),
  '39156-5': code('39156-5', 'kg/m2', [5, 150], [12, 70], 'bmi'),
  // Inhaled oxygen flow, when the patient is on oxygen.
  '3151-8': code('3151-8', 'L/min', [0, 80], [0, 60], 'oxygen_flow'),
};

/** The measures a care-plan goal may track. */
export const OBSERVATION_CODE_LIST = Object.values(OBSERVATION_CODES)
  .filter((c) => c.goal)
  .map((c) => c.code) as [string, ...string[]];

/**
 * Codes measuring the same quantity, shown and trended as one (glucose: a laboratory or ward value
 * and a glucometer's capillary value).
 */
export const SAME_QUANTITY: Readonly<Record<string, string>> = { '41653-7': '2339-0' };

export const observationCode = (code: string | null | undefined): ObservationCode | undefined =>
  code ? OBSERVATION_CODES[code] : undefined;

/** UCUM codes as people write them, for the screen (the stored unit stays the UCUM code). */
const UNIT_DISPLAY: Record<string, string> = { 'mm[Hg]': 'mmHg', Cel: '°C' };
export const unitLabel = (unit: string | null) => (unit ? (UNIT_DISPLAY[unit] ?? unit) : '');
