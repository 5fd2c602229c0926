import type { Placeholder } from 'drizzle-orm';
import { auditActorOf, writeAudit } from '../../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead, readTogether, type ReadResults } from '../../../../platform/db/read-together.js';
import { AppError, conflict, notFound } from '../../../../platform/errors.js';
import { assertVersion } from '../../../../platform/http/api-helpers.js';
import { auditDenied, resolvePatientAccess, type PatientAccess } from '../../../patients/index.js';
import { findCarePlanOwner, goalIdsOfPlan, listActivities, listGoals, listProgress, type CarePlanRow } from '../care-plans.repository.js';
import type { AuditedAccess } from '../../../../platform/audit/audit.service.js';
import type { CarePlan } from '../care-plans.schemas.js';
import { goalObservationsRead } from '../../observations/observations.service.js';

/**
 * Access rules for care plans, in one place: the clinical tier reads (the patient only plans that
 * are no longer drafts), the care team (or break-the-glass) writes. Refusals answer 404 with a
 * denied audit row written with the root handle.
 */

export type PlanMode = 'read' | 'write';

export async function resolvePatientPlans(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  action: string,
  mode: PlanMode,
): Promise<PatientAccess> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action });
  if (mode === 'write' && access.tier === 'self') {
    await auditDenied(db, ctx, access, { action, resourceType: 'care_plan', category: 'clinical', detail: { reason: 'tier' } });
    throw notFound('The patient');
  }
  return access;
}

/** Opens one plan by id: 404 (and a denied row) for an unknown plan, a foreign patient, or a patient's draft. */
export async function openPlan(db: Db, ctx: ServiceContext, planId: string, action: string, mode: PlanMode): Promise<PatientAccess> {
  const owner = await findCarePlanOwner(db, planId);
  if (!owner) {
    await writeAudit(
      db,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action,
        resourceType: 'care_plan',
        resourceId: planId,
        category: 'clinical',
        outcome: 'denied',
        severity: 'medium',
        detail: { reason: 'unknown_care_plan' },
      },
      ctx.now,
    );
    throw notFound('The care plan');
  }
  const access = await resolvePatientPlans(db, ctx, owner.patientId, action, mode);
  if (access.tier === 'self' && owner.status === 'draft') {
    await auditDenied(db, ctx, access, {
      action,
      resourceType: 'care_plan',
      resourceId: planId,
      category: 'clinical',
      detail: { reason: 'draft' },
    });
    throw notFound('The care plan');
  }
  return access;
}

/** Versioned document: every change names the version it is based on (428 without, 412 stale). */
export function requireVersion(current: number, expected: number | undefined): number {
  assertVersion(current, expected, { required: true });
  return expected!;
}

export function optionalVersion(current: number, expected: number | undefined): number {
  assertVersion(current, expected);
  return expected ?? current;
}

export function assertOpen(plan: CarePlanRow): void {
  if (plan.status === 'completed' || plan.status === 'cancelled') throw conflict('This care plan is closed and can no longer change.');
}

export const staleVersion = () =>
  new AppError('version_mismatch', 'Someone else changed this care plan since you loaded it. Reload and apply your change again.');

const name = (given: string | null, family: string | null) => (given || family ? `${given ?? ''} ${family ?? ''}`.trim() : null);

/** A plan's parts (goals with their readings, activities, progress) as reads not run yet. */
export function planPartsReads(tx: Db, audited: AuditedAccess, planId: string | Placeholder) {
  return {
    goals: deferRead(listGoals(tx, audited, planId), (rows) => rows),
    activities: deferRead(listActivities(tx, audited, planId), (rows) => rows),
    progress: deferRead(listProgress(tx, audited, planId), (rows) => rows),
    // The goals' readings, chosen by the plan's goals in the same statement.
    readings: goalObservationsRead(tx, audited, goalIdsOfPlan(tx, audited, planId)),
  };
}

type PlanParts = ReadResults<ReturnType<typeof planPartsReads>>;

/** The whole plan with goals, activities and progress, read in one statement with the caller's audit token. */
export async function loadFullPlan(tx: Db, audited: AuditedAccess, plan: CarePlanRow): Promise<CarePlan> {
  return assemblePlan(plan, await readTogether(tx, planPartsReads(tx, audited, plan.id)));
}

/** The plan as the API and pages show it, from its row and its parts. */
export function assemblePlan(plan: CarePlanRow, { goals, activities, progress, readings }: PlanParts): CarePlan {
  return {
    id: plan.id,
    patientId: plan.patientId,
    title: plan.title,
    conditionCode: plan.conditionCode,
    templateCode: plan.templateCode,
    description: plan.description,
    considerations: plan.considerations,
    source: plan.source,
    status: plan.status,
    nextReviewAt: plan.nextReviewAt,
    activatedAt: plan.activatedAt,
    completedAt: plan.completedAt,
    version: plan.version,
    createdAt: plan.createdAt,
    updatedAt: plan.updatedAt,
    goals: goals.map((g) => ({
      id: g.id,
      description: g.description,
      target: g.target,
      measure: g.measure,
      measureCode: g.measureCode,
      targetValue: g.targetValue,
      targetUnit: g.targetUnit,
      dueDate: g.dueDate,
      status: g.status,
      readings: readings
        .filter((r) => r.goalId === g.id)
        .map((r) => ({ id: r.id, code: r.code, value: r.value, unit: r.unit, effectiveAt: r.effectiveAt, source: r.source })),
    })),
    activities: activities.map((a) => ({
      id: a.id,
      description: a.description,
      responsibleStaffId: a.responsibleStaffId,
      responsibleName: name(a.responsibleGiven, a.responsibleFamily),
      frequency: a.frequency,
      status: a.status,
    })),
    progress: progress.map((p) => ({
      id: p.id,
      goalId: p.goalId,
      measuredValue: p.measuredValue,
      text: p.text,
      authorName: name(p.authorGiven, p.authorFamily),
      createdAt: p.createdAt,
    })),
  };
}
