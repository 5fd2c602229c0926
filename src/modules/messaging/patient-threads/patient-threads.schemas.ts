import { z } from 'zod';
import { BODY_MAX, MESSAGE_KINDS, MESSAGE_SIDES, SUBJECT_MAX, THREAD_RECIPIENTS } from './patient-threads.vocabulary.js';

export const threadIdParamsSchema = z.object({ id: z.uuid() }).strict();
export const attachmentParamsSchema = z.object({ id: z.uuid(), messageId: z.uuid() }).strict();

/** A patient starts a conversation: with their care team, or a department's inbox. */
export const createThreadBodySchema = z
  .object({
    recipient: z.enum(THREAD_RECIPIENTS),
    /** Required when `recipient` is `department` (else 400); ignored otherwise. */
    departmentId: z.uuid().optional(),
    subject: z.string().trim().min(1).max(SUBJECT_MAX),
    body: z.string().trim().min(1).max(BODY_MAX),
  })
  .strict()
  .superRefine((v, issue) => {
    if (v.recipient === 'department' && !v.departmentId)
      issue.addIssue({ code: 'custom', path: ['departmentId'], message: 'Choose the department to write to.' });
  });
export type CreateThreadInput = z.infer<typeof createThreadBodySchema>;

/** A message in a thread; `instructions` is for clinicians only (a patient gets 422). */
export const sendMessageBodySchema = z
  .object({
    body: z.string().trim().min(1).max(BODY_MAX),
    kind: z.enum(MESSAGE_KINDS).default('message'),
  })
  .strict();
export type SendMessageInput = z.infer<typeof sendMessageBodySchema>;

const person = z.object({ name: z.string() });

export const messageSchema = z.object({
  id: z.uuid(),
  side: z.enum(MESSAGE_SIDES),
  kind: z.enum(MESSAGE_KINDS),
  /** The author: a clinician's name; the patient's own messages name the patient. */
  author: person,
  body: z.string().nullable(),
  attachment: z.object({ name: z.string(), contentType: z.string(), sizeBytes: z.number().int(), url: z.string() }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  /** When the OTHER side first opened the thread after this message (the read receipt), or null. */
  readAt: z.iso.datetime({ offset: true }).nullable(),
});
export type MessageDto = z.infer<typeof messageSchema>;

export const threadSummarySchema = z.object({
  id: z.uuid(),
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
  recipient: z.enum(THREAD_RECIPIENTS),
  department: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  subject: z.string(),
  lastMessageAt: z.iso.datetime({ offset: true }),
  /** Messages from the other side the viewer's side has not opened yet. */
  unread: z.number().int(),
  /** When the team's answer is due (a patient message waits), or null. */
  responseDueAt: z.iso.datetime({ offset: true }).nullable(),
  /** Escalated to the department: the answer is overdue. */
  escalated: z.boolean(),
  escalatedAt: z.iso.datetime({ offset: true }).nullable(),
  encounterId: z.uuid().nullable(),
});
export type ThreadSummaryDto = z.infer<typeof threadSummarySchema>;

export const threadSchema = threadSummarySchema.extend({ messages: z.array(messageSchema) });
export type ThreadDto = z.infer<typeof threadSchema>;

export const threadListSchema = z.object({ items: z.array(threadSummarySchema), nextCursor: z.null() });

export const markReadResponseSchema = z.object({ marked: z.number().int() });
export const encounterLinkSchema = z.object({ threadId: z.uuid(), encounterId: z.uuid() });
