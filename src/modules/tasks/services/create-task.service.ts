import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { unprocessable } from '../../../platform/errors.js';
import { auditAccess } from '../../patients/index.js';
import type { CreateTaskInput, TaskDto } from '../tasks.schemas.js';
import { insertTask, selectEligibleAssignees, selectTaskById } from '../tasks.repository.js';
import { taskAccess } from './task-access.js';
import { notifyAssignee } from './task-delivery.js';
import { toTaskDto } from './task-view.js';

/**
 * A care-team member puts a task on the patient for a doctor or nurse of the same care team
 * (themself included). The task, its audit row and the assignee's notification commit together.
 */
export async function createTask(db: Db, ctx: ServiceContext, patientId: string, input: CreateTaskInput): Promise<TaskDto> {
  const access = await taskAccess(db, ctx, patientId, 'care_task.create');
  const [assignee] = await selectEligibleAssignees(db, patientId, ctx.now, input.assigneeStaffId);
  if (!assignee) throw unprocessable('The assignee must be a doctor or nurse on this patient’s care team.');
  return db.transaction(async (tx) => {
    const task = await insertTask(tx, {
      patientId,
      title: input.title,
      details: input.details ? input.details : null,
      assigneeStaffId: assignee.staffId,
      createdBy: ctx.actor.userId,
      dueAt: new Date(input.dueAt),
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    const audited = await auditAccess(tx, ctx, access, {
      action: 'care_task.create',
      resourceType: 'care_task',
      resourceId: task.id,
      category: 'clinical',
      detail: { assigneeStaffId: assignee.staffId },
    });
    await notifyAssignee(tx, task, assignee.userId, ctx.now);
    const row = await selectTaskById(tx, audited, task.id);
    return toTaskDto(row!, access.patient, [], ctx.now);
  });
}
