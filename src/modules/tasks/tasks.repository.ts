import { aliasedTable, and, asc, eq, gt, inArray, isNull, lte, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.tables.js';
import type { AuditedAccess, AuditedPatients, PreparedAuditedPatients } from '../../platform/audit/audit.service.js';
import type { Db } from '../../platform/db/database.js';
import { deferRead, type DeferredRead } from '../../platform/db/read-together.js';
import { careTeamMembers, patients } from '../patients/index.js';
import { staffProfiles } from '../staff/index.js';
import { careTaskHandoffs, careTasks } from './tasks.tables.js';
import { TASK_ROLES } from './tasks.vocabulary.js';
import { isAnyId } from '../../platform/db/id-lists.js';

export type CareTaskRow = typeof careTasks.$inferSelect;

const assignee = aliasedTable(staffProfiles, 'assignee');
const creator = aliasedTable(staffProfiles, 'creator');

const nameOf = (p: typeof staffProfiles) => sql<string | null>`${p.givenName} || ' ' || ${p.familyName}`;

/** A task with the names a list shows (assignee, creator) — the patient comes from the caller. */
const taskColumns = {
  task: careTasks,
  assigneeName: nameOf(assignee),
  creatorStaffId: creator.id,
  creatorName: nameOf(creator),
};
export interface TaskListRow {
  task: CareTaskRow;
  assigneeName: string | null;
  creatorStaffId: string | null;
  creatorName: string | null;
}

export async function insertTask(tx: Db, values: Omit<typeof careTasks.$inferInsert, 'id' | 'status'>): Promise<CareTaskRow> {
  const [row] = await tx.insert(careTasks).values(values).returning();
  return row!;
}

/** Which patient a task belongs to (no task content: the access decision comes first). */
export async function selectTaskPatientId(db: Db, taskId: string): Promise<string | undefined> {
  const [row] = await db.select({ patientId: careTasks.patientId }).from(careTasks).where(eq(careTasks.id, taskId));
  return row?.patientId;
}

export async function lockTask(tx: Db, audited: AuditedAccess, taskId: string): Promise<CareTaskRow | undefined> {
  const [row] = await tx
    .select()
    .from(careTasks)
    .where(and(eq(careTasks.id, taskId), eq(careTasks.patientId, audited.patientId)))
    .for('update');
  return row;
}

export async function markTaskDone(tx: Db, taskId: string, userId: string, now: Date): Promise<void> {
  await tx
    .update(careTasks)
    .set({ status: 'done', completedAt: now, completedBy: userId, updatedAt: now })
    .where(and(eq(careTasks.id, taskId), eq(careTasks.status, 'open')));
}

export async function markTaskCancelled(tx: Db, taskId: string, userId: string, reason: string, now: Date): Promise<void> {
  await tx
    .update(careTasks)
    .set({ status: 'cancelled', cancelledAt: now, cancelledBy: userId, cancelReason: reason, updatedAt: now })
    .where(and(eq(careTasks.id, taskId), eq(careTasks.status, 'open')));
}

export async function handOffTask(
  tx: Db,
  task: { id: string; fromStaffId: string },
  to: { staffId: string; byUserId: string; note: string | null },
  now: Date,
): Promise<void> {
  await tx.update(careTasks).set({ assigneeStaffId: to.staffId, updatedAt: now }).where(eq(careTasks.id, task.id));
  await tx.insert(careTaskHandoffs).values({
    taskId: task.id,
    fromStaffId: task.fromStaffId,
    toStaffId: to.staffId,
    handedOffBy: to.byUserId,
    note: to.note,
    at: now,
  });
}

/** The audited patient's tasks, open first, then by due time (at most 200: a page, not an archive); not run until awaited. */
export function selectPatientTasks(db: Db, audited: AuditedAccess) {
  return db
    .select(taskColumns)
    .from(careTasks)
    .leftJoin(assignee, eq(assignee.id, careTasks.assigneeStaffId))
    .leftJoin(creator, eq(creator.userId, careTasks.createdBy))
    .where(eq(careTasks.patientId, audited.patientId))
    .orderBy(sql`${careTasks.status} <> 'open'`, asc(careTasks.dueAt), asc(careTasks.id))
    .limit(200);
}

export async function selectTaskById(db: Db, audited: AuditedAccess, taskId: string): Promise<TaskListRow | undefined> {
  const [row] = await db
    .select(taskColumns)
    .from(careTasks)
    .leftJoin(assignee, eq(assignee.id, careTasks.assigneeStaffId))
    .leftJoin(creator, eq(creator.userId, careTasks.createdBy))
    .where(and(eq(careTasks.id, taskId), eq(careTasks.patientId, audited.patientId)));
  return row;
}

/** The ids of the patients of a staff member's open tasks (what "My tasks" will audit), as a read not run yet. */
export function selectMyOpenTaskPatients(db: Db, staffId: string | Placeholder, limit: number | Placeholder): DeferredRead<string[]> {
  return deferRead(
    db
      .select({ patientId: careTasks.patientId })
      .from(careTasks)
      .where(and(eq(careTasks.assigneeStaffId, staffId), eq(careTasks.status, 'open')))
      .orderBy(asc(careTasks.dueAt), asc(careTasks.id))
      .limit(limit),
    (rows) => [...new Set(rows.map((r) => r.patientId))],
  );
}

export interface MyTaskRow extends TaskListRow {
  patient: { id: string; givenName: string; familyName: string; mrn: string };
}

/** A staff member's open tasks, soonest due first, of the patients the proof names. */
/** Not run yet: the home reads it in the same statement as its audit rows (`readTogether`). At least one patient. */
export function selectMyOpenTasks(
  db: Db,
  audited: AuditedPatients | PreparedAuditedPatients,
  staffId: string | Placeholder,
  limit: number | Placeholder,
) {
  return db
    .select({
      ...taskColumns,
      patient: { id: patients.id, givenName: patients.givenName, familyName: patients.familyName, mrn: patients.mrn },
    })
    .from(careTasks)
    .innerJoin(patients, eq(patients.id, careTasks.patientId))
    .leftJoin(assignee, eq(assignee.id, careTasks.assigneeStaffId))
    .leftJoin(creator, eq(creator.userId, careTasks.createdBy))
    .where(and(eq(careTasks.assigneeStaffId, staffId), eq(careTasks.status, 'open'), isAnyId(careTasks.patientId, audited.patientIds)))
    .orderBy(asc(careTasks.dueAt), asc(careTasks.id))
    .limit(limit);
}

export interface HandoffRow {
  taskId: string;
  fromStaffId: string;
  fromName: string | null;
  toStaffId: string;
  toName: string | null;
  byStaffId: string | null;
  byName: string | null;
  note: string | null;
  at: Date;
}

const fromStaff = aliasedTable(staffProfiles, 'from_staff');
const toStaff = aliasedTable(staffProfiles, 'to_staff');
const byStaff = aliasedTable(staffProfiles, 'by_staff');

/** The handoffs of some tasks, in one query (a patient's page uses `selectPatientHandoffs`). */
export async function selectHandoffs(db: Db, of: { taskIds: readonly string[] }): Promise<HandoffRow[]> {
  if (of.taskIds.length === 0) return [];
  return handoffsWhere(db, inArray(careTaskHandoffs.taskId, [...of.taskIds]));
}

/** The handoffs of every task of the audited patient, oldest first; not run until awaited. */
export function selectPatientHandoffs(db: Db, audited: AuditedAccess) {
  return handoffsWhere(
    db,
    inArray(careTaskHandoffs.taskId, db.select({ id: careTasks.id }).from(careTasks).where(eq(careTasks.patientId, audited.patientId))),
  );
}

function handoffsWhere(db: Db, which: SQL | undefined) {
  return db
    .select({
      taskId: careTaskHandoffs.taskId,
      fromStaffId: careTaskHandoffs.fromStaffId,
      fromName: nameOf(fromStaff),
      toStaffId: careTaskHandoffs.toStaffId,
      toName: nameOf(toStaff),
      byStaffId: byStaff.id,
      byName: nameOf(byStaff),
      note: careTaskHandoffs.note,
      at: careTaskHandoffs.at,
    })
    .from(careTaskHandoffs)
    .leftJoin(fromStaff, eq(fromStaff.id, careTaskHandoffs.fromStaffId))
    .leftJoin(toStaff, eq(toStaff.id, careTaskHandoffs.toStaffId))
    .leftJoin(byStaff, eq(byStaff.userId, careTaskHandoffs.handedOffBy))
    .where(which)
    .orderBy(asc(careTaskHandoffs.at), asc(careTaskHandoffs.id));
}

export interface EligibleAssignee {
  staffId: string;
  userId: string;
  name: string;
}

/**
 * The doctors and nurses on the patient's active care team (enabled accounts): who may hold a
 * task on this patient. With `staffId`, only that one (or none).
 */
export async function selectEligibleAssignees(db: Db, patientId: string, now: Date, staffId?: string): Promise<EligibleAssignee[]> {
  return assigneesOf(await eligibleAssigneesQuery(db, patientId, now, staffId));
}

/** The same, not run yet; the patient and the time may be placeholders (a view built once). */
export function eligibleAssigneesQuery(db: Db, patientId: string | Placeholder, now: Date | Placeholder, staffId?: string) {
  return db
    .select({ staffId: staffProfiles.id, userId: staffProfiles.userId, name: nameOf(staffProfiles) })
    .from(careTeamMembers)
    .innerJoin(staffProfiles, eq(staffProfiles.id, careTeamMembers.staffId))
    .innerJoin(users, eq(users.id, staffProfiles.userId))
    .where(
      and(
        eq(careTeamMembers.patientId, patientId),
        isNull(careTeamMembers.removedAt),
        lte(careTeamMembers.startsAt, now),
        or(isNull(careTeamMembers.endsAt), gt(careTeamMembers.endsAt, now)),
        inArray(users.role, [...TASK_ROLES]),
        isNull(users.disabledAt),
        ...(staffId ? [eq(staffProfiles.id, staffId)] : []),
      ),
    )
    .orderBy(asc(staffProfiles.familyName), asc(staffProfiles.givenName), asc(staffProfiles.id));
}

export function assigneesOf(rows: { staffId: string; userId: string; name: string | null }[]): EligibleAssignee[] {
  return rows.map((r) => ({ ...r, name: r.name ?? '' }));
}
