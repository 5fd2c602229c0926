import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { conflict, notFound, unprocessable } from '../../../platform/errors.js';
import { auditAccess, type PatientAccess } from '../../patients/index.js';
import type { ReassignTaskInput, TaskDto } from '../tasks.schemas.js';
import {
  handOffTask,
  lockTask,
  markTaskCancelled,
  markTaskDone,
  selectEligibleAssignees,
  selectHandoffs,
  selectTaskById,
  type CareTaskRow,
} from '../tasks.repository.js';
import { taskAccessById } from './task-access.js';
import { notifyAssignee } from './task-delivery.js';
import { toTaskDto } from './task-view.js';

type Change = (tx: Db, task: CareTaskRow, access: PatientAccess) => Promise<void>;

/**
 * One change to an open task, locked, audited and re-read in one transaction. A task that is no
 * longer open answers 409 every time (completing a cancelled task, cancelling a done one, completing
 * twice): a finished task never changes.
 */
async function changeOpenTask(
  db: Db,
  ctx: ServiceContext,
  taskId: string,
  action: string,
  change: Change,
  detail: Record<string, unknown> = {},
): Promise<TaskDto> {
  const access = await taskAccessById(db, ctx, taskId, action);
  return db.transaction(async (tx) => {
    const entry = { action, resourceType: 'care_task', resourceId: taskId, category: 'clinical' as const, detail };
    const audited = await auditAccess(tx, ctx, access, entry);
    const task = await lockTask(tx, audited, taskId);
    if (!task) throw notFound('The task');
    if (task.status !== 'open')
      throw conflict(`This task is already ${task.status === 'done' ? 'done' : 'cancelled'}.`, 'conflict', { status: task.status });
    await change(tx, task, access);
    const row = await selectTaskById(tx, audited, taskId);
    return toTaskDto(row!, access.patient, await selectHandoffs(tx, { taskIds: [taskId] }), ctx.now);
  });
}

export function completeTask(db: Db, ctx: ServiceContext, taskId: string): Promise<TaskDto> {
  return changeOpenTask(db, ctx, taskId, 'care_task.complete', async (tx, task) => {
    await markTaskDone(tx, task.id, ctx.actor.userId, ctx.now);
  });
}

export function cancelTask(db: Db, ctx: ServiceContext, taskId: string, reason: string): Promise<TaskDto> {
  return changeOpenTask(db, ctx, taskId, 'care_task.cancel', async (tx, task) => {
    await markTaskCancelled(tx, task.id, ctx.actor.userId, reason, ctx.now);
  });
}

/**
 * A handoff (a shift ends, a colleague takes over): the task goes to another doctor or nurse of
 * the care team, the history keeps who held it, who handed it over and when, and the new holder is
 * notified. Handing a task to the person who holds it is refused (422): nothing would change.
 */
export function reassignTask(db: Db, ctx: ServiceContext, taskId: string, input: ReassignTaskInput): Promise<TaskDto> {
  return changeOpenTask(
    db,
    ctx,
    taskId,
    'care_task.reassign',
    async (tx, task) => {
      if (task.assigneeStaffId === input.assigneeStaffId) throw unprocessable('The task is already with this person.');
      const [to] = await selectEligibleAssignees(tx, task.patientId, ctx.now, input.assigneeStaffId);
      if (!to) throw unprocessable('The assignee must be a doctor or nurse on this patient’s care team.');
      await handOffTask(
        tx,
        { id: task.id, fromStaffId: task.assigneeStaffId },
        { staffId: to.staffId, byUserId: ctx.actor.userId, note: input.note ? input.note : null },
        ctx.now,
      );
      await notifyAssignee(tx, task, to.userId, ctx.now);
    },
    { toStaffId: input.assigneeStaffId },
  );
}
