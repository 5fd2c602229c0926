import { z } from 'zod';
import { ACTIVITY_STATUSES, CARE_PLAN_STATUSES, GOAL_STATUSES } from './care-plans.tables.js';
import { CARE_PLAN_TEMPLATE_CODES } from './care-plans.templates.js';
import { OBSERVATION_CODE_LIST } from '../observations/observation-codes.js';
import { OBSERVATION_SOURCES } from '../observations/observations.tables.js';

/** Care plans: request and response shapes (API and pages share them). */

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v === '' ? undefined : v));
const isoDate = z.iso.date();
const instantInput = z.iso.datetime({ offset: true });

export const carePlanParamsSchema = z.object({ planId: z.uuid() });
export const goalParamsSchema = z.object({ planId: z.uuid(), goalId: z.uuid() });
export const activityParamsSchema = z.object({ planId: z.uuid(), activityId: z.uuid() });

export const readingSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  value: z.number(),
  unit: z.string(),
  effectiveAt: z.date(),
  source: z.enum(OBSERVATION_SOURCES),
});
export type GoalReading = z.infer<typeof readingSchema>;

/** A patient's own reading on a goal: the value only (code, unit and time come from the goal and the clock). */
/** A value outside the measure's plausible range needs `confirmImplausible` (422 `confirmation_required` otherwise). */
export const goalReadingBodySchema = z.strictObject({ value: z.number().finite(), confirmImplausible: z.boolean().optional() });
/** The form's "I have checked this value" box. */
const confirmBox = z
  .literal('true')
  .optional()
  .transform((v) => v === 'true');
export const goalReadingFormSchema = z.object({
  value: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number({ error: 'Enter the value as a number' }).finite()),
  confirmImplausible: confirmBox,
});

export const goalSchema = z.object({
  id: z.uuid(),
  description: z.string(),
  target: z.string().nullable(),
  measure: z.string().nullable(),
  /** LOINC code of what the goal measures; targetUnit is then its UCUM unit. */
  measureCode: z.string().nullable(),
  targetValue: z.number().nullable(),
  targetUnit: z.string().nullable(),
  dueDate: z.string().nullable(),
  status: z.enum(GOAL_STATUSES),
  /** The readings recorded against the goal (coded observations), oldest first. */
  readings: z.array(readingSchema),
});
export type CarePlanGoal = z.infer<typeof goalSchema>;

export const activitySchema = z.object({
  id: z.uuid(),
  description: z.string(),
  responsibleStaffId: z.uuid().nullable(),
  responsibleName: z.string().nullable(),
  frequency: z.string().nullable(),
  status: z.enum(ACTIVITY_STATUSES),
});
export type CarePlanActivity = z.infer<typeof activitySchema>;

export const progressSchema = z.object({
  id: z.uuid(),
  goalId: z.uuid().nullable(),
  measuredValue: z.number().nullable(),
  text: z.string(),
  authorName: z.string().nullable(),
  createdAt: z.date(),
});
export type CarePlanProgressNote = z.infer<typeof progressSchema>;

export const carePlanSummarySchema = z.object({
  id: z.uuid(),
  title: z.string(),
  status: z.enum(CARE_PLAN_STATUSES),
  conditionCode: z.string().nullable(),
  nextReviewAt: z.date().nullable(),
  goalsMet: z.number().int(),
  goalsTotal: z.number().int(),
});
export type CarePlanSummary = z.infer<typeof carePlanSummarySchema>;

export const carePlanSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  title: z.string(),
  conditionCode: z.string().nullable(),
  templateCode: z.string().nullable(),
  description: z.string().nullable(),
  considerations: z.array(z.string()),
  source: z.string().nullable(),
  status: z.enum(CARE_PLAN_STATUSES),
  nextReviewAt: z.date().nullable(),
  activatedAt: z.date().nullable(),
  completedAt: z.date().nullable(),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
  goals: z.array(goalSchema),
  activities: z.array(activitySchema),
  progress: z.array(progressSchema),
});
export type CarePlan = z.infer<typeof carePlanSchema>;

export const templateSchema = z.object({
  code: z.enum(CARE_PLAN_TEMPLATE_CODES),
  title: z.string(),
  conditionCode: z.string(),
  source: z.string(),
  considerations: z.array(z.string()),
  goals: z.array(
    z.object({
      description: z.string(),
      target: z.string(),
      measure: z.string().nullable(),
      measureCode: z.enum(OBSERVATION_CODE_LIST).nullable(),
      targetValue: z.number().nullable(),
      targetUnit: z.string().nullable(),
      dueInDays: z.number().int().nullable(),
    }),
  ),
  activities: z.array(z.object({ description: z.string(), frequency: z.string() })),
});

export const createCarePlanBodySchema = z
  .strictObject({
    templateCode: z.enum(CARE_PLAN_TEMPLATE_CODES).optional(),
    title: optionalText(200),
    conditionCode: optionalText(10),
    description: optionalText(4000),
    nextReviewAt: instantInput.optional(),
  })
  .refine((b) => b.templateCode !== undefined || b.title !== undefined, { path: ['title'], message: 'Give a title or choose a template.' });
export type CreateCarePlanInput = Partial<z.output<typeof createCarePlanBodySchema>>;

export const updateCarePlanBodySchema = z.strictObject({
  title: text(200).optional(),
  conditionCode: z.string().trim().max(10).nullable().optional(),
  description: z.string().trim().max(4000).nullable().optional(),
  considerations: z.array(text(1000)).max(30).optional(),
  nextReviewAt: instantInput.nullable().optional(),
  status: z.literal('cancelled').optional(),
});
export type UpdateCarePlanInput = z.output<typeof updateCarePlanBodySchema>;

export const createGoalBodySchema = z.strictObject({
  description: text(500),
  target: optionalText(200),
  measure: optionalText(100),
  /** What the goal measures (LOINC); the unit is then the code's UCUM unit. */
  measureCode: z.enum(OBSERVATION_CODE_LIST).optional(),
  targetValue: z.number().finite().optional(),
  targetUnit: optionalText(30),
  dueDate: isoDate.optional(),
});
export type CreateGoalInput = z.output<typeof createGoalBodySchema>;

export const updateGoalBodySchema = z.strictObject({
  description: text(500).optional(),
  target: z.string().trim().max(200).nullable().optional(),
  dueDate: isoDate.nullable().optional(),
  status: z.enum(GOAL_STATUSES).optional(),
});
export type UpdateGoalInput = z.output<typeof updateGoalBodySchema>;

export const createActivityBodySchema = z.strictObject({
  description: text(500),
  responsibleStaffId: z.uuid().optional(),
  frequency: optionalText(200),
});
export type CreateActivityInput = z.output<typeof createActivityBodySchema>;

export const updateActivityBodySchema = z.strictObject({
  description: text(500).optional(),
  responsibleStaffId: z.uuid().nullable().optional(),
  frequency: z.string().trim().max(200).nullable().optional(),
  status: z.enum(ACTIVITY_STATUSES).optional(),
});
export type UpdateActivityInput = z.output<typeof updateActivityBodySchema>;

export const createProgressBodySchema = z.strictObject({
  text: text(4000),
  goalId: z.uuid().optional(),
  measuredValue: z.number().finite().optional(),
  /** A measured value outside the plausible range needs it (422 `confirmation_required` otherwise). */
  confirmImplausible: z.boolean().optional(),
});
export type CreateProgressInput = z.output<typeof createProgressBodySchema>;

/** HTML forms post strings: the same rules with coercion and blanks as "not given". */
const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
export const goalFormSchema = z.object({
  goalDescription: text(500),
  target: optionalText(200),
  measure: optionalText(100),
  measureCode: z.preprocess(blank, z.enum(OBSERVATION_CODE_LIST).optional()),
  targetValue: z.preprocess(blank, z.coerce.number().finite().optional()),
  targetUnit: optionalText(30),
  dueDate: z.preprocess(blank, isoDate.optional()),
});
export const activityFormSchema = z.object({
  activityDescription: text(500),
  responsibleStaffId: z.preprocess(blank, z.uuid().optional()),
  frequency: optionalText(200),
});
export const progressFormSchema = z.object({
  text: text(4000),
  goalId: z.preprocess(blank, z.uuid().optional()),
  measuredValue: z.preprocess(blank, z.coerce.number().finite().optional()),
  confirmImplausible: confirmBox,
});
export const createPlanFormSchema = z
  .object({
    templateCode: z.preprocess(blank, z.enum(CARE_PLAN_TEMPLATE_CODES).optional()),
    title: optionalText(200),
    conditionCode: optionalText(10),
  })
  .refine((b) => b.templateCode !== undefined || b.title !== undefined, { path: ['title'], message: 'Give a title or choose a template.' });
export const editPlanFormSchema = z.object({
  title: text(200),
  // A cleared field arrives as "not given" (normaliseForm drops blanks): it clears the value.
  conditionCode: z
    .string()
    .trim()
    .max(10)
    .optional()
    .transform((v) => v || null),
  description: z
    .string()
    .trim()
    .max(4000)
    .optional()
    .transform((v) => v || null),
  nextReviewDate: z.preprocess(blank, isoDate.optional()),
});
export const goalStatusFormSchema = z.object({ status: z.enum(GOAL_STATUSES) });
export const activityStatusFormSchema = z.object({ status: z.enum(ACTIVITY_STATUSES) });
