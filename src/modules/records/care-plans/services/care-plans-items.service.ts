import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { AppError, notFound, validationFailed } from '../../../../platform/errors.js';
import { observationCode } from '../../observations/observation-codes.js';
import { checkReading, recordObservation } from '../../observations/observations.service.js';
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
  // A goal that measures something carries the LOINC code, and its unit is that code's UCUM unit.
  const coded = observationCode(input.measureCode);
  if (coded && input.targetUnit !== undefined && input.targetUnit !== coded.unit)
    throw validationFailed([{ path: 'targetUnit', message: `Give the target in ${coded.unit}` }], `The unit must be ${coded.unit}.`);
  return changePlan(db, ctx, planId, 'care_plan.goal.create', 'care_plan_goal', optionalVersion, expected, async (tx, audited) => {
    await insertGoals(tx, audited, planId, [
      {
        description: input.description,
        target: input.target ?? null,
        measure: input.measure ?? null,
        measureCode: coded?.code ?? null,
        targetValue: input.targetValue ?? null,
        targetUnit: coded?.unit ?? input.targetUnit ?? null,
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

/**
 * The vitals' rule for a value on a coded goal: impossible → 400 naming the field; outside the
 * plausible range → 422 `confirmation_required` naming the field unless confirmed, then stored
 * flagged `implausible` (docs/care-plans.md).
 */
function checkPlausible(code: string, value: number, field: string, confirmed: boolean | undefined) {
  const checked = checkReading(code, value, undefined, field);
  if (checked.implausible && confirmed !== true) {
    throw new AppError('confirmation_required', 'This value is unusual: check it, then confirm to save it.', {
      errors: [{ path: field, message: 'Unusual value: check it and confirm' }],
    });
  }
  return checked;
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
    const goal = input.goalId ? await findGoal(tx, audited, planId, input.goalId) : undefined;
    if (input.goalId && !goal) {
      throw new AppError('unprocessable', 'The goal is not part of this care plan.', {
        errors: [{ path: 'goalId', message: 'Not a goal of this plan' }],
      });
    }
    // A value on a coded goal is also a coded observation (source clinician, linked to this note):
    // the goal's readings come from the one observations store, whoever recorded them.
    const checked =
      goal?.measureCode && input.measuredValue !== undefined
        ? checkPlausible(goal.measureCode, input.measuredValue, 'measuredValue', input.confirmImplausible)
        : undefined;
    const note = await insertProgress(tx, audited, planId, {
      goalId: input.goalId ?? null,
      measuredValue: input.measuredValue ?? null,
      text: input.text,
      authorUserId: ctx.actor.userId,
      createdAt: ctx.now,
    });
    if (goal?.measureCode && input.measuredValue !== undefined) {
      await recordObservation(tx, audited, {
        code: goal.measureCode,
        value: input.measuredValue,
        effectiveAt: ctx.now,
        source: 'clinician',
        goalId: goal.id,
        progressId: note.id,
        flag: checked?.implausible ? 'implausible' : null,
        recordedBy: ctx.actor.userId,
      });
    }
    return loadFullPlan(tx, audited, plan);
  });
}

/**
 * A patient's own reading on a goal of their active plan: a coded observation (the goal's LOINC code
 * and UCUM unit, the time from the clock, source patient). Only the patient themselves, only a goal
 * that measures something; an impossible value is refused naming the field.
 */
export async function recordGoalReading(
  db: Db,
  ctx: ServiceContext,
  planId: string,
  goalId: string,
  input: { value: number; confirmImplausible?: boolean },
): Promise<CarePlan> {
  const access = await openPlan(db, ctx, planId, 'observation.create', 'read');
  if (access.tier !== 'self') throw notFound('The care plan');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'observation.create',
      resourceType: 'observation',
      resourceId: goalId,
      category: 'clinical',
      detail: { carePlanId: planId, goalId, source: 'patient' },
    });
    const plan = await findCarePlan(tx, audited, planId);
    if (!plan) throw notFound('The care plan');
    if (plan.status !== 'active') throw new AppError('conflict', 'Readings are recorded on an active care plan.');
    const goal = await findGoal(tx, audited, planId, goalId);
    if (!goal) throw notFound('The goal');
    if (!goal.measureCode)
      throw new AppError('unprocessable', 'This goal does not measure a value.', {
        errors: [{ path: 'value', message: 'This goal has no value to record' }],
      });
    const checked = checkPlausible(goal.measureCode, input.value, 'value', input.confirmImplausible);
    await recordObservation(tx, audited, {
      code: goal.measureCode,
      value: input.value,
      effectiveAt: ctx.now,
      source: 'patient',
      goalId: goal.id,
      flag: checked.implausible ? 'implausible' : null,
      recordedBy: ctx.actor.userId,
    });
    return loadFullPlan(tx, audited, plan);
  });
}
