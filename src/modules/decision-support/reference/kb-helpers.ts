import type { KbDiscriminator, KbFinding } from '../decision-support.schemas.js';
import type { Comparator } from '../decision-support.vocabulary.js';

/** Short builders for the shipped entries (reference/knowledge-base.ts); plain data, no logic. */
export const symptom = (label: string, terms: string[], weight: number): KbFinding => ({ kind: 'symptom', label, terms, weight });
export const measured = (label: string, loinc: string, comparator: Comparator, value: number, unit: string, weight: number): KbFinding => ({
  kind: 'observation',
  label,
  loinc,
  comparator,
  value,
  unit,
  weight,
});
export const diagnosed = (label: string, icd10Prefix: string, weight: number): KbFinding => ({ kind: 'diagnosis', label, icd10Prefix, weight });
export const test = (label: string, loinc?: string): KbDiscriminator => (loinc ? { label, loinc } : { label });

/**
 * Vital-sign and lab thresholds used by the entries. Those marked CLINICAL come from the project's
 * clinical reference (NEWS2 bands, qSOFA, ADA, UKKA, SSC as cited in docs/decision-support.md);
 * the others are editable defaults for review (the entry carrying them ships "unreviewed").
 */
export const V = {
  fever: () => measured('Temperature above 38.0 °C', '8310-5', '>', 38.0, 'Cel', 2), // CLINICAL (NEWS2 band)
  highFever: () => measured('Temperature 39.1 °C or more', '8310-5', '>=', 39.1, 'Cel', 1), // CLINICAL (NEWS2 band)
  lowTemp: () => measured('Temperature 36.0 °C or less', '8310-5', '<=', 36.0, 'Cel', 1), // CLINICAL (NEWS2 band)
  tachycardia: () => measured('Pulse above 90/min', '8867-4', '>', 90, '/min', 1), // CLINICAL (NEWS2 band)
  markedTachycardia: () => measured('Pulse above 110/min', '8867-4', '>', 110, '/min', 1), // CLINICAL (NEWS2 band)
  tachypnoea: () => measured('Respiratory rate 22/min or more', '9279-1', '>=', 22, '/min', 2), // CLINICAL (qSOFA)
  lowSpo2: () => measured('SpO2 95 % or less', '59408-5', '<=', 95, '%', 2), // CLINICAL (NEWS2 scale 1)
  lowSbp: () => measured('Systolic pressure 100 mmHg or less', '8480-6', '<=', 100, 'mm[Hg]', 2), // CLINICAL (qSOFA)
  severeSbp: () => measured('Systolic pressure above 180 mmHg', '8480-6', '>', 180, 'mm[Hg]', 3), // CLINICAL (ACC/AHA crisis)
  severeDbp: () => measured('Diastolic pressure above 120 mmHg', '8462-4', '>', 120, 'mm[Hg]', 3), // CLINICAL (ACC/AHA crisis)
  stage2Sbp: () => measured('Systolic pressure 140 mmHg or more', '8480-6', '>=', 140, 'mm[Hg]', 2), // CLINICAL (ACC/AHA stage 2)
  stage2Dbp: () => measured('Diastolic pressure 90 mmHg or more', '8462-4', '>=', 90, 'mm[Hg]', 2), // CLINICAL (ACC/AHA stage 2)
  highGlucose: () => measured('Glucose 200 mg/dL or more', '2339-0', '>=', 200, 'mg/dL', 3), // CLINICAL (ADA)
  highGlucoseSerum: () => measured('Serum glucose 200 mg/dL or more', '2345-7', '>=', 200, 'mg/dL', 3), // CLINICAL (ADA)
  lowGlucose: () => measured('Glucose below 70 mg/dL', '2339-0', '<', 70, 'mg/dL', 4), // CLINICAL (ADA level 1)
  lowGlucoseCapillary: () => measured('Capillary glucose below 70 mg/dL', '41653-7', '<', 70, 'mg/dL', 4), // CLINICAL (ADA level 1)
  hyperkalaemia: () => measured('Potassium 6.5 mmol/L or more', '2823-3', '>=', 6.5, 'mmol/L', 5), // CLINICAL (UKKA)
  lactate2: () => measured('Lactate above 2 mmol/L', '2524-7', '>', 2, 'mmol/L', 2), // CLINICAL (SSC)
  lactate4: () => measured('Lactate 4 mmol/L or more', '2524-7', '>=', 4, 'mmol/L', 2), // CLINICAL (SSC)
  highWbc: () => measured('Leukocytes above 11 × 10³/µL', '6690-2', '>', 11, '10*3/uL', 1), // default for review
  lowHb: () => measured('Haemoglobin below 12 g/dL', '718-7', '<', 12, 'g/dL', 3), // default for review (WHO anaemia cut-off, non-pregnant women)
  lowSodium: () => measured('Sodium below 135 mmol/L', '2951-2', '<', 135, 'mmol/L', 3), // default for review
  highCreatinine: () => measured('Creatinine above 1.3 mg/dL', '2160-0', '>', 1.3, 'mg/dL', 2), // default for review
};

/** LOINC codes the "to tell apart" lines name (CLINICAL.md §3 where listed there, else marked). */
export const L = {
  glucose: '2345-7',
  potassium: '2823-3',
  sodium: '2951-2',
  creatinine: '2160-0',
  haemoglobin: '718-7',
  leukocytes: '6690-2',
  platelets: '777-3',
  hsTroponinI: '89579-7',
  hsTroponinT: '67151-1',
  lactate: '2524-7',
  inr: '6301-6',
  hba1c: '4548-4', // LOINC Hemoglobin A1c/Hemoglobin.total in Blood (the records module's code)
};
