import { describe, expect, it } from 'vitest';
import { templateSchema } from './care-plans.schemas.js';
import { CARE_PLAN_TEMPLATE_CODES, CARE_PLAN_TEMPLATES } from './care-plans.templates.js';
import { OBSERVATION_CODES } from '../observations/observation-codes.js';

describe('care-plan templates', () => {
  it('covers type 2 diabetes, hypertension, COPD and heart failure with their ICD-10-CM codes', () => {
    expect(Object.fromEntries(CARE_PLAN_TEMPLATE_CODES.map((c) => [c, CARE_PLAN_TEMPLATES[c].conditionCode]))).toEqual({
      type2_diabetes: 'E11.9',
      hypertension: 'I10',
      copd: 'J44.9',
      heart_failure: 'I50.9',
    });
  });

  it.each(CARE_PLAN_TEMPLATE_CODES)('%s: valid, cites its source, and every goal has a target', (code) => {
    const template = CARE_PLAN_TEMPLATES[code];
    expect(templateSchema.safeParse(template).success).toBe(true);
    expect(template.code).toBe(code);
    expect(template.source).toMatch(/\d{4}/);
    expect(template.considerations.length).toBeGreaterThan(0);
    expect(template.goals.length).toBeGreaterThan(0);
    expect(template.activities.length).toBeGreaterThan(0);
    for (const goal of template.goals) expect(goal.target.trim()).not.toBe('');
  });

  it('uses the thresholds of CLINICAL.md', () => {
    const targets = (code: (typeof CARE_PLAN_TEMPLATE_CODES)[number]) => CARE_PLAN_TEMPLATES[code].goals.map((g) => g.target);
    expect(targets('type2_diabetes')).toEqual(
      expect.arrayContaining(['HbA1c < 7.0 %', 'Pre-meal capillary glucose 80–130 mg/dL', 'Peak post-meal glucose < 180 mg/dL']),
    );
    expect(targets('hypertension')).toEqual(['Systolic BP < 130 mmHg', 'Diastolic BP < 80 mmHg']);
    expect(targets('copd')).toContain('SpO2 88–92 %');
    expect(CARE_PLAN_TEMPLATES.heart_failure.source).toContain('needs clinician review');
  });

  it.each(CARE_PLAN_TEMPLATE_CODES)('%s: every goal that measures something carries its LOINC code, in that code’s UCUM unit', (code) => {
    for (const goal of CARE_PLAN_TEMPLATES[code].goals) {
      if (goal.measure === null) {
        expect(goal.measureCode).toBeNull();
        continue;
      }
      const coded = OBSERVATION_CODES[goal.measureCode ?? ''];
      expect(coded, goal.measure).toBeDefined();
      expect(goal.targetUnit).toBe(coded!.unit);
    }
  });
});
