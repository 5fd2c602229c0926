/**
 * NEWS2 (Royal College of Physicians, National Early Warning Score (NEWS) 2, London 2017), exactly as
 * the RCP chart in ../shared/CLINICAL.md §4.1: seven parameters scored 0–3 and summed (0–20). Pure:
 * no clock, no database; the caller passes the patient's age at the reading and the recorded flags.
 *
 * Values are scored at the chart's precision: respiration, SpO2, systolic pressure and pulse as whole
 * numbers, temperature to one decimal (35.04 °C is 35.0 and scores 3), so no value falls between bands.
 */

export const ACVPU = ['alert', 'confusion', 'voice', 'pain', 'unresponsive'] as const;
export type Acvpu = (typeof ACVPU)[number];

export type Spo2Scale = 1 | 2;

/** One set of readings; an absent parameter is `undefined` (an incomplete set). */
export interface News2Input {
  respiratoryRate?: number;
  spo2?: number;
  /** Air (false) or supplemental oxygen (true); must be recorded for a complete set. */
  onOxygen?: boolean;
  systolicBp?: number;
  pulse?: number;
  consciousness?: Acvpu;
  temperature?: number;
}

export const NEWS2_PARAMETERS = ['respiratoryRate', 'spo2', 'onOxygen', 'systolicBp', 'pulse', 'consciousness', 'temperature'] as const;
export type News2Parameter = (typeof NEWS2_PARAMETERS)[number];

/** The clinical response of the RCP "thresholds and triggers" table. */
export type News2Response = 'routine' | 'ward' | 'urgent' | 'emergency';
export type News2Risk = 'low' | 'low_medium' | 'medium' | 'high';

export interface News2Score {
  /** Per parameter score; absent parameters are missing from the map. */
  parameterScores: Partial<Record<News2Parameter, number>>;
  missing: News2Parameter[];
  complete: boolean;
  /** The aggregate, only for a complete set. */
  total: number | null;
  /** A parameter scoring 3 (a "red score"): triggers an urgent response even in an incomplete set. */
  redScore: boolean;
  scale: Spo2Scale;
  risk: News2Risk | null;
  response: News2Response | null;
  /**
   * Minimum monitoring in minutes (RCP: 12-hourly, 4–6-hourly → the stricter 4, 1-hourly,
   * continuous → 15 as the overdue threshold); for an incomplete set without a red score, 60
   * (repeat the whole set soon).
   */
  observationIntervalMinutes: number;
}

const whole = (n: number) => Math.round(n);
const oneDecimal = (n: number) => Math.round(n * 10) / 10;

export function scoreRespiratoryRate(value: number): number {
  const v = whole(value);
  if (v <= 8) return 3;
  if (v <= 11) return 1;
  if (v <= 20) return 0;
  if (v <= 24) return 2;
  return 3;
}

/** Scale 1: for everyone not explicitly placed on scale 2 by a clinician. Oxygen does not change it. */
export function scoreSpo2Scale1(value: number): number {
  const v = whole(value);
  if (v <= 91) return 3;
  if (v <= 93) return 2;
  if (v <= 95) return 1;
  return 0;
}

/** Scale 2 (target 88–92 %, hypercapnic respiratory failure): 93 % or more scores only on oxygen. */
export function scoreSpo2Scale2(value: number, onOxygen: boolean): number {
  const v = whole(value);
  if (v <= 83) return 3;
  if (v <= 85) return 2;
  if (v <= 87) return 1;
  if (v <= 92 || !onOxygen) return 0;
  if (v <= 94) return 1;
  if (v <= 96) return 2;
  return 3;
}

export const scoreAirOrOxygen = (onOxygen: boolean): number => (onOxygen ? 2 : 0);

export function scoreSystolicBp(value: number): number {
  const v = whole(value);
  if (v <= 90) return 3;
  if (v <= 100) return 2;
  if (v <= 110) return 1;
  if (v <= 219) return 0;
  return 3;
}

export function scorePulse(value: number): number {
  const v = whole(value);
  if (v <= 40) return 3;
  if (v <= 50) return 1;
  if (v <= 90) return 0;
  if (v <= 110) return 1;
  if (v <= 130) return 2;
  return 3;
}

/** New confusion counts as 3, like voice, pain or unresponsive (ACVPU). */
export const scoreConsciousness = (value: Acvpu): number => (value === 'alert' ? 0 : 3);

export function scoreTemperature(value: number): number {
  const v = oneDecimal(value);
  if (v <= 35.0) return 3;
  if (v <= 36.0) return 1;
  if (v <= 38.0) return 0;
  if (v <= 39.0) return 1;
  return 2;
}

/**
 * Scores one set. SpO2 on scale 2 needs "on oxygen" to be known to score 93 % or more; without it
 * SpO2 stays unscored (missing) rather than guessed.
 */
export function news2(input: News2Input, scale: Spo2Scale = 1): News2Score {
  const scores: Partial<Record<News2Parameter, number>> = {};
  if (input.respiratoryRate !== undefined) scores.respiratoryRate = scoreRespiratoryRate(input.respiratoryRate);
  if (input.spo2 !== undefined) {
    if (scale === 1) scores.spo2 = scoreSpo2Scale1(input.spo2);
    else if (input.onOxygen !== undefined) scores.spo2 = scoreSpo2Scale2(input.spo2, input.onOxygen);
    else if (whole(input.spo2) <= 92) scores.spo2 = scoreSpo2Scale2(input.spo2, false);
  }
  if (input.onOxygen !== undefined) scores.onOxygen = scoreAirOrOxygen(input.onOxygen);
  if (input.systolicBp !== undefined) scores.systolicBp = scoreSystolicBp(input.systolicBp);
  if (input.pulse !== undefined) scores.pulse = scorePulse(input.pulse);
  if (input.consciousness !== undefined) scores.consciousness = scoreConsciousness(input.consciousness);
  if (input.temperature !== undefined) scores.temperature = scoreTemperature(input.temperature);

  const missing = NEWS2_PARAMETERS.filter((p) => scores[p] === undefined);
  const complete = missing.length === 0;
  const total = complete ? Object.values(scores).reduce((a, b) => a + b, 0) : null;
  const redScore = Object.values(scores).some((s) => s === 3);
  const band = responseOf(total, redScore);
  return { parameterScores: scores, missing, complete, total, redScore, scale, ...band };
}

/** The RCP response for an aggregate (null when incomplete) and whether any parameter scored 3. */
export function responseOf(
  total: number | null,
  redScore: boolean,
): { risk: News2Risk | null; response: News2Response | null; observationIntervalMinutes: number } {
  if (total !== null && total >= 7) return { risk: 'high', response: 'emergency', observationIntervalMinutes: 15 };
  if (total !== null && total >= 5) return { risk: 'medium', response: 'urgent', observationIntervalMinutes: 60 };
  if (redScore) return { risk: 'low_medium', response: 'urgent', observationIntervalMinutes: 60 };
  if (total === null) return { risk: null, response: null, observationIntervalMinutes: 60 };
  if (total >= 1) return { risk: 'low', response: 'ward', observationIntervalMinutes: 240 };
  return { risk: 'low', response: 'routine', observationIntervalMinutes: 720 };
}

/**
 * NEWS2 is validated for adults: not for a patient under 16 at the time of the reading, nor for one
 * recorded as pregnant ("NEWS2 not applicable" is shown instead of a score).
 */
export function news2Applicable(birthDate: string, readingAt: Date, pregnant: boolean): boolean {
  if (pregnant) return false;
  return ageInYearsAt(birthDate, readingAt) >= 16;
}

/** Whole years between a birth date (YYYY-MM-DD) and an instant, by the UTC calendar date of the instant. */
export function ageInYearsAt(birthDate: string, at: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = at.getUTCFullYear() - y;
  const beforeBirthday = at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}
