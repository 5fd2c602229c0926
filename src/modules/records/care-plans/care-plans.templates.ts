/**
 * Care-plan templates for four chronic conditions, built from the facts in
 * /work/shared/CLINICAL.md §6 (our own words, each template citing its source). Every target and
 * frequency is an editable default: the clinician changes them on the plan, and every hospital may
 * change them here. "Things to consider" is decision support, never a diagnosis or an order.
 */
export const CARE_PLAN_TEMPLATE_CODES = ['type2_diabetes', 'hypertension', 'copd', 'heart_failure'] as const;
export type CarePlanTemplateCode = (typeof CARE_PLAN_TEMPLATE_CODES)[number];

export interface TemplateGoal {
  description: string;
  target: string;
  measure: string | null;
  /** LOINC code of what the goal measures (readings are observations with it); targetUnit is its UCUM unit. */
  measureCode: string | null;
  targetValue: number | null;
  targetUnit: string | null;
  /** Due date relative to the day the plan is created; null for an ongoing goal. */
  dueInDays: number | null;
}

export interface CarePlanTemplate {
  code: CarePlanTemplateCode;
  title: string;
  /** ICD-10-CM code of the condition (2021 edition). */
  conditionCode: string;
  source: string;
  considerations: string[];
  goals: TemplateGoal[];
  activities: { description: string; frequency: string }[];
  /** First review, in days after creation. */
  reviewInDays: number;
}

const HYPERTENSION_SOURCE =
  'ACC/AHA 2017 high blood pressure guideline (Whelton et al., Hypertension 2018;71:e13), as summarised in CLINICAL.md §6.1.';

export const CARE_PLAN_TEMPLATES: Record<CarePlanTemplateCode, CarePlanTemplate> = {
  type2_diabetes: {
    code: 'type2_diabetes',
    title: 'Type 2 diabetes care plan',
    conditionCode: 'E11.9',
    source:
      'ADA Standards of Care in Diabetes (Diabetes Care, annual supplement 1), as summarised in CLINICAL.md §6.2; blood pressure target from ACC/AHA 2017 (CLINICAL.md §6.1).',
    considerations: [
      'An A1C goal below 7 % suits many non-pregnant adults; set a different goal where it suits this person better.',
      'Consider metformin plus a GLP-1 receptor agonist or an SGLT2 inhibitor when there is atherosclerotic cardiovascular disease, heart failure or chronic kidney disease.',
      'Hypoglycaemia: level 1 below 70 mg/dL, level 2 below 54 mg/dL, level 3 when the person needs help from someone else.',
    ],
    goals: [
      {
        description: 'Keep long-term glucose control at target',
        target: 'HbA1c < 7.0 %',
        measure: 'HbA1c',
        measureCode: '4548-4',
        targetValue: 7.0,
        targetUnit: '%',
        dueInDays: 90,
      },
      {
        description: 'Pre-meal glucose in range',
        target: 'Pre-meal capillary glucose 80–130 mg/dL',
        measure: 'Pre-meal glucose',
        measureCode: '2339-0',
        targetValue: 130,
        targetUnit: 'mg/dL',
        dueInDays: 90,
      },
      {
        description: 'Post-meal glucose in range',
        target: 'Peak post-meal glucose < 180 mg/dL',
        measure: 'Post-meal glucose',
        measureCode: '2339-0',
        targetValue: 180,
        targetUnit: 'mg/dL',
        dueInDays: 90,
      },
      {
        description: 'No low blood sugar episodes',
        target: 'No glucose readings < 70 mg/dL',
        measure: null,
        measureCode: null,
        targetValue: null,
        targetUnit: null,
        dueInDays: null,
      },
      {
        description: 'Blood pressure at target',
        target: 'Blood pressure < 130/80 mmHg',
        measure: 'Systolic BP',
        measureCode: '8480-6',
        targetValue: 130,
        targetUnit: 'mm[Hg]',
        dueInDays: 90,
      },
    ],
    activities: [
      { description: 'Measure HbA1c', frequency: 'Every 3 months until at target, then every 6 months' },
      { description: 'Self-monitor blood glucose and bring the readings to visits', frequency: 'As agreed with the care team' },
      { description: 'Review medicines, hypoglycaemia episodes and the plan', frequency: 'At each review' },
    ],
    reviewInDays: 90,
  },
  hypertension: {
    code: 'hypertension',
    title: 'Hypertension care plan',
    conditionCode: 'I10',
    source: HYPERTENSION_SOURCE,
    considerations: [
      'Categories: normal < 120/< 80; elevated 120–129/< 80; stage 1 130–139 or 80–89; stage 2 ≥ 140 or ≥ 90 mmHg.',
      'First-line medicines: a thiazide diuretic, an ACE inhibitor or ARB, or a dihydropyridine calcium-channel blocker; stage 2 usually needs two medicines.',
      'Above 180 and/or 120 mmHg is severe hypertension: an emergency when there is acute organ damage.',
    ],
    goals: [
      {
        description: 'Systolic blood pressure at target',
        target: 'Systolic BP < 130 mmHg',
        measure: 'Systolic BP',
        measureCode: '8480-6',
        targetValue: 130,
        targetUnit: 'mm[Hg]',
        dueInDays: 90,
      },
      {
        description: 'Diastolic blood pressure at target',
        target: 'Diastolic BP < 80 mmHg',
        measure: 'Diastolic BP',
        measureCode: '8462-4',
        targetValue: 80,
        targetUnit: 'mm[Hg]',
        dueInDays: 90,
      },
    ],
    activities: [
      {
        description: 'Home blood pressure readings, recorded and brought to visits',
        frequency: 'Twice daily for one week before each review',
      },
      { description: 'Review blood pressure, medicines and side effects', frequency: 'Monthly until at target, then every 3–6 months' },
    ],
    reviewInDays: 30,
  },
  copd: {
    code: 'copd',
    title: 'COPD care plan',
    conditionCode: 'J44.9',
    source:
      'BTS emergency oxygen guideline 2017 and GOLD, as summarised in CLINICAL.md §6.10; NEWS2 SpO2 Scale 2 from RCP 2017 (CLINICAL.md §4.1).',
    considerations: [
      'For a person at risk of hypercapnic respiratory failure, the oxygen saturation target is 88–92 % (94–98 % for most other acutely ill adults).',
      'NEWS2 SpO2 Scale 2 applies only when a clinician selects it and records the 88–92 % target.',
      'Exacerbation: short-acting bronchodilators, prednisolone 40 mg for 5 days, antibiotics if the sputum is purulent.',
    ],
    goals: [
      {
        description: 'Oxygen saturation kept in the agreed range',
        target: 'SpO2 88–92 %',
        measure: 'SpO2',
        measureCode: '59408-5',
        targetValue: 92,
        targetUnit: '%',
        dueInDays: null,
      },
      {
        description: 'The person knows their exacerbation action plan',
        target: 'Written action plan agreed and understood',
        measure: null,
        measureCode: null,
        targetValue: null,
        targetUnit: null,
        dueInDays: 30,
      },
    ],
    activities: [
      { description: 'Agree and record the SpO2 target (and NEWS2 Scale 2 if it applies)', frequency: 'Once, then at each review' },
      { description: 'Check inhaler technique and adherence', frequency: 'At each review' },
      { description: 'Review exacerbations since the last visit', frequency: 'Every 3 months' },
    ],
    reviewInDays: 90,
  },
  heart_failure: {
    code: 'heart_failure',
    title: 'Heart failure care plan',
    conditionCode: 'I50.9',
    source:
      'AHA/ACC/HFSA 2022 heart failure guideline (Heidenreich et al., Circulation 2022;145:e895) and ESC 2021 heart failure guideline (McDonagh et al., Eur Heart J 2021;42:3599) — not yet in CLINICAL.md, needs clinician review; potassium critical limits from CLINICAL.md §4.3, blood pressure target from CLINICAL.md §6.1.',
    considerations: [
      'With reduced ejection fraction, consider the four medicine groups the guidelines recommend: an ARNI (or ACE inhibitor/ARB), an evidence-based beta-blocker, a mineralocorticoid receptor antagonist and an SGLT2 inhibitor.',
      'A sudden weight gain of more than 2 kg in 3 days may mean fluid is building up: the person should contact the care team.',
      'Check potassium and kidney function after starting or changing these medicines; critical potassium limits are 2.8 and 6.2 mmol/L.',
    ],
    goals: [
      {
        description: 'Weighs every morning and knows when to call',
        target: 'Daily weight recorded; no gain > 2 kg in 3 days',
        measure: 'Body weight',
        measureCode: '29463-7',
        targetValue: null,
        targetUnit: 'kg',
        dueInDays: null,
      },
      {
        description: 'Blood pressure at target',
        target: 'Blood pressure < 130/80 mmHg',
        measure: 'Systolic BP',
        measureCode: '8480-6',
        targetValue: 130,
        targetUnit: 'mm[Hg]',
        dueInDays: 90,
      },
      {
        description: 'Potassium in a safe range on treatment',
        target: 'Potassium 3.5–5.0 mmol/L',
        measure: 'Potassium',
        measureCode: '2823-3',
        targetValue: 5.0,
        targetUnit: 'mmol/L',
        dueInDays: 30,
      },
    ],
    activities: [
      { description: 'Daily weight, same time, same scale', frequency: 'Daily' },
      { description: 'Check potassium and creatinine', frequency: '1–2 weeks after each medicine change, then every 3–6 months' },
      { description: 'Review symptoms, medicines and doses', frequency: 'Every 1–3 months until stable' },
    ],
    reviewInDays: 30,
  },
};

export function carePlanTemplate(code: CarePlanTemplateCode): CarePlanTemplate {
  return CARE_PLAN_TEMPLATES[code];
}
