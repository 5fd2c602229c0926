import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { AppError, notFound } from '../../../../platform/errors.js';
import { isOnCareTeam, auditAccess } from '../../../patients/index.js';
import {
  findActivity,
  findCarePlan,
  findGoal,
  insertActivities,
  insertGoals,
  insertProgress,
  updateActivity,
  updateCarePlan,
  updateGoal,
} from '../care-plans.repository.js';
import type {
  CarePlan,
  CreateActivityInput,
  CreateGoalInput,
  CreateProgressInput,
  UpdateActivityInput,
  UpdateGoalInput,
} from '../care-plans.schemas.js';
import { assertOpen, loadFullPlan, openPlan, optionalVersion, requireVersion, staleVersion } from './care-plans-access.service.js';

/**
 * Goals, activities and progress notes of a care plan. Each change bumps the plan's version: adding
 * checks If-Match when given, changing an existing goal or activity requires it. Progress notes are
 * appended and leave the version alone (they do not change the plan).
 */

type Audited = Parameters<typeof findCarePlan>[1];

const notOnCareTeam = () =>
  new AppError('unprocessable', 'The responsible person must be on the patient’s care team.', {
    errors: [{ path: 'responsibleStaffId', message: 'Not on the patient’s care team' }],
  });

async function assertResponsible(tx: Db, ctx: ServiceContext, patientId: string, staffId: string | null | undefined) {
  if (staffId && !(await isOnCareTeam(tx, patientId, staffId, ctx.now))) throw notOnCareTeam();
}

async function changePlan(
  db: Db,
  ctx: ServiceContext,
  planId: string,
  action: string,
  resourceType: string,
  versionRule: (current: number, expected: number | undefined) => number,
  expected: number | undefined,
  work: (tx: Db, audited: Audited) => Promise<void>,
  detail: Record<string, unknown> = {},
): Promise<CarePlan> {
  const access = await openPlan(db, ctx, planId, action, 'write');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action,
      resourceType,
      resourceId: planId,
      category: 'clinical',
      detail: { carePlanId: planId, ...detail },
    });
    const current = await findCarePlan(tx, audited, planId);
    if (!current) throw notFound('The care plan');
    const version = versionRule(current.version, expected);
    assertOpen(current);
    await work(tx, audited);
    const row = await updateCarePlan(tx, audited, planId, version, {}, ctx.now);
    if (!row) throw staleVersion();
    return loadFullPlan(tx, audited, row);
  });
}

export function addGoal(
  db: Db,
  ctx: ServiceContext,
  planId: string,
  input: CreateGoalInput,
  expected: number | undefined,
): Promise<CarePlan> {
  return changePlan(db, ctx, planId, 'care_plan.goal.create', 'care_plan_goal', optionalVersion, expected, async (tx, audited) => {
    await insertGoals(tx, audited, planId, [
      {
        description: input.description,
        target: input.target ?? null,
        measure: input.measure ?? null,
        targetValue: input.targetValue ?? null,
        targetUnit: input.targetUnit ?? null,
        dueDate: input.dueDate ?? null,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      },
    ]);
  });
}

export function changeGoal(
  db: Db,
  ctx: ServiceContext,
  planId: string,
  goalId: string,
  input: UpdateGoalInput,
  expected: number | undefined,
): Promise<CarePlan> {
  return changePlan(
    db,
    ctx,
    planId,
    'care_plan.goal.update',
    'care_plan_goal',
    requireVersion,
    expected,
    async (tx, audited) => {
      if (!(await findGoal(tx, audited, planId, goalId))) throw notFound('The goal');
      await updateGoal(tx, audited, goalId, input, ctx.now);
    },
    { goalId, fields: Object.keys(input), ...(input.status ? { status: input.status } : {}) },
  );
}

export function addActivity(
  db: Db,
  ctx: ServiceContext,
  planId: string,
  input: CreateActivityInput,
  expected: number | undefined,
): Promise<CarePlan> {
  return changePlan(db, ctx, planId, 'care_plan.activity.create', 'care_plan_activity', optionalVersion, expected, async (tx, audited) => {
    await assertResponsible(tx, ctx, audited.patientId, input.responsibleStaffId);
    await insertActivities(tx, audited, planId, [
      {
        description: input.description,
        responsibleStaffId: input.responsibleStaffId ?? null,
        frequency: input.frequency ?? null,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      },
    ]);
  });
}

export function changeActivity(
  db: Db,
  ctx: ServiceContext,
  planId: string,
  activityId: string,
  input: UpdateActivityInput,
  expected: number | undefined,
): Promise<CarePlan> {
  return changePlan(
    db,
    ctx,
    planId,
    'care_plan.activity.update',
    'care_plan_activity',
    requireVersion,
    expected,
    async (tx, audited) => {
      if (!(await findActivity(tx, audited, planId, activityId))) throw notFound('The activity');
      await assertResponsible(tx, ctx, audited.patientId, input.responsibleStaffId);
      await updateActivity(tx, audited, activityId, input, ctx.now);
    },
    { activityId, fields: Object.keys(input) },
  );
}

/** A progress note, optionally with a measurement against one of the plan's goals. */
export async function addProgressNote(db: Db, ctx: ServiceContext, planId: string, input: CreateProgressInput): Promise<CarePlan> {
  if (input.measuredValue !== undefined && !input.goalId) {
    throw new AppError('validation_failed', 'A measurement belongs to a goal.', {
      errors: [{ path: 'goalId', message: 'Choose the goal this value measures' }],
    });
  }
  const access = await openPlan(db, ctx, planId, 'care_plan.progress.create', 'write');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'care_plan.progress.create',
      resourceType: 'care_plan_progress',
      resourceId: planId,
      category: 'clinical',
      detail: { carePlanId: planId, goalId: input.goalId ?? null },
    });
    const plan = await findCarePlan(tx, audited, planId);
    if (!plan) throw notFound('The care plan');
    if (plan.status !== 'active') throw new AppError('conflict', 'Progress is recorded on an active care plan.');
    if (input.goalId && !(await findGoal(tx, audited, planId, input.goalId))) {
      throw new AppError('unprocessable', 'The goal is not part of this care plan.', {
        errors: [{ path: 'goalId', message: 'Not a goal of this plan' }],
      });
    }
    await insertProgress(tx, audited, planId, {
      goalId: input.goalId ?? null,
      measuredValue: input.measuredValue ?? null,
      text: input.text,
      authorUserId: ctx.actor.userId,
      createdAt: ctx.now,
    });
    return loadFullPlan(tx, audited, plan);
  });
}
