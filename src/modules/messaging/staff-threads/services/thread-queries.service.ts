import type { ServiceContext, UserActor } from '../../../../platform/auth/actor.js';
import { auditActorOf, pendingPatientsAudit } from '../../../../platform/audit/audit.service.js';
import { roleHasPermission } from '../../../../platform/authz/permissions.js';
import type { Placeholder } from 'drizzle-orm';
import { auditedViews } from '../../../../platform/audit/audited-views.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead, readTogether, runRead, type DeferredRead } from '../../../../platform/db/read-together.js';
import { auditAccess, labelOf, patientLabelsRead, type PatientLabel } from '../../../patients/index.js';
import type { MessageDto, ThreadDto, ThreadSummaryDto } from '../staff-threads.schemas.js';
import {
  selectAllClinicalStaff,
  selectCareTeamThread,
  selectMemberNames,
  newestMessagesQuery,
  oldestFirst,
  selectMessages,
  selectReadableThreads,
  selectReaders,
  selectUnreadTotal,
  type Person,
} from '../staff-threads.repository.js';
import { THREAD_LIST_MAX, THREAD_PAGE_MESSAGES } from '../staff-threads.vocabulary.js';
import { auditThread, careTeamAccess, threadAccess, threadViewAudit } from './thread-access.js';
import { toMessageDto, toSummary, viewerOf } from './thread-view.js';

/**
 * The threads the signed-in person reads, newest activity first, each with its unread count.
 * Care-team threads name their patient: one `staff_thread.list` audit row per patient shown,
 * sent in the statement that reads the names.
 */
export async function listThreads(db: Db, ctx: ServiceContext): Promise<ThreadSummaryDto[]> {
  const rows = await selectReadableThreads(db, viewerOf(ctx.actor), ctx.now, THREAD_LIST_MAX);
  if (rows.length === 0) return [];
  const patientIds = [...new Set(rows.flatMap((r) => (r.thread.patientId ? [r.thread.patientId] : [])))];
  const staffThreadIds = rows.filter((r) => r.thread.kind !== 'care_team').map((r) => r.thread.id);
  const { audited, write } = pendingPatientsAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    patientIds.map((patientId) => ({
      action: 'staff_thread.list',
      resourceType: 'staff_thread',
      category: 'clinical' as const,
      patientId,
    })),
    ctx.now,
  );
  // Names of staff threads' members and the patients' labels, with the audit rows: one statement (none when neither).
  const read = (await readTogether(
    db,
    {
      ...(staffThreadIds.length > 0 ? { names: deferRead(selectMemberNames(db, staffThreadIds), (r) => r) } : {}),
      ...(patientIds.length > 0 ? { labels: patientLabelsRead(db, audited) } : {}),
    },
    { writes: [write] },
  )) as { names?: { threadId: string; userId: string; name: string }[]; labels?: Map<string, PatientLabel> };
  const names = read.names ?? [];
  const labels = read.labels ?? new Map<string, PatientLabel>();
  return rows.map((r) =>
    toSummary(r.thread, ctx.actor.userId, {
      members: names.filter((n) => n.threadId === r.thread.id),
      patient: r.thread.patientId ? (labels.get(r.thread.patientId) ?? null) : null,
      unreadCount: r.unread,
    }),
  );
}

/**
 * One thread: its newest messages (oldest first), who reads it, and its title. One audit row:
 * `staff_thread.read`, naming the patient for a care-team thread (clinical data).
 */
export async function readThread(db: Db, ctx: ServiceContext, threadId: string): Promise<ThreadDto> {
  const access = await threadAccess(db, ctx, threadId, 'staff_thread.read');
  const { thread } = access;
  const { messages, members } = await threadViews(
    db,
    thread.kind === 'care_team' ? 'care_team' : 'members',
    threadViewAudit(ctx, access, { action: 'staff_thread.read', resourceType: 'staff_thread' }),
    (db, audited, param: (name: 'threadId' | 'now') => Placeholder) => ({
      messages: deferRead(newestMessagesQuery(db, param('threadId'), { limit: THREAD_PAGE_MESSAGES }), oldestFirst),
      members: deferRead(
        // A care-team thread's readers are its patient's team: the patient the audit row names.
        selectReaders(db, { id: param('threadId'), kind: thread.kind, patientId: audited.patientId }, param('now')),
        (rows): Person[] => rows,
      ),
    }),
    { threadId, now: ctx.now },
  );
  const patient = access.patientAccess ? labelOf(access.patientAccess.patient) : null;
  const summary = toSummary(thread, ctx.actor.userId, { members, patient, unreadCount: 0 });
  return { ...summary, members, messages: messages.map(toMessageDto) };
}

/**
 * A thread's page: its audit row, its newest messages and its readers in ONE statement, built once
 * per kind of thread (issue 11; was a transaction of three).
 */
const threadViews = auditedViews();

/** The messages of a thread after one of them (the live page's fetch): audited like a view of the thread. */
export async function readMessagesAfter(db: Db, ctx: ServiceContext, threadId: string, after: string | undefined): Promise<MessageDto[]> {
  const access = await threadAccess(db, ctx, threadId, 'staff_thread.read');
  return db.transaction(async (tx) => {
    await auditThread(tx, ctx, access, { action: 'staff_thread.read', resourceType: 'staff_thread', detail: { live: true } });
    const rows = await selectMessages(tx, threadId, { limit: THREAD_PAGE_MESSAGES, ...(after ? { after } : {}) });
    return rows.map(toMessageDto);
  });
}

/**
 * The person's unread staff messages across every thread they read, as ONE query not run yet
 * (the notification bell reads it with its own count in one statement); null for people without
 * staff messaging (patients, front desk), who cost no query.
 */
export function staffMessagesUnreadRead(db: Db, actor: UserActor, now: Date): DeferredRead<number> | null {
  if (!roleHasPermission(actor.role, 'messages.staff')) return null;
  return deferRead(selectUnreadTotal(db, viewerOf(actor), now), (rows) => Number(rows[0]?.n ?? 0));
}

/** The same count, run on its own (the API). */
export async function staffMessagesUnreadCount(db: Db, ctx: ServiceContext): Promise<number> {
  const read = staffMessagesUnreadRead(db, ctx.actor, ctx.now);
  return read ? runRead(read) : 0;
}

/** Who may be put in a new thread: enabled clinical staff, by name. */
export function listThreadCandidates(db: Db): Promise<Person[]> {
  return selectAllClinicalStaff(db);
}

/**
 * The chart's "Team messages": the viewer's access to the patient first (404 and a denied row for
 * anyone off the care team without break-the-glass), then the care-team thread's id, if made yet.
 */
export async function findCareTeamThread(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
): Promise<{ patient: PatientLabel; threadId: string | null }> {
  const access = await careTeamAccess(db, ctx, patientId, 'staff_thread.open');
  const thread = await selectCareTeamThread(db, patientId);
  await auditAccess(db, ctx, access, {
    action: 'staff_thread.open',
    resourceType: 'staff_thread',
    resourceId: thread?.id ?? null,
    category: 'clinical',
  });
  return { patient: labelOf(access.patient), threadId: thread?.id ?? null };
}
