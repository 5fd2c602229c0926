import type { Db } from '../../../platform/db/database.js';
import { notify } from '../../notifications/index.js';

/**
 * Tells the person who now holds a task, in the caller's transaction, by their preferences for
 * the `message` category. Outside the app (and in the title, which doubles as the e-mail subject)
 * it says only that a task needs them; the in-app body names the task.
 */
export async function notifyAssignee(
  tx: Db,
  task: { id: string; patientId: string; title: string },
  assigneeUserId: string,
  assignedAt: Date,
): Promise<void> {
  await notify(
    tx,
    {
      recipientUserId: assigneeUserId,
      category: 'message',
      template: 'tasks.notify_assigned',
      params: { title: task.title },
      link: `/staff/patients/${task.patientId}/tasks`,
      // Handed back to the same person later is a new assignment: the key names the moment.
      dedupeKey: `care-task:${task.id}:${assignedAt.toISOString()}`,
    },
    assignedAt,
  );
}
