import type { ServiceContext } from '../../../../platform/auth/actor.js';
import { auditActorOf, writeAudit } from '../../../../platform/audit/audit.service.js';
import type { Db } from '../../../../platform/db/database.js';
import { publishEvent } from '../../../../platform/events/index.js';
import { unprocessable } from '../../../../platform/errors.js';
import { auditAccess, labelOf } from '../../../patients/index.js';
import { notify } from '../../../notifications/index.js';
import type { CreateThreadInput, MessageDto, PostMessageInput, ThreadSummaryDto } from '../staff-threads.schemas.js';
import {
  ensureCareTeamThread,
  insertMessage,
  insertStaffThread,
  markRead,
  selectClinicalStaff,
  selectMessageById,
  selectReaders,
  type StaffThreadRow,
} from '../staff-threads.repository.js';
import { STAFF_MESSAGE_EVENT, STAFF_THREAD_READ_EVENT } from '../staff-threads.vocabulary.js';
import { auditThread, careTeamAccess, threadAccess, type ThreadAccess } from './thread-access.js';
import { toMessageDto, toSummary } from './thread-view.js';

/**
 * Starts a direct thread (one per pair: asking again returns the existing one, `created: false`)
 * or a group thread with a title. Members are enabled clinical staff (else 422); the creator is
 * always a member.
 */
export async function createThread(
  db: Db,
  ctx: ServiceContext,
  input: CreateThreadInput,
): Promise<{ thread: ThreadSummaryDto; created: boolean }> {
  const wanted = [...new Set(input.memberStaffIds)].filter((id) => id !== ctx.actor.staffId);
  const people = await selectClinicalStaff(db, wanted);
  if (wanted.length === 0 || people.length !== wanted.length)
    throw unprocessable('Choose members among the clinical staff (doctors, nurses and other clinicians), other than yourself.');
  const memberUserIds = [ctx.actor.userId, ...people.map((p) => p.userId)];
  const directKey = input.kind === 'direct' ? [...memberUserIds].sort().join(':') : null;
  return db.transaction(async (tx) => {
    const { thread, created } = await insertStaffThread(
      tx,
      { kind: input.kind, title: input.kind === 'group' ? input.title : null, directKey, createdBy: ctx.actor.userId, memberUserIds },
      ctx.now,
    );
    if (created)
      await writeAudit(
        tx,
        auditActorOf(ctx.actor),
        ctx.origin,
        {
          action: 'staff_thread.create',
          resourceType: 'staff_thread',
          resourceId: thread.id,
          detail: { kind: thread.kind, members: memberUserIds.length },
        },
        ctx.now,
      );
    const members = await selectReaders(tx, thread, ctx.now);
    return { thread: toSummary(thread, ctx.actor.userId, { members, patient: null, unreadCount: 0 }), created };
  });
}

/**
 * The patient's care-team thread, made on first use (by a member of the care team, or under
 * break-the-glass). Its readers are the patient's current care team, never a stored list.
 */
export async function openCareTeamThread(db: Db, ctx: ServiceContext, patientId: string): Promise<ThreadSummaryDto> {
  const access = await careTeamAccess(db, ctx, patientId, 'staff_thread.open');
  return db.transaction(async (tx) => {
    const thread = await ensureCareTeamThread(tx, patientId, ctx.actor.userId, ctx.now);
    await auditAccess(tx, ctx, access, {
      action: 'staff_thread.open',
      resourceType: 'staff_thread',
      resourceId: thread.id,
      category: 'clinical',
    });
    return toSummary(thread, ctx.actor.userId, { members: [], patient: labelOf(access.patient), unreadCount: 0 });
  });
}

/**
 * Posts a message. Mentions must name the thread's readers (else 422); each mentioned person is
 * notified "You were mentioned" — never the content — through their preferences. The readers get a
 * live event whose data is the thread's and the message's ids only. All in one transaction, with
 * the audit row (naming the patient in a care-team thread) and the author's read mark.
 */
export async function postMessage(db: Db, ctx: ServiceContext, threadId: string, input: PostMessageInput): Promise<MessageDto> {
  const access = await threadAccess(db, ctx, threadId, 'staff_message.create');
  return db.transaction(async (tx) => deliverMessage(tx, ctx, access, input));
}

/** The care-team thread's first message from the chart's "Team messages" page: the thread is made if need be. */
export async function postToCareTeam(db: Db, ctx: ServiceContext, patientId: string, input: PostMessageInput): Promise<MessageDto> {
  const patientAccess = await careTeamAccess(db, ctx, patientId, 'staff_message.create');
  return db.transaction(async (tx) => {
    const thread = await ensureCareTeamThread(tx, patientId, ctx.actor.userId, ctx.now);
    return deliverMessage(tx, ctx, { thread, patientAccess }, input);
  });
}

async function deliverMessage(tx: Db, ctx: ServiceContext, access: ThreadAccess, input: PostMessageInput): Promise<MessageDto> {
  const readers = await selectReaders(tx, access.thread, ctx.now);
  const readerIds = new Set(readers.map((r) => r.userId));
  const mentions = [...new Set(input.mentions ?? [])].filter((id) => id !== ctx.actor.userId);
  if (mentions.some((id) => !readerIds.has(id))) throw unprocessable('Mention only people who read this conversation.');
  const message = await insertMessage(
    tx,
    { threadId: access.thread.id, authorUserId: ctx.actor.userId, body: input.body, mentions },
    ctx.now,
  );
  await markRead(tx, access.thread.id, ctx.actor.userId, ctx.now);
  await auditThread(tx, ctx, access, {
    action: 'staff_message.create',
    resourceType: 'staff_message',
    resourceId: message.id,
    detail: { threadId: access.thread.id, mentions: mentions.length },
  });
  for (const userId of mentions) await notifyMentioned(tx, access.thread, message.id, userId, ctx.now);
  await publishEvent(
    tx,
    {
      type: STAFF_MESSAGE_EVENT,
      audience: { userIds: [...readerIds, ctx.actor.userId] },
      data: { threadId: access.thread.id, messageId: message.id },
    },
    ctx.now,
  );
  return toMessageDto((await selectMessageById(tx, message.id))!);
}

/** "You were mentioned": no content, no patient, anywhere (title, in-app body, e-mail, SMS, push). */
async function notifyMentioned(tx: Db, thread: StaffThreadRow, messageId: string, userId: string, now: Date): Promise<void> {
  await notify(
    tx,
    {
      recipientUserId: userId,
      category: 'message',
      template: 'staff_messages.notify_mentioned',
      link: `/staff/messages/${thread.id}`,
      dedupeKey: `staff-mention:${messageId}`,
    },
    now,
  );
}

/** Marks the thread read up to now for the signed-in person; their other pages' bells follow (event). */
export async function markThreadRead(db: Db, ctx: ServiceContext, threadId: string): Promise<void> {
  const access = await threadAccess(db, ctx, threadId, 'staff_thread.read');
  await db.transaction(async (tx) => {
    await markRead(tx, access.thread.id, ctx.actor.userId, ctx.now);
    await publishEvent(tx, { type: STAFF_THREAD_READ_EVENT, audience: { userIds: [ctx.actor.userId] }, data: { threadId } }, ctx.now);
  });
}
