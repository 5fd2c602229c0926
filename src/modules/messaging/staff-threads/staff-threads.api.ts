import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { noStore } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import { patientParamsSchema } from '../../patients/index.js';
import { searchMessages } from './services/message-search.service.js';
import { listThreads, readMessagesAfter, readThread, staffMessagesUnreadCount } from './services/thread-queries.service.js';
import { createThread, markThreadRead, openCareTeamThread, postMessage } from './services/thread-writes.service.js';
import {
  createThreadBodySchema,
  messageListSchema,
  messageSchema,
  messagesQuerySchema,
  postMessageBodySchema,
  searchBodySchema,
  searchResultSchema,
  threadIdParamsSchema,
  threadListSchema,
  threadSchema,
  threadSummarySchema,
  unreadSchema,
} from './staff-threads.schemas.js';

const staff = { permission: 'messages.staff' } as const;
const tags = ['Staff messaging'];

/** Staff threads over the JSON API (docs/messaging.md "Staff threads"): the same services as the pages. */
export function registerStaffThreadsApi(app: FastifyInstance): void {
  registerThreadRoutes(app);
  registerMessageRoutes(app);
}

function registerThreadRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  r.get(
    '/api/v1/staff-threads',
    {
      config: staff,
      schema: { tags, summary: 'Your threads, newest activity first, with unread counts', response: { 200: threadListSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      return { items: await listThreads(db, serviceContext(request)), nextCursor: null };
    },
  );
  r.post(
    '/api/v1/staff-threads',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Start a direct thread (one per pair: an existing one answers 200) or a group thread with a title',
        body: createThreadBodySchema,
        response: { 200: threadSummarySchema, 201: threadSummarySchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const { thread, created } = await createThread(db, serviceContext(request), request.body);
      return reply.code(created ? 201 : 200).send(thread);
    },
  );
  r.post(
    '/api/v1/patients/:id/staff-thread',
    {
      config: staff,
      schema: {
        tags,
        summary: "The patient's care-team thread, made on first use (the care team, or break-the-glass)",
        params: patientParamsSchema,
        response: { 200: threadSummarySchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return openCareTeamThread(db, serviceContext(request), request.params.id);
    },
  );
  r.get(
    '/api/v1/staff-threads/:id',
    {
      config: staff,
      schema: {
        tags,
        summary: 'A thread: who reads it and its newest messages',
        params: threadIdParamsSchema,
        response: { 200: threadSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return readThread(db, serviceContext(request), request.params.id);
    },
  );
  r.post(
    '/api/v1/staff-threads/:id/read',
    {
      config: staff,
      schema: { tags, summary: 'Mark the thread read up to now', params: threadIdParamsSchema, response: { 200: unreadSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      const ctx = serviceContext(request);
      await markThreadRead(db, ctx, request.params.id);
      return { unreadCount: await staffMessagesUnreadCount(db, ctx) };
    },
  );
  r.get(
    '/api/v1/me/staff-messages/unread',
    { config: staff, schema: { tags, summary: 'How many staff messages you have not read', response: { 200: unreadSchema } } },
    async (request, reply) => {
      noStore(reply);
      return { unreadCount: await staffMessagesUnreadCount(db, serviceContext(request)) };
    },
  );
}

function registerMessageRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  r.get(
    '/api/v1/staff-threads/:id/messages',
    {
      config: staff,
      schema: {
        tags,
        summary: 'The newest messages of a thread, oldest first; with `after`, only those after that message',
        params: threadIdParamsSchema,
        querystring: messagesQuerySchema,
        response: { 200: messageListSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return { items: await readMessagesAfter(db, serviceContext(request), request.params.id, request.query.after), nextCursor: null };
    },
  );
  r.post(
    '/api/v1/staff-threads/:id/messages',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Post a message (mentioned readers are notified without its content; readers get a live event)',
        params: threadIdParamsSchema,
        body: postMessageBodySchema,
        response: { 201: messageSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return reply.code(201).send(await postMessage(db, serviceContext(request), request.params.id, request.body));
    },
  );
  r.post(
    '/api/v1/staff-messages/search',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Search messages in the threads you read (the words travel in the body, never in the URL)',
        body: searchBodySchema,
        response: { 200: searchResultSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return { items: await searchMessages(db, serviceContext(request), request.body.query), nextCursor: null };
    },
  );
}
