import { z } from 'zod';
import { BODY_MAX, MEMBERS_MAX, MENTIONS_MAX, SEARCH_MIN, STAFF_THREAD_KINDS, TITLE_MAX } from './staff-threads.vocabulary.js';

export const threadIdParamsSchema = z.object({ id: z.uuid() }).strict();

/** A new direct or group thread; the creator is a member by right (the care-team thread is made by the patient's). */
export const createThreadBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('direct'), memberStaffIds: z.array(z.uuid()).length(1) }).strict(),
  z
    .object({
      kind: z.literal('group'),
      title: z.string().trim().min(1).max(TITLE_MAX),
      memberStaffIds: z.array(z.uuid()).min(1).max(MEMBERS_MAX),
    })
    .strict(),
]);
export type CreateThreadInput = z.infer<typeof createThreadBodySchema>;

export const postMessageBodySchema = z
  .object({
    body: z.string().trim().min(1).max(BODY_MAX),
    /** User ids of the thread's readers (see the thread's `members`); anyone else → 422. */
    mentions: z.array(z.uuid()).max(MENTIONS_MAX).optional(),
  })
  .strict();
export type PostMessageInput = z.infer<typeof postMessageBodySchema>;

export const messagesQuerySchema = z.object({ after: z.uuid().optional() }).strict();

export const searchBodySchema = z.object({ query: z.string().trim().min(SEARCH_MIN).max(200) }).strict();

const person = z.object({ userId: z.uuid(), staffId: z.uuid().nullable(), name: z.string() });

export const messageSchema = z.object({
  id: z.uuid(),
  threadId: z.uuid(),
  author: person,
  body: z.string(),
  /** The mentioned people (stored as user ids, named here). */
  mentions: z.array(person),
  createdAt: z.iso.datetime({ offset: true }),
});
export type MessageDto = z.infer<typeof messageSchema>;

const patientLabel = z.object({ id: z.uuid(), name: z.string(), mrn: z.string() });

export const threadSummarySchema = z.object({
  id: z.uuid(),
  kind: z.enum(STAFF_THREAD_KINDS),
  /** A group's title; a direct thread's other person; a care-team thread's patient. */
  title: z.string(),
  patient: patientLabel.nullable(),
  unreadCount: z.number().int().min(0),
  lastMessageAt: z.iso.datetime({ offset: true }),
});
export type ThreadSummaryDto = z.infer<typeof threadSummarySchema>;

export const threadSchema = threadSummarySchema.extend({
  /** Who reads the thread now (a care-team thread: the patient's current clinical care team). */
  members: z.array(person),
  messages: z.array(messageSchema),
});
export type ThreadDto = z.infer<typeof threadSchema>;

export const threadListSchema = z.object({ items: z.array(threadSummarySchema), nextCursor: z.null() });
export const messageListSchema = z.object({ items: z.array(messageSchema), nextCursor: z.null() });
export const unreadSchema = z.object({ unreadCount: z.number().int().min(0) });

export const searchHitSchema = z.object({
  message: messageSchema,
  thread: z.object({ id: z.uuid(), kind: z.enum(STAFF_THREAD_KINDS), title: z.string().nullable(), patient: patientLabel.nullable() }),
});
export type SearchHitDto = z.infer<typeof searchHitSchema>;
export const searchResultSchema = z.object({ items: z.array(searchHitSchema), nextCursor: z.null() });
