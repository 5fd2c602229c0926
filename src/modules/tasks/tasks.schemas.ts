import { z } from 'zod';
import { CARE_TASK_STATUSES, DETAILS_MAX, REASON_MAX, TITLE_MAX } from './tasks.vocabulary.js';

export const taskIdParamsSchema = z.object({ id: z.uuid() }).strict();

/** A new task: the patient comes from the path, the creator from the session. */
export const createTaskBodySchema = z
  .object({
    title: z.string().trim().min(1).max(TITLE_MAX),
    details: z.string().trim().max(DETAILS_MAX).optional(),
    /** A doctor or nurse on the patient's active care team (else 422). */
    assigneeStaffId: z.uuid(),
    dueAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type CreateTaskInput = z.infer<typeof createTaskBodySchema>;

export const cancelTaskBodySchema = z.object({ reason: z.string().trim().min(1).max(REASON_MAX) }).strict();

export const reassignTaskBodySchema = z
  .object({
    assigneeStaffId: z.uuid(),
    note: z.string().trim().max(REASON_MAX).optional(),
  })
  .strict();
export type ReassignTaskInput = z.infer<typeof reassignTaskBodySchema>;

const person = z.object({ staffId: z.uuid().nullable(), name: z.string() });

export const handoffSchema = z.object({
  from: person,
  to: person,
  by: person,
  note: z.string().nullable(),
  at: z.iso.datetime({ offset: true }),
});

export const taskSchema = z.object({
  id: z.uuid(),
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
  title: z.string(),
  details: z.string().nullable(),
  status: z.enum(CARE_TASK_STATUSES),
  assignee: person,
  createdBy: person,
  dueAt: z.iso.datetime({ offset: true }),
  /** Open and past its due time at the server's clock. */
  overdue: z.boolean(),
  completedAt: z.iso.datetime({ offset: true }).nullable(),
  cancelledAt: z.iso.datetime({ offset: true }).nullable(),
  cancelReason: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  handoffs: z.array(handoffSchema),
});
export type TaskDto = z.infer<typeof taskSchema>;

export const taskListSchema = z.object({ items: z.array(taskSchema), nextCursor: z.null() });
