import { translator } from '../../../platform/i18n/i18n.js';

/**
 * Care-plan templates for four chronic conditions (our own words from the cited guidelines). Every
 * target and frequency is an editable default: the clinician changes them on the plan, and every
 * hospital may change them here. "Things to consider" is decision support, never a diagnosis or an
 * order. The texts live in the locale catalogs (src/locales/<lang>/care_plan_templates.json, key
 * `<template>.<part>`), translated into all four languages, and cite published guidelines only.
 * A plan created from a template stores the texts in its creator's language (the account's
 * language): the plan is then the care team's own editable text, not a link to the template.
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

/** The language-independent part of a goal; its description and target are catalog texts. */
interface GoalData {
  measure: string | null;
  /** LOINC code of what the goal measures (readings are observations with it); targetUnit is its UCUM unit. */
  measureCode: string | null;
  targetValue: number | null;
  targetUnit: string | null;
  dueInDays: number | null;
}

interface TemplateData {
  conditionCode: string;
  considerations: number;
  goals: GoalData[];
  activities: number;
  reviewInDays: number;
}

const TEMPLATE_DATA: Record<CarePlanTemplateCode, TemplateData> = {
  type2_diabetes: {
    conditionCode: 'E11.9',
    considerations: 3,
    goals: [
      { measure: 'HbA1c', measureCode: '4548-4', targetValue: 7.0, targetUnit: '%', dueInDays: 90 },
      { measure: 'Pre-meal glucose', measureCode: '2339-0', targetValue: 130, targetUnit: 'mg/dL', dueInDays: 90 },
      { measure: 'Post-meal glucose', measureCode: '2339-0', targetValue: 180, targetUnit: 'mg/dL', dueInDays: 90 },
      { measure: null, measureCode: null, targetValue: null, targetUnit: null, dueInDays: null },
      { measure: 'Systolic BP', measureCode: '8480-6', targetValue: 130, targetUnit: 'mm[Hg]', dueInDays: 90 },
    ],
    activities: 3,
    reviewInDays: 90,
  },
  hypertension: {
    conditionCode: 'I10',
    considerations: 3,
    goals: [
      { measure: 'Systolic BP', measureCode: '8480-6', targetValue: 130, targetUnit: 'mm[Hg]', dueInDays: 90 },
      { measure: 'Diastolic BP', measureCode: '8462-4', targetValue: 80, targetUnit: 'mm[Hg]', dueInDays: 90 },
    ],
    activities: 2,
    reviewInDays: 30,
  },
  copd: {
    conditionCode: 'J44.9',
    considerations: 3,
    goals: [
      { measure: 'SpO2', measureCode: '59408-5', targetValue: 92, targetUnit: '%', dueInDays: null },
      { measure: null, measureCode: null, targetValue: null, targetUnit: null, dueInDays: 30 },
    ],
    activities: 3,
    reviewInDays: 90,
  },
  heart_failure: {
    conditionCode: 'I50.9',
    considerations: 3,
    goals: [
      { measure: 'Body weight', measureCode: '29463-7', targetValue: null, targetUnit: 'kg', dueInDays: null },
      { measure: 'Systolic BP', measureCode: '8480-6', targetValue: 130, targetUnit: 'mm[Hg]', dueInDays: 90 },
      { measure: 'Potassium', measureCode: '2823-3', targetValue: 5.0, targetUnit: 'mmol/L', dueInDays: 30 },
    ],
    activities: 3,
    reviewInDays: 30,
  },
};

const numbered = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

/** The template with its texts in `locale` (English for an unknown one). */
export function carePlanTemplate(code: CarePlanTemplateCode, locale = 'en'): CarePlanTemplate {
  const t = translator(locale);
  const text = (part: string) => t(`care_plan_templates.${code}.${part}`);
  const data = TEMPLATE_DATA[code];
  return {
    code,
    title: text('title'),
    conditionCode: data.conditionCode,
    source: text('source'),
    considerations: numbered(data.considerations).map((n) => text(`consideration_${n}`)),
    goals: data.goals.map((goal, i) => ({ description: text(`goal_${i + 1}.description`), target: text(`goal_${i + 1}.target`), ...goal })),
    activities: numbered(data.activities).map((n) => ({
      description: text(`activity_${n}.description`),
      frequency: text(`activity_${n}.frequency`),
    })),
    reviewInDays: data.reviewInDays,
  };
}

/** Every template in `locale`, in the order of CARE_PLAN_TEMPLATE_CODES. */
export const carePlanTemplates = (locale = 'en'): CarePlanTemplate[] =>
  CARE_PLAN_TEMPLATE_CODES.map((code) => carePlanTemplate(code, locale));

/** The English templates (tests and fixtures). */
export const CARE_PLAN_TEMPLATES = Object.fromEntries(CARE_PLAN_TEMPLATE_CODES.map((code) => [code, carePlanTemplate(code)])) as Record<
  CarePlanTemplateCode,
  CarePlanTemplate
>;
