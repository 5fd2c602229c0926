/**
 * The measurements Carewell records today, by LOINC code: the UCUM unit a value must be in, and the
 * range outside which a value is impossible (a typing slip, not a clinical extreme) and refused.
 * Ranges are wide on purpose: they stop 1200 for a systolic pressure, never a real crisis value.
 */
export interface ObservationCode {
  code: string;
  /** UCUM unit code. */
  unit: string;
  min: number;
  max: number;
  /** The key of its name in the catalogs: records.obs_<key>. */
  key: string;
}

export const OBSERVATION_CODES: Record<string, ObservationCode> = {
  '8480-6': { code: '8480-6', unit: 'mm[Hg]', min: 40, max: 300, key: 'systolic_bp' },
  '8462-4': { code: '8462-4', unit: 'mm[Hg]', min: 20, max: 200, key: 'diastolic_bp' },
  '4548-4': { code: '4548-4', unit: '%', min: 3, max: 20, key: 'hba1c' },
  '2339-0': { code: '2339-0', unit: 'mg/dL', min: 10, max: 1500, key: 'glucose' },
  '29463-7': { code: '29463-7', unit: 'kg', min: 0.5, max: 500, key: 'body_weight' },
  '59408-5': { code: '59408-5', unit: '%', min: 50, max: 100, key: 'spo2' },
  '2823-3': { code: '2823-3', unit: 'mmol/L', min: 1, max: 10, key: 'potassium' },
  '8867-4': { code: '8867-4', unit: '/min', min: 20, max: 300, key: 'heart_rate' },
};

export const OBSERVATION_CODE_LIST = Object.keys(OBSERVATION_CODES) as [string, ...string[]];

export const observationCode = (code: string | null | undefined): ObservationCode | undefined =>
  code ? OBSERVATION_CODES[code] : undefined;
