import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt } from '../../../platform/db/columns.js';
import { storedFiles } from '../../../platform/files/index.js';
import { patients } from '../../patients/index.js';
import { encounters } from '../../records/index.js';
import { departments } from '../../staff/index.js';
import type { MessageKind, MessageSide, ThreadRecipient } from './patient-threads.vocabulary.js';

/**
 * A conversation between a patient and their care team or a department's team inbox
 * (docs/messaging.md). `department_id` is the inbox: set when the patient chose a department, or
 * when an unanswered care-team thread was escalated to a department.
 */
export const patientThreads = pgTable(
  'patient_threads',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    recipient: text('recipient').$type<ThreadRecipient>().notNull(),
    departmentId: uuid('department_id').references(() => departments.id),
    subject: text('subject').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    lastMessageAt: instant('last_message_at').notNull(),
    /** When the oldest unanswered patient message is due an answer; null when the team has answered. */
    responseDueAt: instant('response_due_at'),
    /** Set by the escalation job when the answer is overdue; cleared by the team's next answer. */
    escalatedAt: instant('escalated_at'),
    /** The encounter a clinician opened from this thread (the link back). */
    encounterId: uuid('encounter_id').references(() => encounters.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The patient's "Messages": newest conversation first.
    index('patient_threads_patient_idx').on(t.patientId, t.lastMessageAt),
    // A department's team inbox.
    index('patient_threads_department_idx').on(t.departmentId, t.lastMessageAt),
    // The escalation sweep: overdue, not yet escalated.
    index('patient_threads_due_idx')
      .on(t.responseDueAt)
      .where(sql`${t.escalatedAt} is null and ${t.responseDueAt} is not null`),
    check('patient_threads_recipient_check', sql`${t.recipient} in ('care_team','department')`),
    check('patient_threads_department_check', sql`${t.recipient} <> 'department' or ${t.departmentId} is not null`),
    check('patient_threads_subject_check', sql`char_length(${t.subject}) between 1 and 200`),
  ],
);

/** One message of a thread, append-only but for its read receipts (one per side). */
export const patientThreadMessages = pgTable(
  'patient_thread_messages',
  {
    id: id(),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => patientThreads.id),
    authorUserId: uuid('author_user_id')
      .notNull()
      .references(() => users.id),
    side: text('side').$type<MessageSide>().notNull(),
    kind: text('kind').$type<MessageKind>().notNull().default('message'),
    body: text('body'),
    /** An attachment in the encrypted file store (PDF, PNG, JPEG). */
    fileId: uuid('file_id').references(() => storedFiles.id),
    /** The attachment's name as the sender gave it (cleaned), for the download. */
    fileName: text('file_name'),
    /** When the patient first opened the thread after this message (their own messages: null). */
    readByPatientAt: instant('read_by_patient_at'),
    /** When a member of the team first opened the thread after this message, and who. */
    readByStaffAt: instant('read_by_staff_at'),
    readByStaffUserId: uuid('read_by_staff_user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('patient_thread_messages_thread_idx').on(t.threadId, t.createdAt),
    check('patient_thread_messages_side_check', sql`${t.side} in ('patient','staff')`),
    check('patient_thread_messages_kind_check', sql`${t.kind} in ('message','instructions')`),
    check('patient_thread_messages_instructions_check', sql`${t.kind} = 'message' or ${t.side} = 'staff'`),
    check('patient_thread_messages_content_check', sql`${t.body} is not null or ${t.fileId} is not null`),
    check('patient_thread_messages_body_check', sql`${t.body} is null or char_length(${t.body}) between 1 and 5000`),
  ],
);
