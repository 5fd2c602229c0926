import type { TaskDto } from '../tasks.schemas.js';
import type { HandoffRow, TaskListRow } from '../tasks.repository.js';

export interface PatientLabelInput {
  id: string;
  givenName: string;
  familyName: string;
  mrn: string;
}

/** A task as the API and the pages show it; `overdue` is judged at the request's clock. */
export function toTaskDto(row: TaskListRow, patient: PatientLabelInput, handoffs: readonly HandoffRow[], now: Date): TaskDto {
  const t = row.task;
  return {
    id: t.id,
    patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}`, mrn: patient.mrn },
    title: t.title,
    details: t.details,
    status: t.status,
    assignee: { staffId: t.assigneeStaffId, name: row.assigneeName ?? '' },
    createdBy: { staffId: row.creatorStaffId, name: row.creatorName ?? '' },
    dueAt: t.dueAt.toISOString(),
    overdue: t.status === 'open' && t.dueAt.getTime() < now.getTime(),
    completedAt: t.completedAt?.toISOString() ?? null,
    cancelledAt: t.cancelledAt?.toISOString() ?? null,
    cancelReason: t.cancelReason,
    createdAt: t.createdAt.toISOString(),
    handoffs: handoffs
      .filter((h) => h.taskId === t.id)
      .map((h) => ({
        from: { staffId: h.fromStaffId, name: h.fromName ?? '' },
        to: { staffId: h.toStaffId, name: h.toName ?? '' },
        by: { staffId: h.byStaffId, name: h.byName ?? '' },
        note: h.note,
        at: h.at.toISOString(),
      })),
  };
}
