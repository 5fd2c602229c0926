import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt } from '../../platform/db/columns.js';
import { patients } from '../patients/index.js';
import { staffProfiles } from '../staff/index.js';
import type { CareTaskStatus } from './tasks.vocabulary.js';

/** A task on a patient for one care-team member (docs/tasks.md): open until done or cancelled. */
export const careTasks = pgTable(
  'care_tasks',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    title: text('title').notNull(),
    details: text('details'),
    /** The staff member who holds the task now; a handoff changes it and adds a care_task_handoffs row. */
    assigneeStaffId: uuid('assignee_staff_id')
      .notNull()
      .references(() => staffProfiles.id),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    dueAt: instant('due_at').notNull(),
    status: text('status').$type<CareTaskStatus>().notNull().default('open'),
    completedAt: instant('completed_at'),
    completedBy: uuid('completed_by').references(() => users.id),
    cancelledAt: instant('cancelled_at'),
    cancelledBy: uuid('cancelled_by').references(() => users.id),
    cancelReason: text('cancel_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // "My tasks" on the assignee's home: their open tasks, soonest due first.
    index('care_tasks_assignee_idx').on(t.assigneeStaffId, t.status, t.dueAt),
    // A patient's tasks page: open first, by due time.
    index('care_tasks_patient_idx').on(t.patientId, t.status, t.dueAt),
    check('care_tasks_status_check', sql`${t.status} in ('open','done','cancelled')`),
    check('care_tasks_title_check', sql`char_length(${t.title}) between 1 and 200`),
    check('care_tasks_details_check', sql`${t.details} is null or char_length(${t.details}) <= 2000`),
    check('care_tasks_done_check', sql`(${t.status} = 'done') = (${t.completedAt} is not null and ${t.completedBy} is not null)`),
    check(
      'care_tasks_cancelled_check',
      sql`(${t.status} = 'cancelled') = (${t.cancelledAt} is not null and ${t.cancelledBy} is not null and ${t.cancelReason} is not null)`,
    ),
  ],
);

/** Every handoff of a task (append-only): who held it, who took it, who handed it over and when. */
export const careTaskHandoffs = pgTable(
  'care_task_handoffs',
  {
    id: id(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => careTasks.id),
    fromStaffId: uuid('from_staff_id')
      .notNull()
      .references(() => staffProfiles.id),
    toStaffId: uuid('to_staff_id')
      .notNull()
      .references(() => staffProfiles.id),
    handedOffBy: uuid('handed_off_by')
      .notNull()
      .references(() => users.id),
    /** An optional word for the next shift; shown only inside the app. */
    note: text('note'),
    at: instant('at').notNull(),
  },
  (t) => [index('care_task_handoffs_task_idx').on(t.taskId, t.at)],
);
