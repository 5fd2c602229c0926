import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { AuditedAccess } from '../../../../platform/audit/audit.service.js';
import type { Db } from '../../../../platform/db/database.js';
import { carePlanGoals, carePlans } from '../care-plans.tables.js';

/** A measurable goal of an active care plan: readings of `code` above `upperLimit` are out of range. */
export interface GoalTarget {
  goalId: string;
  code: string;
  upperLimit: number;
  unit: string | null;
}

/**
 * The targets remote monitoring compares readings with: the in-progress goals, with a LOINC code and
 * a target value, of the audited patient's ACTIVE care plans (drafts and finished plans set no
 * threshold). A goal's target value is read as an upper limit ("systolic below 140 mm[Hg]"), which
 * is how the care-plan templates for hypertension and diabetes word them. One statement.
 */
export async function activeGoalTargets(db: Db, audited: AuditedAccess, codes: readonly string[]): Promise<GoalTarget[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .select({
      goalId: carePlanGoals.id,
      code: carePlanGoals.measureCode,
      upperLimit: carePlanGoals.targetValue,
      unit: carePlanGoals.targetUnit,
    })
    .from(carePlanGoals)
    .innerJoin(carePlans, eq(carePlans.id, carePlanGoals.carePlanId))
    .where(
      and(
        eq(carePlanGoals.patientId, audited.patientId),
        eq(carePlans.status, 'active'),
        eq(carePlanGoals.status, 'in_progress'),
        inArray(carePlanGoals.measureCode, [...codes]),
        isNotNull(carePlanGoals.targetValue),
      ),
    );
  return rows.map((r) => ({ goalId: r.goalId, code: r.code!, upperLimit: r.upperLimit!, unit: r.unit }));
}
