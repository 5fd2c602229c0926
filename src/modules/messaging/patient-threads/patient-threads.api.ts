import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readUploadFields, takeUpload } from '../../../platform/files/index.js';
import { noStore } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import {
  attachmentParamsSchema,
  createThreadBodySchema,
  encounterLinkSchema,
  markReadResponseSchema,
  sendMessageBodySchema,
  threadIdParamsSchema,
  threadListSchema,
  threadSchema,
} from './patient-threads.schemas.js';
import { ATTACHMENT_MAX_BYTES } from './patient-threads.vocabulary.js';
import { attachFile, readAttachment } from './services/attachments.service.js';
import { sendAttachment } from './services/attachment-reply.js';
import { createThread, sendMessage } from './services/send-message.service.js';
import { openEncounterFromThread } from './services/thread-encounter.service.js';
import { listInbox, listMyThreads, markThreadRead, readThread } from './services/thread-queries.service.js';

const own = { permission: 'messages.own' } as const;
const inbox = { permission: 'messages.inbox' } as const;
const thread = { permission: 'messages.thread' } as const;
const created = z.object({ id: z.uuid() });

/** Patient threads under /api/v1 (docs/messaging.md): the same services as the pages. */
export function registerPatientThreadsApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['Patient messages'];

  r.get(
    '/api/v1/patient-threads',
    { config: own, schema: { tags, summary: 'Your conversations with your care team, newest first', response: { 200: threadListSchema } } },
    async (request, reply) => {
      noStore(reply);
      return { items: await listMyThreads(db, serviceContext(request)), nextCursor: null };
    },
  );
  r.post(
    '/api/v1/patient-threads',
    {
      config: own,
      schema: {
        tags,
        summary: 'Write to your care team or a department (not for emergencies); answers 201 with the new thread',
        body: createThreadBodySchema,
        response: { 201: threadSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const ctx = serviceContext(request);
      const { threadId } = await createThread(db, ctx, request.body);
      return reply.code(201).send((await readThread(db, ctx, threadId, { markRead: false })).thread);
    },
  );
  r.get(
    '/api/v1/patient-threads/inbox',
    {
      config: inbox,
      schema: {
        tags,
        summary: "The team inbox: your care teams' and your department's patient conversations, newest first",
        response: { 200: threadListSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return { items: await listInbox(db, serviceContext(request)), nextCursor: null };
    },
  );
  registerOneThreadApi(app);
  registerThreadFilesApi(app);
}

/** One thread: read, answer, mark read. */
function registerOneThreadApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['Patient messages'];
  r.get(
    '/api/v1/patient-threads/:id',
    {
      config: thread,
      schema: {
        tags,
        summary: 'One conversation with its messages and read receipts (reading it here marks nothing read: POST .../read does)',
        params: threadIdParamsSchema,
        response: { 200: threadSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return (await readThread(db, serviceContext(request), request.params.id, { markRead: false })).thread;
    },
  );
  r.post(
    '/api/v1/patient-threads/:id/messages',
    {
      config: thread,
      schema: {
        tags,
        summary: "Send a message (kind 'instructions': follow-up instructions, clinicians only); answers 201 with the thread",
        params: threadIdParamsSchema,
        body: sendMessageBodySchema,
        response: { 201: threadSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const ctx = serviceContext(request);
      await sendMessage(db, ctx, request.params.id, request.body);
      return reply.code(201).send((await readThread(db, ctx, request.params.id, { markRead: false })).thread);
    },
  );
  r.post(
    '/api/v1/patient-threads/:id/read',
    {
      config: thread,
      schema: {
        tags,
        summary: "Mark the other side's messages read (the read receipt they see)",
        params: threadIdParamsSchema,
        response: { 200: markReadResponseSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return { marked: await markThreadRead(db, serviceContext(request), request.params.id) };
    },
  );
}

/** Attachments and the encounter opened from a thread. */
function registerThreadFilesApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, files } = app.deps;
  const tags = ['Patient messages'];
  r.post(
    '/api/v1/patient-threads/:id/attachments',
    {
      config: thread,
      preValidation: readUploadFields({ maxBytes: ATTACHMENT_MAX_BYTES }),
      schema: {
        tags,
        summary:
          'Attach a file as a message: multipart/form-data with one file field "file" (PDF, PNG or JPEG up to 20 MiB, typed by its bytes)',
        consumes: ['multipart/form-data'],
        params: threadIdParamsSchema,
        response: { 201: created },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const { messageId } = await attachFile(db, files, serviceContext(request), request.params.id, takeUpload(request));
      return reply.code(201).send({ id: messageId });
    },
  );
  r.get(
    '/api/v1/patient-threads/:id/attachments/:messageId',
    {
      config: thread,
      schema: {
        tags,
        summary: 'Download an attachment (Content-Disposition: attachment, nosniff); verified before a byte is sent',
        params: attachmentParamsSchema,
        response: { 200: z.string().describe('The file bytes') },
      },
    },
    async (request, reply) =>
      sendAttachment(reply, await readAttachment(db, files, serviceContext(request), request.params.id, request.params.messageId)),
  );
  r.post(
    '/api/v1/patient-threads/:id/encounter',
    {
      config: inbox,
      schema: {
        tags,
        summary: 'Turn the conversation into an encounter (the care team); 409 when one was already opened from it',
        params: threadIdParamsSchema,
        response: { 201: encounterLinkSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return reply.code(201).send(await openEncounterFromThread(db, serviceContext(request), request.params.id));
    },
  );
}
