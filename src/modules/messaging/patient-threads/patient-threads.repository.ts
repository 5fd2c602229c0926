import { and, asc, desc, eq, gt, inArray, isNull, lte, or, sql, type Placeholder } from 'drizzle-orm';
import { users } from '../../../platform/auth/auth.tables.js';
import type { AuditedAccess, PreparedAuditedPatients } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead, type DeferredRead } from '../../../platform/db/read-together.js';
import { storedFiles } from '../../../platform/files/index.js';
import { careTeamMembers, patients } from '../../patients/index.js';
import { departments, staffProfiles } from '../../staff/index.js';
import { patientThreadMessages, patientThreads } from './patient-threads.tables.js';
import { THREAD_STAFF_ROLES, type MessageSide } from './patient-threads.vocabulary.js';

export type ThreadRow = typeof patientThreads.$inferSelect;
export type MessageRow = typeof patientThreadMessages.$inferSelect;

/** The thread a request names, with its department's code and name and the viewer's current department (one statement). */
export async function selectThreadForAccess(
  db: Db,
  threadId: string,
  viewerStaffId: string | null,
): Promise<
  { thread: ThreadRow; departmentCode: string | null; departmentName: string | null; viewerDepartmentId: string | null } | undefined
> {
  const viewerDepartment = viewerStaffId
    ? sql<string | null>`(select ${staffProfiles.departmentId} from ${staffProfiles} where ${staffProfiles.id} = ${viewerStaffId})`
    : sql<string | null>`null::uuid`;
  const [row] = await db
    .select({
      thread: patientThreads,
      departmentCode: departments.code,
      departmentName: departments.name,
      viewerDepartmentId: viewerDepartment,
    })
    .from(patientThreads)
    .leftJoin(departments, eq(departments.id, patientThreads.departmentId))
    .where(eq(patientThreads.id, threadId));
  return row;
}

export async function insertThread(tx: Db, values: typeof patientThreads.$inferInsert): Promise<ThreadRow> {
  const [row] = await tx.insert(patientThreads).values(values).returning();
  return row!;
}

export async function insertMessage(
  tx: Db,
  audited: AuditedAccess,
  values: typeof patientThreadMessages.$inferInsert,
): Promise<MessageRow> {
  void audited; // the proof that the write is audited
  const [row] = await tx.insert(patientThreadMessages).values(values).returning();
  return row!;
}

/** After a message: the thread's last activity, and its answer clock (started by the patient, stopped by the team). */
export async function touchThread(tx: Db, threadId: string, side: MessageSide, dueAt: Date | null, now: Date): Promise<void> {
  await tx
    .update(patientThreads)
    .set(
      side === 'patient'
        ? { lastMessageAt: now, updatedAt: now, responseDueAt: sql`coalesce(${patientThreads.responseDueAt}, ${dueAt})` }
        : { lastMessageAt: now, updatedAt: now, responseDueAt: null, escalatedAt: null },
    )
    .where(eq(patientThreads.id, threadId));
}

/** Read receipts: the viewer's side marks the other side's unread messages read, once. */
export async function markOtherSideRead(
  tx: Db,
  audited: AuditedAccess,
  threadId: string,
  viewer: { side: MessageSide; userId: string },
  now: Date,
) {
  return markOtherSideReadUpdate(tx, audited, threadId, viewer, now).returning({
    id: patientThreadMessages.id,
    authorUserId: patientThreadMessages.authorUserId,
  });
}

/**
 * The same update not sent yet, to travel in a view's statement with its reads (`readTogether`'s
 * writes). Those reads see the messages as they were before it: `markedRead` gives them the
 * receipt it writes.
 */
export function markOtherSideReadUpdate(
  tx: Db,
  audited: AuditedAccess,
  threadId: string,
  viewer: { side: MessageSide; userId: string },
  now: Date,
) {
  void audited;
  const other: MessageSide = viewer.side === 'patient' ? 'staff' : 'patient';
  const unreadBy = viewer.side === 'patient' ? patientThreadMessages.readByPatientAt : patientThreadMessages.readByStaffAt;
  const set = viewer.side === 'patient' ? { readByPatientAt: now } : { readByStaffAt: now, readByStaffUserId: viewer.userId };
  return tx
    .update(patientThreadMessages)
    .set(set)
    .where(and(eq(patientThreadMessages.threadId, threadId), eq(patientThreadMessages.side, other), isNull(unreadBy)));
}

/** A message as `markOtherSideReadUpdate` leaves it: the other side's, unread by the viewer, now read by them. */
export function markedRead(row: MessageRow, viewer: { side: MessageSide; userId: string }, now: Date): MessageRow {
  if (row.side === viewer.side) return row;
  if (viewer.side === 'patient') return row.readByPatientAt ? row : { ...row, readByPatientAt: now };
  return row.readByStaffAt ? row : { ...row, readByStaffAt: now, readByStaffUserId: viewer.userId };
}

export interface MessageListRow {
  message: MessageRow;
  authorName: string | null;
  file: { filename: string | null; contentType: string; sizeBytes: number } | null;
}

const staffName = sql<
  string | null
>`(select ${staffProfiles.givenName} || ' ' || ${staffProfiles.familyName} from ${staffProfiles} where ${staffProfiles.userId} = ${patientThreadMessages.authorUserId})`;

/** A thread's messages, oldest first (a conversation, at most 500), as a query not run yet. */
export function messagesRead(db: Db, audited: AuditedAccess, threadId: string): DeferredRead<MessageListRow[]> {
  void audited;
  const query = db
    .select({
      message: patientThreadMessages,
      authorName: staffName,
      contentType: storedFiles.contentType,
      sizeBytes: storedFiles.sizeBytes,
    })
    .from(patientThreadMessages)
    .leftJoin(storedFiles, eq(storedFiles.id, patientThreadMessages.fileId))
    .where(eq(patientThreadMessages.threadId, threadId))
    .orderBy(asc(patientThreadMessages.createdAt), asc(patientThreadMessages.id))
    .limit(500);
  return deferRead(query, (rows) =>
    rows.map((r) => ({
      message: r.message,
      authorName: r.authorName,
      file: r.contentType ? { filename: r.message.fileName, contentType: r.contentType, sizeBytes: Number(r.sizeBytes) } : null,
    })),
  );
}

export async function selectMessage(db: Db, audited: AuditedAccess, threadId: string, messageId: string): Promise<MessageRow | undefined> {
  void audited;
  const [row] = await db
    .select()
    .from(patientThreadMessages)
    .where(and(eq(patientThreadMessages.id, messageId), eq(patientThreadMessages.threadId, threadId)));
  return row;
}

export interface ThreadListRow {
  thread: ThreadRow;
  departmentName: string | null;
  patient: { id: string; givenName: string; familyName: string; mrn: string };
  unread: number;
}

const unreadFor = (side: MessageSide) =>
  sql<number>`(select count(*)::int from ${patientThreadMessages} m where m.thread_id = ${patientThreads.id} and m.side <> ${side} and ${sql.raw(side === 'patient' ? 'm.read_by_patient_at' : 'm.read_by_staff_at')} is null)`;

const listColumns = (side: MessageSide) => ({
  thread: patientThreads,
  departmentName: departments.name,
  patient: { id: patients.id, givenName: patients.givenName, familyName: patients.familyName, mrn: patients.mrn },
  unread: unreadFor(side),
});

/** The patient's own threads, newest activity first (at most 100). */
export async function selectPatientThreads(db: Db, audited: AuditedAccess): Promise<ThreadListRow[]> {
  return db
    .select(listColumns('patient'))
    .from(patientThreads)
    .innerJoin(patients, eq(patients.id, patientThreads.patientId))
    .leftJoin(departments, eq(departments.id, patientThreads.departmentId))
    .where(eq(patientThreads.patientId, audited.patientId))
    .orderBy(desc(patientThreads.lastMessageAt), desc(patientThreads.id))
    .limit(100);
}

/**
 * Which threads the inbox of a clinician holds: their current care teams' patients, and their
 * department's inbox. `= any(array(...))` (not `in (subquery)`) lets PostgreSQL OR the two
 * indexes (patient_threads_patient_idx, patient_threads_department_idx) in one bitmap scan. The
 * department is a sub-query of the staff member's profile (without one, no department threads);
 * the staff member and the time are placeholders: the inbox's statements are built once.
 */
function inboxCondition(staffId: Placeholder, now: Placeholder) {
  const mine = sql`${patientThreads.patientId} = any(array${careTeamPatientIds(staffId, now)})`;
  const department = sql`(select ${staffProfiles.departmentId} from ${staffProfiles} where ${staffProfiles.id} = ${staffId}::uuid)`;
  return or(mine, sql`${patientThreads.departmentId} = ${department}`);
}

function careTeamPatientIds(staffId: Placeholder, now: Placeholder) {
  return sql`(select ${careTeamMembers.patientId} from ${careTeamMembers} where ${careTeamMembers.staffId} = ${staffId}::uuid and ${careTeamMembers.removedAt} is null and ${careTeamMembers.startsAt} <= ${now}::timestamptz and (${careTeamMembers.endsAt} is null or ${careTeamMembers.endsAt} > ${now}::timestamptz))`;
}

/** The patients of the inbox's threads (what the inbox audits), newest activity first; the rows may repeat a patient. */
export function inboxPatientIdsQuery(db: Db, staffId: Placeholder, now: Placeholder, limit: number) {
  return db
    .select({ patientId: patientThreads.patientId })
    .from(patientThreads)
    .where(inboxCondition(staffId, now))
    .orderBy(desc(patientThreads.lastMessageAt), desc(patientThreads.id))
    .limit(limit);
}

/** The inbox: threads of the audited patients (the audit rows' own placeholder), newest activity first. */
export function inboxThreadsQuery(db: Db, audited: PreparedAuditedPatients, staffId: Placeholder, now: Placeholder, limit: number) {
  return (
    db
      .select(listColumns('staff'))
      .from(patientThreads)
      .innerJoin(patients, eq(patients.id, patientThreads.patientId))
      .leftJoin(departments, eq(departments.id, patientThreads.departmentId))
      // `in (select unnest(…))`, not `= any(…)`: a join the planner drives from the ids through
      // patient_threads_patient_idx; with `= any(…)` it chose to walk the department index whole.
      .where(and(inboxCondition(staffId, now), sql`${patientThreads.patientId} in (select unnest(${audited.patientIds}::uuid[]))`))
      .orderBy(desc(patientThreads.lastMessageAt), desc(patientThreads.id))
      .limit(limit)
  );
}

export async function selectDepartment(db: Db, departmentId: string): Promise<{ id: string; code: string; name: string } | undefined> {
  const [row] = await db
    .select({ id: departments.id, code: departments.code, name: departments.name })
    .from(departments)
    .where(eq(departments.id, departmentId));
  return row;
}

export async function selectDepartments(db: Db): Promise<{ id: string; code: string; name: string }[]> {
  return db.select({ id: departments.id, code: departments.code, name: departments.name }).from(departments).orderBy(asc(departments.name));
}

const enabledClinician = and(inArray(users.role, [...THREAD_STAFF_ROLES]), isNull(users.disabledAt));

/** The user ids of the patient's current care team's doctors and nurses (enabled accounts). */
export async function selectCareTeamUserIds(
  db: Db,
  patientId: string,
  now: Date,
): Promise<{ userId: string; departmentId: string | null }[]> {
  return db
    .select({ userId: staffProfiles.userId, departmentId: staffProfiles.departmentId })
    .from(careTeamMembers)
    .innerJoin(staffProfiles, eq(staffProfiles.id, careTeamMembers.staffId))
    .innerJoin(users, eq(users.id, staffProfiles.userId))
    .where(
      and(
        eq(careTeamMembers.patientId, patientId),
        isNull(careTeamMembers.removedAt),
        lte(careTeamMembers.startsAt, now),
        or(isNull(careTeamMembers.endsAt), gt(careTeamMembers.endsAt, now)),
        enabledClinician,
      ),
    )
    .orderBy(asc(careTeamMembers.startsAt), asc(careTeamMembers.id));
}

/** The user ids of a department's current doctors and nurses (enabled accounts). */
export async function selectDepartmentUserIds(db: Db, departmentId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: staffProfiles.userId })
    .from(staffProfiles)
    .innerJoin(users, eq(users.id, staffProfiles.userId))
    .where(and(eq(staffProfiles.departmentId, departmentId), enabledClinician));
  return rows.map((r) => r.userId);
}

export async function selectPatientUserId(db: Db, patientId: string): Promise<string | null> {
  const [row] = await db.select({ userId: patients.userId }).from(patients).where(eq(patients.id, patientId));
  return row?.userId ?? null;
}

/** Overdue threads not escalated yet, locked for this sweep (other instances skip them). */
export async function lockOverdueThreads(tx: Db, now: Date, limit: number): Promise<ThreadRow[]> {
  return tx
    .select()
    .from(patientThreads)
    .where(and(isNull(patientThreads.escalatedAt), lte(patientThreads.responseDueAt, now)))
    .orderBy(asc(patientThreads.responseDueAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function markEscalated(tx: Db, threadId: string, departmentId: string | null, now: Date): Promise<void> {
  await tx
    .update(patientThreads)
    .set({ escalatedAt: now, updatedAt: now, ...(departmentId ? { departmentId } : {}) })
    .where(eq(patientThreads.id, threadId));
}

/** Links the encounter opened from a thread, unless one already is (a second click loses). */
export async function linkEncounter(tx: Db, threadId: string, encounterId: string, now: Date): Promise<boolean> {
  const rows = await tx
    .update(patientThreads)
    .set({ encounterId, updatedAt: now })
    .where(and(eq(patientThreads.id, threadId), isNull(patientThreads.encounterId)))
    .returning({ id: patientThreads.id });
  return rows.length === 1;
}
