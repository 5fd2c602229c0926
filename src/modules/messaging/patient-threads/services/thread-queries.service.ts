import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Placeholder } from 'drizzle-orm';
import { auditActorOf, auditPatientAccess, patientsAuditValues, preparedPatientsAudit } from '../../../../platform/audit/audit.service.js';
import { deferRead, preparedReadTogether, readTogether } from '../../../../platform/db/read-together.js';
import type { Db } from '../../../../platform/db/database.js';
import { notFound } from '../../../../platform/errors.js';
import {
  inboxPatientIdsQuery,
  inboxThreadsQuery,
  markedRead,
  markOtherSideRead,
  markOtherSideReadUpdate,
  messagesRead,
  selectDepartments,
  selectPatientThreads,
  type ThreadListRow,
} from '../patient-threads.repository.js';
import type { ThreadDto, ThreadSummaryDto } from '../patient-threads.schemas.js';
import { auditThread, pendingThreadAudit, threadAccess, type ThreadAccess } from './thread-access.js';
import { toMessageDto, toThreadSummary } from './thread-view.js';

/** How many threads the team inbox shows (newest activity first). */
export const INBOX_SHOWN = 100;

/** The patient's own conversations, newest first: one `patient_thread.list` audit row. */
export async function listMyThreads(db: Db, ctx: ServiceContext): Promise<ThreadSummaryDto[]> {
  const patientId = ctx.actor.patientId;
  if (ctx.actor.role !== 'patient' || !patientId) throw notFound('Your patient record');
  return db.transaction(async (tx) => {
    const audited = await auditPatientAccess(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      { action: 'patient_thread.list', resourceType: 'patient_thread', patientId, category: 'clinical', detail: { tier: 'self' } },
      ctx.now,
    );
    const rows = await selectPatientThreads(tx, audited);
    return rows.map((r) => toThreadSummary(r.thread, r.patient, { name: r.departmentName }, r.unread));
  });
}

/**
 * A clinician's team inbox: the threads of the patients whose care team they are on today, and
 * of the department they work in today. One `patient_thread.inbox` audit row per patient shown.
 * Two statements built once (issue 11), no transaction: the patients, then their audit rows
 * with the threads of exactly those patients.
 */
export async function listInbox(db: Db, ctx: ServiceContext): Promise<ThreadSummaryDto[]> {
  const staffId = ctx.actor.staffId;
  if (!staffId) return [];
  const { patientIds } = await inboxPatientsStatement(db, { staffId, now: ctx.now });
  if (patientIds.length === 0) return [];
  const audit = patientsAuditValues(
    auditActorOf(ctx.actor),
    ctx.origin,
    { action: 'patient_thread.inbox', resourceType: 'patient_thread', category: 'clinical' },
    patientIds,
    ctx.now,
  );
  const { rows } = await inboxThreadsStatement(db, { ...audit, staffId, now: ctx.now });
  return rows.map((r) => toThreadSummary(r.thread, r.patient, { name: r.departmentName }, r.unread));
}

const inboxPatientsStatement = preparedReadTogether((db, param: (name: 'staffId' | 'now') => Placeholder) => ({
  patientIds: deferRead(inboxPatientIdsQuery(db, param('staffId'), param('now'), INBOX_SHOWN), (rows) => [
    ...new Set(rows.map((r) => r.patientId)),
  ]),
}));

const inboxThreadsStatement = preparedReadTogether(
  (db, param: (name: 'staffId' | 'now' | `audit_${string}`) => Placeholder) => ({
    rows: deferRead(
      inboxThreadsQuery(db, preparedPatientsAudit(param).audited, param('staffId'), param('now'), INBOX_SHOWN),
      (rows): ThreadListRow[] => rows,
    ),
  }),
  { writes: (_db, param) => [preparedPatientsAudit(param).write] },
);

export interface ThreadRead {
  thread: ThreadDto;
  access: Pick<ThreadAccess, 'basis' | 'side'>;
}

/**
 * One thread with its messages: one `patient_thread.read` audit row naming the thread. With
 * `markRead`, opening it is the read receipt: the other side's unread messages are marked read
 * by the viewer's side (not on break-the-glass: an emergency look is not the team's answer).
 */
export async function readThread(db: Db, ctx: ServiceContext, threadId: string, options: { markRead: boolean }): Promise<ThreadRead> {
  const access = await threadAccess(db, ctx, threadId, 'patient_thread.read');
  const viewer = { side: access.side, userId: ctx.actor.userId };
  // The audit row, the read receipts and the messages in ONE statement (they were a transaction of
  // three or four). A break-the-glass reader leaves no receipt.
  const marking = options.markRead && access.basis !== 'break_glass';
  const { audited, write } = pendingThreadAudit(db, ctx, access, 'patient_thread.read');
  const { messages } = await readTogether(
    db,
    { messages: messagesRead(db, audited, threadId) },
    { writes: [write, marking ? markOtherSideReadUpdate(db, audited, threadId, viewer, ctx.now) : null] },
  );
  // The read sees the messages as they were before the statement's update: give them its receipt.
  const shown = marking ? messages.map((m) => ({ ...m, message: markedRead(m.message, viewer, ctx.now) })) : messages;
  const p = access.patient;
  const unread = shown.filter(
    (m) => m.message.side !== access.side && (access.side === 'patient' ? !m.message.readByPatientAt : !m.message.readByStaffAt),
  ).length;
  return {
    thread: {
      ...toThreadSummary(access.thread, p, { name: access.departmentName }, unread),
      messages: shown.map((m) => toMessageDto(m, `${p.givenName} ${p.familyName}`)),
    },
    access: { basis: access.basis, side: access.side },
  };
}

/** Marks the other side's messages read (the API's explicit receipt): one audit row, how many were marked. */
export async function markThreadRead(db: Db, ctx: ServiceContext, threadId: string): Promise<number> {
  const access = await threadAccess(db, ctx, threadId, 'patient_thread.mark_read');
  if (access.basis === 'break_glass') return 0;
  return db.transaction(async (tx) => {
    const audited = await auditThread(tx, ctx, access, 'patient_thread.mark_read');
    return (await markOtherSideRead(tx, audited, threadId, { side: access.side, userId: ctx.actor.userId }, ctx.now)).length;
  });
}

/** The departments a patient may write to (no patient data). */
export function listMessageDepartments(db: Db): Promise<{ id: string; code: string; name: string }[]> {
  return selectDepartments(db);
}
