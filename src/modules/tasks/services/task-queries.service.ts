import type { Placeholder } from 'drizzle-orm';
import { auditedViews } from '../../../platform/audit/audited-views.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { auditActorOf, patientsAuditValues, preparedPatientsAudit } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead } from '../../../platform/db/read-together.js';
import { preparedRead, runTwoStepRead, secondStep, twoStepRead, type TwoStepRead } from '../../../platform/db/read-in-two-steps.js';
import { accessAuditValues } from '../../patients/index.js';
import type { TaskDto } from '../tasks.schemas.js';
import {
  assigneesOf,
  eligibleAssigneesQuery,
  selectMyOpenTaskPatients,
  selectMyOpenTasks,
  selectPatientHandoffs,
  selectPatientTasks,
  type EligibleAssignee,
  type HandoffRow,
  type MyTaskRow,
  type TaskListRow,
} from '../tasks.repository.js';
import { taskAccess } from './task-access.js';
import { toTaskDto } from './task-view.js';

/** How many open tasks "My tasks" shows (soonest due first). */
export const MY_TASKS_SHOWN = 50;

export interface PatientTasks {
  patient: { id: string; givenName: string; familyName: string; mrn: string };
  tasks: TaskDto[];
  /** Who may hold a task on this patient (the form's choices). */
  assignees: EligibleAssignee[];
}

/**
 * A patient's tasks (open first, then by due time) with their handoffs and who may hold one: one
 * `care_task.list` audit row, in ONE statement with the reads, built once (issue 11).
 */
export async function listPatientTasks(db: Db, ctx: ServiceContext, patientId: string): Promise<PatientTasks> {
  const access = await taskAccess(db, ctx, patientId, 'care_task.list');
  const audit = accessAuditValues(ctx, access, { action: 'care_task.list', resourceType: 'care_task', category: 'clinical' });
  const { rows, handoffs, assignees } = await patientTaskViews(
    db,
    'tasks',
    audit,
    (db, audited, param: (name: 'now') => Placeholder) => ({
      rows: deferRead(selectPatientTasks(db, audited), (rows): TaskListRow[] => rows),
      handoffs: deferRead(selectPatientHandoffs(db, audited), (rows): HandoffRow[] => rows),
      assignees: deferRead(eligibleAssigneesQuery(db, audited.patientId, param('now')), assigneesOf),
    }),
    { now: ctx.now },
  );
  const p = access.patient;
  const patient = { id: p.id, givenName: p.givenName, familyName: p.familyName, mrn: p.mrn };
  return { patient, tasks: rows.map((r) => toTaskDto(r, patient, handoffs, ctx.now)), assignees };
}

const patientTaskViews = auditedViews();

/**
 * The signed-in doctor's or nurse's open tasks, soonest due first, overdue flagged at the request's
 * clock: one `care_task.my_list` audit row per patient shown (the task names the patient). Without
 * a staff profile, none.
 */
export async function listMyTasks(db: Db, ctx: ServiceContext): Promise<TaskDto[]> {
  return ctx.actor.staffId ? runTwoStepRead(db, myTasksRead(ctx, ctx.actor.staffId)) : [];
}

/**
 * The same list as a two-step read (the doctor's and nurse's homes read it with their other
 * lists): which patients first (ids only), then the tasks in the same statement as their audit
 * rows. A home with no task costs no second step.
 */
export function myTasksRead(ctx: ServiceContext, staffId: string): TwoStepRead<TaskDto[]> {
  const first = preparedRead('tasks.my_open_patients', (db, param) => selectMyOpenTaskPatients(db, param('staffId'), param('limit')), {
    staffId,
    limit: MY_TASKS_SHOWN,
  });
  return twoStepRead(first, (patientIds) => {
    if (patientIds.length === 0) return { value: [] };
    const audit = patientsAuditValues(auditActorOf(ctx.actor), ctx.origin, MY_TASKS_AUDIT, patientIds, ctx.now);
    return secondStep(
      {
        key: 'tasks.my_open',
        build: (db, param) => ({
          rows: deferRead(
            selectMyOpenTasks(db, preparedPatientsAudit(param).audited, param('staffId'), param('limit')),
            (rows): MyTaskRow[] => rows,
          ),
        }),
        writes: (_db, param) => [preparedPatientsAudit(param).write],
        values: { ...audit, staffId, limit: MY_TASKS_SHOWN },
      },
      ({ rows }) => rows.map((r) => toTaskDto(r, r.patient, [], ctx.now)),
    );
  });
}

/** Each patient's row of the list (the task names the patient). */
const MY_TASKS_AUDIT = { action: 'care_task.my_list', resourceType: 'care_task', category: 'clinical' as const };
