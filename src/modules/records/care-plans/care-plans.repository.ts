import { and, asc, desc, eq, sql, type Placeholder } from 'drizzle-orm';
import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { staffProfiles } from '../../staff/index.js';
import { carePlanActivities, carePlanGoals, carePlanProgress, carePlans } from './care-plans.tables.js';

/** SQL for care plans. Every read and write of plan content needs the audit proof for its patient. */

export type CarePlanRow = typeof carePlans.$inferSelect;
export type GoalRow = typeof carePlanGoals.$inferSelect;
export type ActivityRow = typeof carePlanActivities.$inferSelect;

/** Which patient a plan belongs to and its status (no content): the access check needs them first. */
export async function findCarePlanOwner(db: Db, planId: string): Promise<{ patientId: string; status: CarePlanRow['status'] } | undefined> {
  const [row] = await db
    .select({ patientId: carePlans.patientId, status: carePlans.status })
    .from(carePlans)
    .where(eq(carePlans.id, planId))
    .limit(1);
  return row;
}

export async function insertCarePlan(
  tx: Db,
  audited: AuditedAccess,
  values: Omit<typeof carePlans.$inferInsert, 'patientId' | 'id'>,
): Promise<CarePlanRow> {
  const [row] = await tx
    .insert(carePlans)
    .values({ ...values, patientId: audited.patientId })
    .returning();
  return row!;
}

export async function findCarePlan(tx: Db, audited: AuditedAccess, planId: string): Promise<CarePlanRow | undefined> {
  const [row] = await tx
    .select()
    .from(carePlans)
    .where(and(eq(carePlans.id, planId), eq(carePlans.patientId, audited.patientId)))
    .limit(1);
  return row;
}

/** Compare-and-set on the version: undefined when someone else changed the plan first. */
export async function updateCarePlan(
  tx: Db,
  audited: AuditedAccess,
  planId: string,
  expected: number,
  patch: Partial<
    Pick<
      CarePlanRow,
      'title' | 'conditionCode' | 'description' | 'considerations' | 'nextReviewAt' | 'status' | 'activatedAt' | 'completedAt'
    >
  >,
  now: Date,
): Promise<CarePlanRow | undefined> {
  const [row] = await tx
    .update(carePlans)
    .set({ ...patch, version: sql`${carePlans.version} + 1`, updatedAt: now })
    .where(and(eq(carePlans.id, planId), eq(carePlans.patientId, audited.patientId), eq(carePlans.version, expected)))
    .returning();
  return row;
}

// Qualified by hand: inside a correlated subquery drizzle would print a bare "id" (the goal's).
const planIdColumn = sql.raw('"care_plans"."id"');

export function listCarePlanSummaries(tx: Db, audited: AuditedAccess) {
  return tx
    .select({
      id: carePlans.id,
      title: carePlans.title,
      status: carePlans.status,
      conditionCode: carePlans.conditionCode,
      nextReviewAt: carePlans.nextReviewAt,
      goalsMet: sql<number>`(select count(*) from ${carePlanGoals} g where g.care_plan_id = ${planIdColumn} and g.status = 'met')`.mapWith(
        Number,
      ),
      goalsTotal: sql<number>`(select count(*) from ${carePlanGoals} g where g.care_plan_id = ${planIdColumn})`.mapWith(Number),
    })
    .from(carePlans)
    .where(eq(carePlans.patientId, audited.patientId))
    .orderBy(desc(carePlans.createdAt), desc(carePlans.id));
}

export async function insertGoals(
  tx: Db,
  audited: AuditedAccess,
  planId: string,
  goals: Omit<typeof carePlanGoals.$inferInsert, 'patientId' | 'carePlanId'>[],
): Promise<GoalRow[]> {
  if (goals.length === 0) return [];
  return tx
    .insert(carePlanGoals)
    .values(goals.map((g) => ({ ...g, carePlanId: planId, patientId: audited.patientId })))
    .returning();
}

export async function findGoal(tx: Db, audited: AuditedAccess, planId: string, goalId: string): Promise<GoalRow | undefined> {
  const [row] = await tx
    .select()
    .from(carePlanGoals)
    .where(and(eq(carePlanGoals.id, goalId), eq(carePlanGoals.carePlanId, planId), eq(carePlanGoals.patientId, audited.patientId)))
    .limit(1);
  return row;
}

export async function updateGoal(
  tx: Db,
  audited: AuditedAccess,
  goalId: string,
  patch: Partial<Pick<GoalRow, 'description' | 'target' | 'dueDate' | 'status'>>,
  now: Date,
): Promise<void> {
  await tx
    .update(carePlanGoals)
    .set({ ...patch, updatedAt: now })
    .where(and(eq(carePlanGoals.id, goalId), eq(carePlanGoals.patientId, audited.patientId)));
}

/** The ids of a plan's goals, as a subquery (the goals' readings are read with the plan). */
export function goalIdsOfPlan(tx: Db, audited: AuditedAccess, planId: string | Placeholder) {
  return tx
    .select({ id: carePlanGoals.id })
    .from(carePlanGoals)
    .where(and(eq(carePlanGoals.carePlanId, planId), eq(carePlanGoals.patientId, audited.patientId)));
}

/** The query of `findCarePlan`, not run yet. */
export function selectCarePlan(tx: Db, audited: AuditedAccess, planId: string | Placeholder) {
  return tx
    .select()
    .from(carePlans)
    .where(and(eq(carePlans.id, planId), eq(carePlans.patientId, audited.patientId)))
    .limit(1);
}

export function listGoals(tx: Db, audited: AuditedAccess, planId: string | Placeholder) {
  return tx
    .select()
    .from(carePlanGoals)
    .where(and(eq(carePlanGoals.carePlanId, planId), eq(carePlanGoals.patientId, audited.patientId)))
    .orderBy(asc(carePlanGoals.createdAt), asc(carePlanGoals.id));
}

export async function insertActivities(
  tx: Db,
  audited: AuditedAccess,
  planId: string,
  activities: Omit<typeof carePlanActivities.$inferInsert, 'patientId' | 'carePlanId'>[],
): Promise<ActivityRow[]> {
  if (activities.length === 0) return [];
  return tx
    .insert(carePlanActivities)
    .values(activities.map((a) => ({ ...a, carePlanId: planId, patientId: audited.patientId })))
    .returning();
}

export async function findActivity(tx: Db, audited: AuditedAccess, planId: string, activityId: string): Promise<ActivityRow | undefined> {
  const [row] = await tx
    .select()
    .from(carePlanActivities)
    .where(
      and(
        eq(carePlanActivities.id, activityId),
        eq(carePlanActivities.carePlanId, planId),
        eq(carePlanActivities.patientId, audited.patientId),
      ),
    )
    .limit(1);
  return row;
}

export async function updateActivity(
  tx: Db,
  audited: AuditedAccess,
  activityId: string,
  patch: Partial<Pick<ActivityRow, 'description' | 'responsibleStaffId' | 'frequency' | 'status'>>,
  now: Date,
): Promise<void> {
  await tx
    .update(carePlanActivities)
    .set({ ...patch, updatedAt: now })
    .where(and(eq(carePlanActivities.id, activityId), eq(carePlanActivities.patientId, audited.patientId)));
}

export function listActivities(tx: Db, audited: AuditedAccess, planId: string | Placeholder) {
  return tx
    .select({
      id: carePlanActivities.id,
      description: carePlanActivities.description,
      responsibleStaffId: carePlanActivities.responsibleStaffId,
      responsibleGiven: staffProfiles.givenName,
      responsibleFamily: staffProfiles.familyName,
      frequency: carePlanActivities.frequency,
      status: carePlanActivities.status,
    })
    .from(carePlanActivities)
    .leftJoin(staffProfiles, eq(staffProfiles.id, carePlanActivities.responsibleStaffId))
    .where(and(eq(carePlanActivities.carePlanId, planId), eq(carePlanActivities.patientId, audited.patientId)))
    .orderBy(asc(carePlanActivities.createdAt), asc(carePlanActivities.id));
}

export async function insertProgress(
  tx: Db,
  audited: AuditedAccess,
  planId: string,
  values: Omit<typeof carePlanProgress.$inferInsert, 'patientId' | 'carePlanId'>,
) {
  const [row] = await tx
    .insert(carePlanProgress)
    .values({ ...values, carePlanId: planId, patientId: audited.patientId })
    .returning();
  return row!;
}

export function listProgress(tx: Db, audited: AuditedAccess, planId: string | Placeholder) {
  return tx
    .select({
      id: carePlanProgress.id,
      goalId: carePlanProgress.goalId,
      measuredValue: carePlanProgress.measuredValue,
      text: carePlanProgress.text,
      authorGiven: staffProfiles.givenName,
      authorFamily: staffProfiles.familyName,
      createdAt: carePlanProgress.createdAt,
    })
    .from(carePlanProgress)
    .leftJoin(staffProfiles, eq(staffProfiles.userId, carePlanProgress.authorUserId))
    .where(and(eq(carePlanProgress.carePlanId, planId), eq(carePlanProgress.patientId, audited.patientId)))
    .orderBy(asc(carePlanProgress.createdAt), asc(carePlanProgress.id));
}
