import type { Placeholder } from 'drizzle-orm';
import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead, runRead, type DeferredRead } from '../../../../platform/db/read-together.js';
import { conflict, notFound, unprocessable } from '../../../../platform/errors.js';
import { accessAuditValues, auditAccess, careTeamMembersRead, type CareTeamMember, type PatientAccess } from '../../../patients/index.js';
import type { AuditedAccess } from '../../../../platform/audit/audit.service.js';
import { auditedViews } from '../../../../platform/audit/audited-views.js';
import {
  findCarePlan,
  insertActivities,
  insertCarePlan,
  insertGoals,
  listCarePlanSummaries,
  listGoals,
  selectCarePlan,
  updateCarePlan,
} from '../care-plans.repository.js';
import type { CarePlan, CarePlanSummary, CreateCarePlanInput, UpdateCarePlanInput } from '../care-plans.schemas.js';
import { carePlanTemplate } from '../care-plans.templates.js';
import {
  assemblePlan,
  assertOpen,
  loadFullPlan,
  openPlan,
  planPartsReads,
  requireVersion,
  resolvePatientPlans,
  staleVersion,
} from './care-plans-access.service.js';

/** Care plans: create (blank or from a template), read, change, activate, complete. */

const DAY_MS = 86_400_000;
const addDays = (now: Date, days: number) => new Date(now.getTime() + days * DAY_MS);
const dateOnly = (d: Date) => d.toISOString().slice(0, 10);

export async function createCarePlan(db: Db, ctx: ServiceContext, patientId: string, input: CreateCarePlanInput): Promise<CarePlan> {
  const access = await resolvePatientPlans(db, ctx, patientId, 'care_plan.create', 'write');
  // Texts in the creator's language (their account's): the stored plan is the care team's own text.
  const template = input.templateCode ? carePlanTemplate(input.templateCode, ctx.actor.locale) : undefined;
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'care_plan.create',
      resourceType: 'care_plan',
      category: 'clinical',
      detail: { templateCode: input.templateCode ?? null },
    });
    const plan = await insertCarePlan(tx, audited, {
      title: input.title ?? template!.title,
      conditionCode: input.conditionCode ?? template?.conditionCode ?? null,
      templateCode: template?.code ?? null,
      description: input.description ?? null,
      considerations: template?.considerations ?? [],
      source: template?.source ?? null,
      status: 'draft',
      nextReviewAt: input.nextReviewAt ? new Date(input.nextReviewAt) : template ? addDays(ctx.now, template.reviewInDays) : null,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    if (template) {
      await insertGoals(
        tx,
        audited,
        plan.id,
        template.goals.map((g, i) => ({
          description: g.description,
          target: g.target,
          measure: g.measure,
          measureCode: g.measureCode,
          targetValue: g.targetValue,
          targetUnit: g.targetUnit,
          dueDate: g.dueInDays === null ? null : dateOnly(addDays(ctx.now, g.dueInDays)),
          // Keeps the template's order: created_at breaks ties by id otherwise.
          createdAt: new Date(ctx.now.getTime() + i),
          updatedAt: ctx.now,
        })),
      );
      await insertActivities(
        tx,
        audited,
        plan.id,
        template.activities.map((a, i) => ({
          description: a.description,
          frequency: a.frequency,
          createdAt: new Date(ctx.now.getTime() + i),
          updatedAt: ctx.now,
        })),
      );
    }
    return loadFullPlan(tx, audited, plan);
  });
}

export async function listPatientCarePlans(db: Db, ctx: ServiceContext, patientId: string): Promise<CarePlanSummary[]> {
  const access = await resolvePatientPlans(db, ctx, patientId, 'care_plan.list', 'read');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, { action: 'care_plan.list', resourceType: 'care_plan', category: 'clinical' });
    return readCarePlans(tx, audited, access);
  });
}

/** The care-plans section of an audited read model (chart, health record): the caller decided and audited. */
export async function readCarePlans(tx: Db, audited: AuditedAccess, access: PatientAccess): Promise<CarePlanSummary[]> {
  return runRead(carePlansSection(tx, audited, access));
}

/** The same section as a query not run yet, so a view can read it with its other sections in one statement. */
export function carePlansSection(tx: Db, audited: AuditedAccess, access: PatientAccess): DeferredRead<CarePlanSummary[]> {
  // The patient sees a plan once the care team has made it active.
  return deferRead(listCarePlanSummaries(tx, audited), (rows) =>
    access.tier === 'self' ? rows.filter((r) => r.status !== 'draft') : rows,
  );
}

/** The chart's view (fixed interface for the CHART engineer). */
export const listCarePlansForChart = (db: Db, ctx: ServiceContext, patientId: string) => listPatientCarePlans(db, ctx, patientId);

/** A plan with its parts (the same reads for every viewer: the tier was settled by `openPlan`). */
const readPlanView = auditedViews();

export async function getCarePlan(db: Db, ctx: ServiceContext, planId: string): Promise<CarePlan> {
  return (await readPlan(db, ctx, planId, false)).plan;
}

/**
 * The plan editor's view: the plan and the patient's active care team (the activities' possible
 * assignees), from ONE access decision and ONE `care_plan.read` row naming both sections (issue
 * 11: the team was a second decision and audit row, two statements more).
 */
export async function getCarePlanWithTeam(
  db: Db,
  ctx: ServiceContext,
  planId: string,
): Promise<{ plan: CarePlan; team: CareTeamMember[] }> {
  const { plan, team } = await readPlan(db, ctx, planId, true);
  return { plan, team: team ?? [] };
}

async function readPlan(db: Db, ctx: ServiceContext, planId: string, withTeam: boolean) {
  const access = await openPlan(db, ctx, planId, 'care_plan.read', 'read');
  // The audit row travels with the plan and all its parts: one statement built once, no transaction.
  const audit = accessAuditValues(ctx, access, {
    action: 'care_plan.read',
    resourceType: 'care_plan',
    resourceId: planId,
    category: 'clinical',
    ...(withTeam ? { detail: { sections: ['care_plan', 'care_team'] } } : {}),
  });
  const { plan, team, ...parts } = await readPlanView(
    db,
    withTeam ? 'plan+team' : 'plan',
    audit,
    (db, audited, param: (name: 'planId' | 'now') => Placeholder) => ({
      plan: deferRead(selectCarePlan(db, audited, param('planId')), (rows) => rows[0]),
      ...planPartsReads(db, audited, param('planId')),
      ...(withTeam ? { team: careTeamMembersRead(db, audited.patientId, param('now')) } : {}),
    }),
    { planId, now: ctx.now },
  );
  if (!plan) throw notFound('The care plan');
  return { plan: assemblePlan(plan, parts), team: team as CareTeamMember[] | undefined };
}

export async function changeCarePlan(
  db: Db,
  ctx: ServiceContext,
  planId: string,
  input: UpdateCarePlanInput,
  expected: number | undefined,
): Promise<CarePlan> {
  const access = await openPlan(db, ctx, planId, 'care_plan.update', 'write');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'care_plan.update',
      resourceType: 'care_plan',
      resourceId: planId,
      category: 'clinical',
      detail: { fields: Object.keys(input) },
    });
    const current = await findCarePlan(tx, audited, planId);
    if (!current) throw notFound('The care plan');
    const version = requireVersion(current.version, expected);
    assertOpen(current);
    const { nextReviewAt, ...rest } = input;
    const row = await updateCarePlan(
      tx,
      audited,
      planId,
      version,
      { ...rest, ...(nextReviewAt !== undefined ? { nextReviewAt: nextReviewAt === null ? null : new Date(nextReviewAt) } : {}) },
      ctx.now,
    );
    if (!row) throw staleVersion();
    return loadFullPlan(tx, audited, row);
  });
}

/** Draft → active (needs at least one goal); the patient sees the plan from now on. */
export async function activateCarePlan(db: Db, ctx: ServiceContext, planId: string, expected: number | undefined): Promise<CarePlan> {
  return transition(db, ctx, planId, expected, 'care_plan.activate', async (tx, audited, current) => {
    if (current.status !== 'draft') throw conflict('Only a draft care plan can be activated.');
    if ((await listGoals(tx, audited, planId)).length === 0) throw unprocessable('Add at least one goal before activating the care plan.');
    return { status: 'active' as const, activatedAt: ctx.now };
  });
}

/** Active → completed. */
export async function completeCarePlan(db: Db, ctx: ServiceContext, planId: string, expected: number | undefined): Promise<CarePlan> {
  return transition(db, ctx, planId, expected, 'care_plan.complete', async (_tx, _audited, current) => {
    if (current.status !== 'active') throw conflict('Only an active care plan can be completed.');
    return { status: 'completed' as const, completedAt: ctx.now };
  });
}

type Audited = Parameters<typeof findCarePlan>[1];
type Current = NonNullable<Awaited<ReturnType<typeof findCarePlan>>>;

async function transition(
  db: Db,
  ctx: ServiceContext,
  planId: string,
  expected: number | undefined,
  action: string,
  decide: (tx: Db, audited: Audited, current: Current) => Promise<Parameters<typeof updateCarePlan>[4]>,
): Promise<CarePlan> {
  const access = await openPlan(db, ctx, planId, action, 'write');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, { action, resourceType: 'care_plan', resourceId: planId, category: 'clinical' });
    const current = await findCarePlan(tx, audited, planId);
    if (!current) throw notFound('The care plan');
    const version = requireVersion(current.version, expected);
    const patch = await decide(tx, audited, current);
    const row = await updateCarePlan(tx, audited, planId, version, patch, ctx.now);
    if (!row) throw staleVersion();
    return loadFullPlan(tx, audited, row);
  });
}
