import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/auth/auth.tables.js';
import { createdAt, id, instant } from '../../../platform/db/columns.js';
import { patients } from '../../patients/index.js';
import type { StaffThreadKind } from './staff-threads.vocabulary.js';

/**
 * A staff conversation (docs/messaging.md): direct (two people), group (a title), or the one
 * thread of a patient's care team. A care-team thread has no member rows: who may read it is the
 * patient's care team at the moment of reading.
 */
export const staffThreads = pgTable(
  'staff_threads',
  {
    id: id(),
    kind: text('kind').$type<StaffThreadKind>().notNull(),
    title: text('title'),
    patientId: uuid('patient_id').references(() => patients.id),
    /** The two members' user ids, sorted and joined: one direct thread per pair. */
    directKey: text('direct_key'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    /** The newest message's time (the list sorts by it); the creation time before any message. */
    lastMessageAt: instant('last_message_at').notNull(),
  },
  (t) => [
    check('staff_threads_kind_check', sql`${t.kind} in ('direct','group','care_team')`),
    check('staff_threads_patient_check', sql`(${t.kind} = 'care_team') = (${t.patientId} is not null)`),
    check('staff_threads_direct_check', sql`(${t.kind} = 'direct') = (${t.directKey} is not null)`),
    check('staff_threads_title_check', sql`${t.kind} <> 'group' or char_length(${t.title}) between 1 and 120`),
    uniqueIndex('staff_threads_patient_key')
      .on(t.patientId)
      .where(sql`${t.patientId} is not null`),
    uniqueIndex('staff_threads_direct_key')
      .on(t.directKey)
      .where(sql`${t.directKey} is not null`),
  ],
);

/** The members of a direct or group thread (a care-team thread has none: see above). */
export const staffThreadMembers = pgTable(
  'staff_thread_members',
  {
    threadId: uuid('thread_id')
      .notNull()
      .references(() => staffThreads.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    addedAt: instant('added_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'staff_thread_members_pkey', columns: [t.threadId, t.userId] }),
    // "My threads": a person's threads.
    index('staff_thread_members_user_idx').on(t.userId, t.threadId),
  ],
);

/** A message. Mentions are user ids (rendered as names); the body is shown only inside the app. */
export const staffMessages = pgTable(
  'staff_messages',
  {
    id: id(),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => staffThreads.id),
    authorUserId: uuid('author_user_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    mentions: uuid('mentions')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    createdAt: createdAt(),
  },
  (t) => [
    check('staff_messages_body_check', sql`char_length(${t.body}) between 1 and 4000`),
    // A thread's messages in order, and the unread count (messages after the reader's mark).
    index('staff_messages_thread_idx').on(t.threadId, t.createdAt, t.id),
    // Search within the threads one may read (ILIKE '%term%' through the trigram index).
    index('staff_messages_body_trgm_idx').using('gin', sql`lower(${t.body}) gin_trgm_ops`),
  ],
);

/** How far each person has read each thread (the unread counts). */
export const staffThreadReads = pgTable(
  'staff_thread_reads',
  {
    threadId: uuid('thread_id')
      .notNull()
      .references(() => staffThreads.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    lastReadAt: instant('last_read_at').notNull(),
  },
  (t) => [primaryKey({ name: 'staff_thread_reads_pkey', columns: [t.threadId, t.userId] })],
);
