import { and, asc, desc, eq, gt, inArray, isNull, lte, ne, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { users } from '../../../platform/auth/auth.tables.js';
import { CLINICAL_ROLES } from '../../../platform/authz/permissions.js';
import type { Db } from '../../../platform/db/database.js';
import { careTeamMembers } from '../../patients/index.js';
import { staffProfiles } from '../../staff/index.js';
import { staffMessages, staffThreadMembers, staffThreadReads, staffThreads } from './staff-threads.tables.js';

export type StaffThreadRow = typeof staffThreads.$inferSelect;
export type StaffMessageRow = typeof staffMessages.$inferSelect;

/** The viewer of a thread: their account, and their staff profile (the care team knows people by it). */
export interface Viewer {
  userId: string;
  staffId: string | null;
}

/**
 * The outer thread's id, spelled out: Drizzle leaves a column of a one-table query unqualified,
 * and inside a sub-query an unqualified "id" would name the sub-query's own table.
 */
const threadIdRef = sql.raw('"staff_threads"."id"');

const nameOf = sql<string>`${staffProfiles.givenName} || ' ' || ${staffProfiles.familyName}`;

/** Active care-team membership at `now` (the patients module's rule: not removed, started, not ended). */
const activeMembership = (now: Date | Placeholder) =>
  and(
    isNull(careTeamMembers.removedAt),
    lte(careTeamMembers.startsAt, now),
    or(isNull(careTeamMembers.endsAt), gt(careTeamMembers.endsAt, now)),
  );

/**
 * THE rule of who reads a thread, as SQL over `staff_threads`: a member of a direct or group
 * thread, or (care-team thread) a current member of the patient's care team. Break-the-glass opens
 * a care-team thread through the patients module's decision, never through lists or counts.
 */
export function readableBy(viewer: Viewer, now: Date): SQL {
  // The ids as a UNION under IN (a semi-join), not an OR of two conditions: each branch is served
  // by an index (staff_thread_members_user_idx; care_team_members_staff_idx then
  // staff_threads_patient_key) and the threads are fetched by primary key, never read whole.
  const members = sql`select tm.thread_id from ${staffThreadMembers} tm where tm.user_id = ${viewer.userId}`;
  if (!viewer.staffId) return sql`${threadIdRef} in (${members})`;
  const at = now.toISOString();
  const teams = sql`select ct.id from ${staffThreads} ct where ct.kind = 'care_team' and ct.patient_id in (select ctm.patient_id from ${careTeamMembers} ctm
    where ctm.staff_id = ${viewer.staffId} and ctm.removed_at is null and ctm.starts_at <= ${at}::timestamptz and (ctm.ends_at is null or ctm.ends_at > ${at}::timestamptz))`;
  return sql`${threadIdRef} in (${members} union all ${teams})`;
}

/** Messages of a thread the viewer has not read: after their mark, and not their own. */
const unreadIn = (viewer: Viewer) =>
  sql<number>`(select count(*) from ${staffMessages} m
    where m.thread_id = ${threadIdRef} and m.author_user_id <> ${viewer.userId}
    and m.created_at > coalesce((select r.last_read_at from ${staffThreadReads} r where r.thread_id = ${threadIdRef} and r.user_id = ${viewer.userId}), '-infinity'::timestamptz))`.mapWith(
    Number,
  );

/** A thread and whether the viewer is one of its members (the access decision's facts, one statement). */
export async function selectThreadForViewer(db: Db, threadId: string, userId: string) {
  const [row] = await db
    .select({
      thread: staffThreads,
      isMember:
        sql<boolean>`exists (select 1 from ${staffThreadMembers} tm where tm.thread_id = ${threadIdRef} and tm.user_id = ${userId})`.mapWith(
          Boolean,
        ),
    })
    .from(staffThreads)
    .where(eq(staffThreads.id, threadId));
  return row;
}

export async function selectCareTeamThread(db: Db, patientId: string): Promise<StaffThreadRow | undefined> {
  const [row] = await db.select().from(staffThreads).where(eq(staffThreads.patientId, patientId));
  return row;
}

/** The patient's care-team thread, made if it does not exist yet (a concurrent maker wins quietly). */
export async function ensureCareTeamThread(tx: Db, patientId: string, createdBy: string, now: Date): Promise<StaffThreadRow> {
  await tx
    .insert(staffThreads)
    .values({ kind: 'care_team', patientId, createdBy, createdAt: now, lastMessageAt: now })
    .onConflictDoNothing({ target: staffThreads.patientId, where: sql`${staffThreads.patientId} is not null` });
  return (await selectCareTeamThread(tx, patientId))!;
}

/** A direct or group thread with its members; a direct thread that exists for the pair is returned instead. */
export async function insertStaffThread(
  tx: Db,
  values: { kind: 'direct' | 'group'; title: string | null; directKey: string | null; createdBy: string; memberUserIds: string[] },
  now: Date,
): Promise<{ thread: StaffThreadRow; created: boolean }> {
  const [made] = await tx
    .insert(staffThreads)
    .values({
      kind: values.kind,
      title: values.title,
      directKey: values.directKey,
      createdBy: values.createdBy,
      createdAt: now,
      lastMessageAt: now,
    })
    .onConflictDoNothing({ target: staffThreads.directKey, where: sql`${staffThreads.directKey} is not null` })
    .returning();
  if (!made) {
    const [existing] = await tx.select().from(staffThreads).where(eq(staffThreads.directKey, values.directKey!));
    return { thread: existing!, created: false };
  }
  await tx.insert(staffThreadMembers).values(values.memberUserIds.map((userId) => ({ threadId: made.id, userId, addedAt: now })));
  return { thread: made, created: true };
}

export interface Person {
  userId: string;
  staffId: string;
  name: string;
}

/** Enabled clinical staff among these staff ids (who may be put in a thread). */
export async function selectClinicalStaff(db: Db, staffIds: readonly string[]): Promise<Person[]> {
  if (staffIds.length === 0) return [];
  return db
    .select({ userId: staffProfiles.userId, staffId: staffProfiles.id, name: nameOf })
    .from(staffProfiles)
    .innerJoin(users, eq(users.id, staffProfiles.userId))
    .where(and(inArray(staffProfiles.id, [...staffIds]), isNull(users.disabledAt), inArray(users.role, CLINICAL_ROLES)));
}

/** Every enabled clinical staff member (the new-thread form's choices), by name. */
export function selectAllClinicalStaff(db: Db) {
  return db
    .select({ userId: staffProfiles.userId, staffId: staffProfiles.id, name: nameOf })
    .from(staffProfiles)
    .innerJoin(users, eq(users.id, staffProfiles.userId))
    .where(and(isNull(users.disabledAt), inArray(users.role, CLINICAL_ROLES)))
    .orderBy(asc(staffProfiles.familyName), asc(staffProfiles.givenName), asc(staffProfiles.id))
    .limit(500);
}

/** The people who read a thread now: its members, or the patient's current clinical care team. */
/**
 * Who reads a thread, not run yet: a care-team thread its patient's current clinical care team, any
 * other its members. For a statement built once, the ids and `now` may be placeholders (one
 * statement per kind of thread).
 */
export function selectReaders(
  db: Db,
  thread: { id: string | Placeholder; kind: StaffThreadRow['kind']; patientId: string | Placeholder | null },
  now: Date | Placeholder,
) {
  const base = db
    .select({ userId: staffProfiles.userId, staffId: staffProfiles.id, name: nameOf })
    .from(staffProfiles)
    .innerJoin(users, eq(users.id, staffProfiles.userId));
  if (thread.kind === 'care_team')
    return base
      .innerJoin(careTeamMembers, eq(careTeamMembers.staffId, staffProfiles.id))
      .where(
        and(
          eq(careTeamMembers.patientId, thread.patientId!),
          activeMembership(now),
          isNull(users.disabledAt),
          inArray(users.role, CLINICAL_ROLES),
        ),
      )
      .orderBy(asc(staffProfiles.familyName), asc(staffProfiles.givenName), asc(staffProfiles.id));
  return base
    .innerJoin(staffThreadMembers, eq(staffThreadMembers.userId, staffProfiles.userId))
    .where(eq(staffThreadMembers.threadId, thread.id))
    .orderBy(asc(staffProfiles.familyName), asc(staffProfiles.givenName), asc(staffProfiles.id));
}

/** A person named by user id, as JSON (a message's author and mentions, named in the same statement). */
export interface NamedPerson {
  userId: string;
  staffId: string | null;
  name: string;
}
const messageColumns = {
  id: staffMessages.id,
  threadId: staffMessages.threadId,
  author: sql<NamedPerson | null>`(select json_build_object('userId', sp.user_id, 'staffId', sp.id, 'name', sp.given_name || ' ' || sp.family_name) from ${staffProfiles} sp where sp.user_id = ${staffMessages.authorUserId})`,
  authorUserId: staffMessages.authorUserId,
  body: staffMessages.body,
  mentioned: sql<
    NamedPerson[]
  >`coalesce((select json_agg(json_build_object('userId', sp.user_id, 'staffId', sp.id, 'name', sp.given_name || ' ' || sp.family_name) order by sp.family_name, sp.given_name) from ${staffProfiles} sp where sp.user_id = any(${staffMessages.mentions})), '[]'::json)`,
  createdAt: staffMessages.createdAt,
};
export interface MessageRow {
  id: string;
  threadId: string;
  author: NamedPerson | null;
  authorUserId: string;
  body: string;
  mentioned: NamedPerson[];
  createdAt: Date;
}

/** The newest `limit` messages of a thread, oldest first; with `after`, only those after that message. */
export async function selectMessages(db: Db, threadId: string, options: { limit: number; after?: string }): Promise<MessageRow[]> {
  return oldestFirst(await newestMessagesQuery(db, threadId, options));
}

/**
 * A thread's newest messages (after one, when given), newest first, not run yet: `oldestFirst`
 * puts them in reading order. `threadId` may be a placeholder (a statement built once).
 */
export function newestMessagesQuery(db: Db, threadId: string | Placeholder, options: { limit: number; after?: string }) {
  const after = options.after
    ? sql`(${staffMessages.createdAt}, ${staffMessages.id}) > (select m.created_at, m.id from ${staffMessages} m where m.id = ${options.after} and m.thread_id = ${threadId})`
    : undefined;
  return db
    .select(messageColumns)
    .from(staffMessages)
    .where(and(eq(staffMessages.threadId, threadId), after))
    .orderBy(desc(staffMessages.createdAt), desc(staffMessages.id))
    .limit(options.limit);
}

export const oldestFirst = (rows: MessageRow[]): MessageRow[] => [...rows].reverse();

export async function selectMessageById(db: Db, messageId: string): Promise<MessageRow | undefined> {
  const [row] = await db.select(messageColumns).from(staffMessages).where(eq(staffMessages.id, messageId));
  return row;
}

export async function insertMessage(
  tx: Db,
  values: { threadId: string; authorUserId: string; body: string; mentions: string[] },
  now: Date,
): Promise<StaffMessageRow> {
  const [row] = await tx
    .insert(staffMessages)
    .values({ ...values, createdAt: now })
    .returning();
  await tx.update(staffThreads).set({ lastMessageAt: now }).where(eq(staffThreads.id, values.threadId));
  return row!;
}

/** Moves the reader's mark to `at` (never back). */
export async function markRead(tx: Db, threadId: string, userId: string, at: Date): Promise<void> {
  await tx
    .insert(staffThreadReads)
    .values({ threadId, userId, lastReadAt: at })
    .onConflictDoUpdate({
      target: [staffThreadReads.threadId, staffThreadReads.userId],
      set: { lastReadAt: sql`greatest(${staffThreadReads.lastReadAt}, excluded.last_read_at)` },
    });
}

/** The threads the viewer reads, newest activity first, with their unread counts (no names yet). */
export function selectReadableThreads(db: Db, viewer: Viewer, now: Date, limit: number) {
  return db
    .select({ thread: staffThreads, unread: unreadIn(viewer) })
    .from(staffThreads)
    .where(readableBy(viewer, now))
    .orderBy(desc(staffThreads.lastMessageAt), desc(staffThreads.id))
    .limit(limit);
}

/** The members' names of some direct and group threads (the list names a direct thread by the other person). */
export function selectMemberNames(db: Db, threadIds: readonly string[]) {
  return db
    .select({ threadId: staffThreadMembers.threadId, userId: staffThreadMembers.userId, name: nameOf })
    .from(staffThreadMembers)
    .innerJoin(staffProfiles, eq(staffProfiles.userId, staffThreadMembers.userId))
    .where(inArray(staffThreadMembers.threadId, [...threadIds]))
    .orderBy(asc(staffProfiles.familyName), asc(staffProfiles.givenName));
}

/** The viewer's unread staff messages across every thread they read: ONE statement (the bell). */
export function selectUnreadTotal(db: Db, viewer: Viewer, now: Date) {
  return db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(staffMessages)
    .innerJoin(staffThreads, eq(staffThreads.id, staffMessages.threadId))
    .leftJoin(staffThreadReads, and(eq(staffThreadReads.threadId, staffThreads.id), eq(staffThreadReads.userId, viewer.userId)))
    .where(
      and(
        ne(staffMessages.authorUserId, viewer.userId),
        or(isNull(staffThreadReads.lastReadAt), gt(staffMessages.createdAt, staffThreadReads.lastReadAt)),
        readableBy(viewer, now),
      ),
    );
}

/** Messages containing the term (case-insensitive), only in threads the viewer reads; newest first. */
export function selectSearchHits(db: Db, viewer: Viewer, term: string, now: Date, limit: number) {
  const pattern = `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({ ...messageColumns, kind: staffThreads.kind, title: staffThreads.title, patientId: staffThreads.patientId })
    .from(staffMessages)
    .innerJoin(staffThreads, eq(staffThreads.id, staffMessages.threadId))
    .where(and(sql`lower(${staffMessages.body}) like ${pattern}`, readableBy(viewer, now)))
    .orderBy(desc(staffMessages.createdAt), desc(staffMessages.id))
    .limit(limit);
}
