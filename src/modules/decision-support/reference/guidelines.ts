import type { KbGuidelineInput } from '../decision-support.schemas.js';

/*
 * The shipped guideline library: short summaries of facts in our own words with the citation
 * (guideline documents are copyrighted; facts are not). Taken from the project's clinical reference
 * (docs/decision-support.md). Shown in the encounter when one of the ICD-10 codes (by start) or LOINC
 * codes is present. Loaded once into an empty table; the hospital adds its own protocols beside them.
 */
export const GUIDELINES: KbGuidelineInput[] = [
  {
    key: 'hypertension-acc-aha-2017',
    title: 'Hypertension: categories and first steps',
    summary:
      'Normal below 120/80; elevated 120–129 with diastolic below 80; stage 1 130–139 or 80–89; stage 2 140 or more or 90 or more; above 180 and/or 120 is severe, an emergency with acute organ damage. Most adults aim below 130/80. Start with a thiazide, an ACE inhibitor or ARB, or a dihydropyridine calcium-channel blocker; stage 2 usually needs two medicines.',
    source: { title: 'Whelton PK et al. 2017 ACC/AHA high blood pressure guideline. Hypertension 2018;71:e13' },
    icd10Prefixes: ['I10', 'I11', 'I12', 'I13', 'I15', 'I16'],
    loincCodes: [],
  },
  {
    key: 'diabetes-ada',
    title: 'Diabetes: diagnosis and targets',
    summary:
      'Diagnosis: A1C 6.5 % or more, fasting glucose 126 mg/dL (7.0 mmol/L) or more, 2-hour OGTT 200 mg/dL or more, or random 200 mg/dL or more with symptoms. Many non-pregnant adults aim for A1C below 7 %, pre-meal glucose 80–130 and peak after meals below 180 mg/dL. Hypoglycaemia: level 1 below 70, level 2 below 54 mg/dL, level 3 needs help. In hospital aim for 140–180 mg/dL. Add a GLP-1 receptor agonist or SGLT2 inhibitor to metformin with cardiovascular disease, heart failure or kidney disease.',
    source: { title: 'American Diabetes Association. Standards of Care in Diabetes (Diabetes Care, annual supplement 1)' },
    icd10Prefixes: ['E10', 'E11', 'E13', 'E16'],
    loincCodes: ['4548-4'],
  },
  {
    key: 'sepsis-ssc',
    title: 'Sepsis and septic shock: the first hour',
    summary:
      'Measure lactate and measure again if above 2 mmol/L; take blood cultures before antibiotics; give broad-spectrum antibiotics (within 1 hour when shock is possible or sepsis probable, within 3 hours when sepsis is only possible); give 30 mL/kg crystalloid for low blood pressure or lactate of 4 mmol/L or more; start a vasopressor (norepinephrine first) if pressure stays low, aiming for a mean arterial pressure of 65 mmHg or more. qSOFA is supplementary information, not the screen.',
    source: { title: 'Levy MM et al. The Surviving Sepsis Campaign bundle: 2018 update. Crit Care Med 2018;46:997; Evans L et al. Surviving Sepsis Campaign 2021' },
    icd10Prefixes: ['A40', 'A41', 'R65.2'],
    loincCodes: ['2524-7'],
  },
  {
    key: 'cap-curb65',
    title: 'Community-acquired pneumonia: severity and first treatment',
    summary:
      'CURB-65 gives one point each for confusion, urea above 7 mmol/L, respiratory rate 30 or more, systolic below 90 or diastolic 60 or less, and age 65 or more: 0–1 consider home treatment, 2 consider admission, 3–5 severe (consider intensive care). Healthy adult outpatients: amoxicillin 1 g three times a day or doxycycline; a macrolide only where pneumococcal resistance is below 25 %.',
    source: { title: 'Lim WS et al. Thorax 2003;58:377 (CURB-65); Metlay JP et al. ATS/IDSA 2019 community-acquired pneumonia guideline' },
    icd10Prefixes: ['J12', 'J13', 'J14', 'J15', 'J16', 'J18'],
    loincCodes: [],
  },
  {
    key: 'stemi-acc-aha',
    title: 'Myocardial infarction: time targets',
    summary:
      'STEMI: primary PCI within 90 minutes of first medical contact (120 minutes if transferred); fibrinolysis within 30 minutes of arrival when PCI cannot be done within 120 minutes; aspirin 162–325 mg chewed at once. NSTE-ACS: high-sensitivity troponin 0/1-hour or 0/2-hour algorithms against the assay’s 99th percentile.',
    source: { title: 'ACC/AHA STEMI and NSTE-ACS guidelines; Thygesen K et al. Fourth universal definition of myocardial infarction (2018)' },
    icd10Prefixes: ['I21', 'I22', 'I20.0'],
    loincCodes: ['89579-7', '67151-1', '10839-9'],
  },
  {
    key: 'stroke-aha-asa-2019',
    title: 'Acute ischaemic stroke: the first hours',
    summary:
      'Intravenous alteplase within 4.5 hours of last known well for eligible patients (door to needle within 60 minutes); keep blood pressure below 185/110 before and below 180/105 for 24 hours after lysis; thrombectomy for large-vessel occlusion up to 24 hours in selected patients; check glucose before lysis.',
    source: { title: 'Powers WJ et al. Guidelines for the early management of acute ischemic stroke: 2019 update. Stroke 2019;50:e344' },
    icd10Prefixes: ['I63', 'G45'],
    loincCodes: [],
  },
  {
    key: 'dka-consensus-2024',
    title: 'Diabetic ketoacidosis',
    summary:
      'Criteria: glucose 200 mg/dL or more (or known diabetes), β-hydroxybutyrate 3.0 mmol/L or more (or urine ketones 2+ or more), and pH below 7.3 and/or bicarbonate below 18 mmol/L. Give isotonic fluids; start insulin at 0.1 unit/kg/hour only once potassium is 3.5 mmol/L or more; replace potassium to keep it at 4–5 mmol/L.',
    source: { title: 'Umpierrez GE et al. Hyperglycemic crises in adults with diabetes: a consensus report. Diabetes Care 2024;47:1257' },
    icd10Prefixes: ['E10.1', 'E11.1', 'E13.1'],
    loincCodes: [],
  },
  {
    key: 'hyperkalaemia-ukka-2023',
    title: 'Hyperkalaemia: emergency treatment',
    summary:
      'Potassium of 6.5 mmol/L or more, or ECG changes, is an emergency. With ECG changes give IV calcium (10 mL 10 % calcium chloride or 30 mL 10 % calcium gluconate); give insulin 10 units with 25 g glucose IV and nebulised salbutamol 10–20 mg; then remove potassium; recheck potassium and glucose.',
    source: { title: 'UK Kidney Association. Treatment of acute hyperkalaemia in adults (2023); ERC Guidelines 2021' },
    icd10Prefixes: ['E87.5'],
    loincCodes: ['2823-3'],
  },
  {
    key: 'anaphylaxis-wao-rcuk',
    title: 'Anaphylaxis: adrenaline first',
    summary:
      'Intramuscular adrenaline (1 mg/mL) into the outer thigh, 0.01 mg/kg: at most 0.5 mg in adults, 0.3 mg for children 6–12 years, 0.15 mg under 6 years; repeat after 5 minutes if no better. Lie the patient flat, give high-flow oxygen and IV fluids. Antihistamines and steroids are not first-line.',
    source: { title: 'Cardona V et al. World Allergy Organization anaphylaxis guidance 2020; Resuscitation Council UK 2021' },
    icd10Prefixes: ['T78.2', 'T80.52', 'T88.6'],
    loincCodes: [],
  },
  {
    key: 'copd-oxygen-bts',
    title: 'COPD and oxygen targets',
    summary:
      'Aim for SpO2 88–92 % in patients at risk of hypercapnic respiratory failure (NEWS2 scale 2), 94–98 % for most other acutely ill adults. Exacerbation: short-acting bronchodilators, prednisolone 40 mg for 5 days, antibiotics if the sputum is purulent.',
    source: { title: 'British Thoracic Society emergency oxygen guideline 2017; GOLD report' },
    icd10Prefixes: ['J44', 'J96.1', 'J96.2'],
    loincCodes: [],
  },
];
