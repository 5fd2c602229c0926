import type { Db } from '../../../../platform/db/database.js';
import { publishEvent } from '../../../../platform/events/index.js';
import { notify } from '../../../notifications/index.js';
import { selectCareTeamUserIds, selectDepartmentUserIds, selectPatientUserId } from '../patient-threads.repository.js';
import type { MessageSide } from '../patient-threads.vocabulary.js';

/** The live event a thread's open pages and inboxes listen for: ids only, never content. */
export const PATIENT_THREAD_MESSAGE_EVENT = 'patient_thread.message';

/** Who hears of a message: the patient for the team's messages; the current care team and department inbox for the patient's. */
export async function recipientsOf(
  tx: Db,
  thread: { patientId: string; departmentId: string | null },
  from: MessageSide,
  now: Date,
  exceptUserId: string,
): Promise<string[]> {
  let ids: string[];
  if (from === 'staff') {
    const patientUser = await selectPatientUserId(tx, thread.patientId);
    ids = patientUser ? [patientUser] : [];
  } else {
    const team = (await selectCareTeamUserIds(tx, thread.patientId, now)).map((m) => m.userId);
    const department = thread.departmentId ? await selectDepartmentUserIds(tx, thread.departmentId) : [];
    ids = [...team, ...department];
  }
  return [...new Set(ids)].filter((id) => id !== exceptUserId);
}

/**
 * "You have a new message", in the caller's transaction, by each person's preferences for the
 * `message` category: no content anywhere (title, in-app body and external text alike), only a
 * link to the thread. Then one live event to the same people with the thread's and message's ids.
 */
export async function deliverNewMessage(
  tx: Db,
  thread: { id: string; patientId: string; departmentId: string | null },
  message: { id: string; side: MessageSide; authorUserId: string },
  now: Date,
): Promise<void> {
  const recipients = await recipientsOf(tx, thread, message.side, now, message.authorUserId);
  for (const userId of recipients) {
    await notify(
      tx,
      {
        recipientUserId: userId,
        category: 'message',
        template: 'messaging.notify_new_message',
        link: message.side === 'staff' ? `/portal/messages/${thread.id}` : `/staff/patient-messages/${thread.id}`,
        dedupeKey: `patient-thread-message:${message.id}`,
      },
      now,
    );
  }
  if (recipients.length > 0) {
    await publishEvent(
      tx,
      { type: PATIENT_THREAD_MESSAGE_EVENT, audience: { userIds: recipients }, data: { threadId: thread.id, messageId: message.id } },
      now,
    );
  }
}

/** The escalation notice to a department's (or, without one, the care team's) doctors and nurses. */
export async function deliverEscalation(tx: Db, thread: { id: string }, userIds: string[], now: Date): Promise<void> {
  for (const userId of userIds) {
    await notify(
      tx,
      {
        recipientUserId: userId,
        category: 'message',
        template: 'messaging.notify_escalated',
        link: `/staff/patient-messages/${thread.id}`,
        dedupeKey: `patient-thread-escalated:${thread.id}:${now.toISOString()}`,
      },
      now,
    );
  }
  if (userIds.length > 0)
    await publishEvent(tx, { type: 'patient_thread.escalated', audience: { userIds }, data: { threadId: thread.id } }, now);
}
