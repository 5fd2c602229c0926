import type { ServiceContext } from '../../../../platform/auth/actor.js';
import { auditActorOf, auditPatientAccess } from '../../../../platform/audit/audit.service.js';
import type { Db } from '../../../../platform/db/database.js';
import { notFound, unprocessable, validationFailed } from '../../../../platform/errors.js';
import { insertMessage, insertThread, selectDepartment, touchThread } from '../patient-threads.repository.js';
import type { CreateThreadInput, SendMessageInput } from '../patient-threads.schemas.js';
import { responseDueAt, responseWorkingDaysFor } from './messaging-settings.js';
import { auditThread, threadAccess, type ThreadAccess } from './thread-access.js';
import { deliverNewMessage } from './thread-delivery.js';

/**
 * A patient writes to their care team, or to a department's team inbox: the thread, its first
 * message, the audit row, the answer clock (working days from the configuration) and the team's
 * notifications commit together. Returns the new thread's id.
 */
export async function createThread(db: Db, ctx: ServiceContext, input: CreateThreadInput): Promise<{ threadId: string }> {
  const patientId = ctx.actor.patientId;
  if (ctx.actor.role !== 'patient' || !patientId) throw notFound('Your patient record');
  const department = input.recipient === 'department' && input.departmentId ? await selectDepartment(db, input.departmentId) : undefined;
  if (input.recipient === 'department' && !department)
    throw validationFailed([{ path: 'departmentId', message: 'Choose one of the departments listed.' }]);
  const dueAt = responseDueAt(ctx.now, responseWorkingDaysFor(department?.code ?? null));
  return db.transaction(async (tx) => {
    const thread = await insertThread(tx, {
      patientId,
      recipient: input.recipient,
      departmentId: department?.id ?? null,
      subject: input.subject,
      createdBy: ctx.actor.userId,
      lastMessageAt: ctx.now,
      responseDueAt: dueAt,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    const audited = await auditPatientAccess(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'patient_thread.create',
        resourceType: 'patient_thread',
        resourceId: thread.id,
        patientId,
        category: 'clinical',
        detail: { basis: 'self', recipient: input.recipient, departmentId: department?.id ?? null },
      },
      ctx.now,
    );
    const message = await insertMessage(tx, audited, {
      threadId: thread.id,
      authorUserId: ctx.actor.userId,
      side: 'patient',
      kind: 'message',
      body: input.body,
      createdAt: ctx.now,
    });
    await deliverNewMessage(tx, thread, message, ctx.now);
    return { threadId: thread.id };
  });
}

/** Who may write in a thread: its patient and the team (care team, department inbox); break-the-glass only reads. */
export function assertMayWrite(access: ThreadAccess, kind: SendMessageInput['kind']): void {
  if (access.basis === 'break_glass')
    throw unprocessable('Emergency access lets you read this conversation; answering it is for the care team or the department.');
  if (kind === 'instructions' && access.side !== 'staff')
    throw validationFailed([{ path: 'kind', message: 'Only the care team sends follow-up instructions.' }]);
}

/**
 * A message in a thread, by the patient or the team. The patient's starts the answer clock (if
 * none runs); the team's stops it and lifts an escalation. Audited, and the other side is
 * notified ("You have a new message", no content) and told live.
 */
export async function sendMessage(db: Db, ctx: ServiceContext, threadId: string, input: SendMessageInput): Promise<{ messageId: string }> {
  const access = await threadAccess(db, ctx, threadId, 'patient_thread.reply');
  assertMayWrite(access, input.kind);
  return appendMessage(db, ctx, access, { body: input.body, kind: input.kind, fileId: null, fileName: null });
}

/** Writes one message into an accessible thread (text, or an attachment already stored). */
export async function appendMessage(
  db: Db,
  ctx: ServiceContext,
  access: ThreadAccess,
  content: { body: string | null; kind: SendMessageInput['kind']; fileId: string | null; fileName: string | null },
): Promise<{ messageId: string }> {
  const { thread } = access;
  const dueAt = access.side === 'patient' ? responseDueAt(ctx.now, responseWorkingDaysFor(access.departmentCode)) : null;
  return db.transaction(async (tx) => {
    const audited = await auditThread(tx, ctx, access, content.fileId ? 'patient_thread.attach' : 'patient_thread.reply', {
      kind: content.kind,
      ...(content.fileId ? { fileId: content.fileId } : {}),
    });
    const message = await insertMessage(tx, audited, {
      threadId: thread.id,
      authorUserId: ctx.actor.userId,
      side: access.side,
      kind: content.kind,
      body: content.body,
      fileId: content.fileId,
      fileName: content.fileName,
      createdAt: ctx.now,
    });
    await touchThread(tx, thread.id, access.side, dueAt, ctx.now);
    await deliverNewMessage(tx, thread, message, ctx.now);
    return { messageId: message.id };
  });
}
