import { describe, expect, it } from 'vitest';
import { templateSchema } from './care-plans.schemas.js';
import { SUPPORTED_LOCALES } from '../../../platform/i18n/i18n.js';
import { CARE_PLAN_TEMPLATE_CODES, CARE_PLAN_TEMPLATES, carePlanTemplate } from './care-plans.templates.js';
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

  it('uses the thresholds of the cited guidelines', () => {
    const targets = (code: (typeof CARE_PLAN_TEMPLATE_CODES)[number]) => CARE_PLAN_TEMPLATES[code].goals.map((g) => g.target);
    expect(targets('type2_diabetes')).toEqual(
      expect.arrayContaining(['HbA1c < 7.0 %', 'Pre-meal capillary glucose 80–130 mg/dL', 'Peak post-meal glucose < 180 mg/dL']),
    );
    expect(targets('hypertension')).toEqual(['Systolic BP < 130 mmHg', 'Diastolic BP < 80 mmHg']);
    expect(targets('copd')).toContain('SpO2 88–92 %');
    expect(CARE_PLAN_TEMPLATES.heart_failure.source).toContain('Circulation 2022');
  });

  const texts = (code: (typeof CARE_PLAN_TEMPLATE_CODES)[number], locale: string) => {
    const tpl = carePlanTemplate(code, locale);
    return [
      tpl.title,
      tpl.source,
      ...tpl.considerations,
      ...tpl.goals.flatMap((g) => [g.description, g.target]),
      ...tpl.activities.flatMap((a) => [a.description, a.frequency]),
    ];
  };

  it.each(SUPPORTED_LOCALES)('%s: every text translated, none a catalog key, none citing an internal document', (locale) => {
    for (const code of CARE_PLAN_TEMPLATE_CODES) {
      for (const text of texts(code, locale)) {
        expect(text).not.toMatch(/^care_plan_templates\./);
        expect(text).not.toMatch(/CLINICAL|\.md\b|§|needs clinician review/);
      }
      if (locale !== 'en') {
        const english = texts(code, 'en');
        // titles, sources and sentences differ from English (short targets such as "SpO2 88–92 %" may not)
        expect(texts(code, locale).filter((text, i) => text === english[i] && text.length > 20)).toEqual([]);
      }
    }
  });

  it('keeps the numbers the same in every language', () => {
    for (const code of CARE_PLAN_TEMPLATE_CODES) {
      const { title: _t, source: _s, considerations: _c, goals, activities: _a, ...rest } = carePlanTemplate(code, 'ar');
      expect(rest).toEqual({
        code,
        conditionCode: CARE_PLAN_TEMPLATES[code].conditionCode,
        reviewInDays: CARE_PLAN_TEMPLATES[code].reviewInDays,
      });
      expect(goals.map(({ description: _d, target: _g, ...g }) => g)).toEqual(
        CARE_PLAN_TEMPLATES[code].goals.map(({ description: _d, target: _g, ...g }) => g),
      );
    }
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
