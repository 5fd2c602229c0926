import { date, doublePrecision, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt, version } from '../../../platform/db/columns.js';
import { patients } from '../../patients/index.js';
import { staffProfiles } from '../../staff/index.js';

export const CARE_PLAN_STATUSES = ['draft', 'active', 'completed', 'cancelled'] as const;
export type CarePlanStatus = (typeof CARE_PLAN_STATUSES)[number];
export const GOAL_STATUSES = ['in_progress', 'met', 'not_met'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const ACTIVITY_STATUSES = ['planned', 'in_progress', 'completed', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/**
 * A care plan: one versioned document (If-Match required on every change) with its goals,
 * activities and progress notes. Children carry patient_id so every query is scoped by patient.
 */
export const carePlans = pgTable(
  'care_plans',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    title: text('title').notNull(),
    conditionCode: text('condition_code'),
    templateCode: text('template_code'),
    description: text('description'),
    /** "Things to consider" copied from the template (editable), with the source it cites. */
    considerations: jsonb('considerations').$type<string[]>().notNull().default([]),
    source: text('source'),
    status: text('status').$type<CarePlanStatus>().notNull().default('draft'),
    nextReviewAt: instant('next_review_at'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    activatedAt: instant('activated_at'),
    completedAt: instant('completed_at'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('care_plans_patient_idx').on(t.patientId, t.createdAt)],
);

export const carePlanGoals = pgTable(
  'care_plan_goals',
  {
    id: id(),
    carePlanId: uuid('care_plan_id')
      .notNull()
      .references(() => carePlans.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    description: text('description').notNull(),
    /** The target in words, e.g. "HbA1c < 7.0 %". */
    target: text('target'),
    measure: text('measure'),
    /** The LOINC code of what the goal measures (its unit is targetUnit, UCUM); readings are observations with this code. */
    measureCode: text('measure_code'),
    targetValue: doublePrecision('target_value'),
    targetUnit: text('target_unit'),
    dueDate: date('due_date'),
    status: text('status').$type<GoalStatus>().notNull().default('in_progress'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('care_plan_goals_plan_idx').on(t.carePlanId, t.createdAt)],
);

export const carePlanActivities = pgTable(
  'care_plan_activities',
  {
    id: id(),
    carePlanId: uuid('care_plan_id')
      .notNull()
      .references(() => carePlans.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    description: text('description').notNull(),
    /** A member of the patient's care team (checked when set). */
    responsibleStaffId: uuid('responsible_staff_id').references(() => staffProfiles.id),
    frequency: text('frequency'),
    status: text('status').$type<ActivityStatus>().notNull().default('planned'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('care_plan_activities_plan_idx').on(t.carePlanId, t.createdAt)],
);

/** Progress notes, append-only; a note may record a measurement against one goal. */
export const carePlanProgress = pgTable(
  'care_plan_progress',
  {
    id: id(),
    carePlanId: uuid('care_plan_id')
      .notNull()
      .references(() => carePlans.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    goalId: uuid('goal_id').references(() => carePlanGoals.id),
    measuredValue: doublePrecision('measured_value'),
    text: text('text').notNull(),
    authorUserId: uuid('author_user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('care_plan_progress_plan_idx').on(t.carePlanId, t.createdAt)],
);
