/**
 * The words of vital signs. Each value has a label in every locale (`vitals.news2_status_<v>`,
 * `vitals.response_<v>`, `vitals.risk_<v>`, `vitals.acvpu_<v>`).
 */
export { ACVPU, type Acvpu } from './news2.js';

/** Whose hands entered the set: a clinician on a round, the patient at home, or a device. */
export const VITAL_SET_SOURCES = ['clinician', 'patient', 'device'] as const;
export type VitalSetSource = (typeof VITAL_SET_SOURCES)[number];

/**
 * What NEWS2 said of the set: `scored` (complete, a total), `incomplete` (no total; a parameter
 * scoring 3 still triggers), `not_applicable` (under 16 at the reading, or recorded as pregnant),
 * `not_scored` (a patient's own home reading: NEWS2 belongs to observations taken by staff).
 */
export const NEWS2_STATUSES = ['scored', 'incomplete', 'not_applicable', 'not_scored'] as const;
export type News2Status = (typeof NEWS2_STATUSES)[number];

export const NEWS2_RESPONSES = ['routine', 'ward', 'urgent', 'emergency'] as const;
export const NEWS2_RISKS = ['low', 'low_medium', 'medium', 'high'] as const;

/** The vital-sign LOINC codes a set is made of (../shared/CLINICAL.md §3). */
export const VITAL_CODES = {
  respiratoryRate: '9279-1',
  spo2: '59408-5',
  oxygenFlow: '3151-8',
  systolicBp: '8480-6',
  diastolicBp: '8462-4',
  pulse: '8867-4',
  consciousness: '67775-7',
  temperature: '8310-5',
  glucose: '2339-0',
  weight: '29463-7',
  height: '8302-2',
  bmi: '39156-5',
  pain: '72514-3',
} as const;
export type VitalField = keyof typeof VITAL_CODES;
export const VITAL_FIELDS = Object.keys(VITAL_CODES) as VitalField[];

/** Published (set id only) when a set is recorded: the live board of critical patients re-reads. */
export const VITALS_RECORDED_EVENT = 'vitals.recorded';
