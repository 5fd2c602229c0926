import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FieldError } from '../../../platform/errors.js';
import { serviceContext } from '../../../platform/http/context.js';
import { localiseFieldErrors, normaliseForm, parseForm, type FieldMessages } from '../../../platform/http/forms.js';
import { handleForm } from '../../../platform/http/page-forms.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { renderFragment, sendPage } from '../../../platform/views/render.js';
import type { PatientLabel } from '../../patients/index.js';
import { searchMessages } from './services/message-search.service.js';
import { findCareTeamThread, listThreads, readMessagesAfter, readThread } from './services/thread-queries.service.js';
import { createThread, markThreadRead, postMessage, postToCareTeam } from './services/thread-writes.service.js';
import { listThreadCandidates } from './services/thread-queries.service.js';
import { BODY_MAX, SEARCH_MIN, TITLE_MAX } from './staff-threads.vocabulary.js';
import { MessageItems } from './views/message-item.js';
import { NewThreadPage, type NewThreadFormState } from './views/new-thread.js';
import { SearchPage } from './views/search-page.js';
import { ThreadListPage } from './views/thread-list.js';
import { CareTeamStartPage, ThreadPage, type PostFormState } from './views/thread-page.js';

const page = { hide: true } as const;
const staff = { permission: 'messages.staff' } as const;
const idParams = z.object({ id: z.uuid() });
const liveQuery = z.object({ after: z.uuid().optional() });

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? (v as unknown[]) : [v]);
const postForm = z.object({ body: z.string().trim().min(1).max(BODY_MAX), mentions: z.preprocess(asList, z.array(z.uuid())) });
const newThreadForm = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('direct'), memberStaffIds: z.preprocess(asList, z.array(z.uuid()).length(1)) }),
  z.object({
    kind: z.literal('group'),
    title: z.string().trim().min(1).max(TITLE_MAX),
    memberStaffIds: z.preprocess(asList, z.array(z.uuid()).min(1)),
  }),
]);
const searchForm = z.object({ query: z.string().trim().min(SEARCH_MIN).max(200) });

const FIELD_MESSAGES: FieldMessages = {
  body: ['staff_messages.field_body_invalid', { max: BODY_MAX }],
  title: ['staff_messages.field_title_invalid', { max: TITLE_MAX }],
  memberStaffIds: ['staff_messages.field_members_invalid'],
  query: ['staff_messages.search_hint', { min: SEARCH_MIN }],
};

/** Staff pages over the same services as the API (docs/messaging.md "Staff threads"). */
export function registerStaffThreadsPages(app: FastifyInstance): void {
  registerListPages(app);
  registerThreadPages(app);
}

function localise(request: FastifyRequest, reply: FastifyReply, errors: FieldError[]): FieldError[] {
  return localiseFieldErrors(errors, FIELD_MESSAGES, pageContext(request, reply).t);
}

function registerListPages(app: FastifyInstance): void {
  const { db } = app.deps;
  app.get('/staff/messages', { config: staff, schema: page }, async (request, reply) => {
    const threads = await listThreads(db, serviceContext(request));
    return sendPage(reply, <ThreadListPage ctx={pageContext(request, reply)} threads={threads} />);
  });

  const renderNew = async (request: FastifyRequest, reply: FastifyReply, form?: NewThreadFormState, status = 200) =>
    sendPage(reply, <NewThreadPage ctx={pageContext(request, reply)} people={await listThreadCandidates(db)} form={form} />, status);
  app.get('/staff/messages/new', { config: staff, schema: page }, async (request, reply) => renderNew(request, reply));
  app.post('/staff/messages', { config: staff, schema: page }, async (request, reply) => {
    const kind = normaliseForm(request.body).kind === 'group' ? 'group' : 'direct';
    return handleForm(
      request,
      reply,
      newThreadForm,
      async (data) => `/staff/messages/${(await createThread(db, serviceContext(request), data)).thread.id}`,
      (failure) => renderNew(request, reply, { kind, ...failure, errors: localise(request, reply, failure.errors) }, failure.status),
    );
  });

  app.get('/staff/messages/search', { config: staff, schema: page }, async (request, reply) =>
    sendPage(reply, <SearchPage ctx={pageContext(request, reply)} />),
  );
  // A search is sent by POST so its words stay out of URLs and logs; it changes nothing.
  app.post('/staff/messages/search', { config: staff, schema: page }, async (request, reply) => {
    const parsed = parseForm(searchForm, request.body);
    const ctx = pageContext(request, reply);
    if (!parsed.ok) {
      const [error] = localise(request, reply, parsed.errors);
      return sendPage(reply, <SearchPage ctx={ctx} error={error?.message} />, 400);
    }
    const hits = await searchMessages(db, serviceContext(request), parsed.data.query);
    return sendPage(reply, <SearchPage ctx={ctx} query={parsed.data.query} hits={hits} />);
  });
}

function registerThreadPages(app: FastifyInstance): void {
  const { db } = app.deps;
  const renderThread = async (request: FastifyRequest, reply: FastifyReply, id: string, form?: PostFormState, status = 200) => {
    const thread = await readThread(db, serviceContext(request), id);
    return sendPage(reply, <ThreadPage ctx={pageContext(request, reply)} thread={thread} form={form} />, status);
  };
  const failed = (request: FastifyRequest, reply: FastifyReply) => (failure: PostFormState) => ({
    ...failure,
    errors: localise(request, reply, failure.errors),
  });

  app.get('/staff/messages/:id', { config: staff, schema: { ...page, params: idParams } }, async (request, reply) =>
    renderThread(request, reply, (request.params as { id: string }).id),
  );
  app.post('/staff/messages/:id/messages', { config: staff, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return handleForm(
      request,
      reply,
      postForm,
      async (data) => {
        const message = await postMessage(db, serviceContext(request), id, data);
        return `/staff/messages/${id}#m-${message.id}`;
      },
      (failure) => renderThread(request, reply, id, failed(request, reply)(failure), failure.status),
    );
  });
  app.post('/staff/messages/:id/read', { config: staff, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    await markThreadRead(db, serviceContext(request), id);
    // The page's script marks read in the background: no page to send back.
    if (request.headers['x-carewell-background'] === '1') return reply.code(204).send();
    return reply.redirect(`/staff/messages/${id}`, 303);
  });
  // New messages as HTML for the live page (after the last one it shows); audited like the thread.
  app.get(
    '/staff/messages/:id/live',
    { config: staff, schema: { ...page, params: idParams, querystring: liveQuery } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { after } = request.query as z.infer<typeof liveQuery>;
      const messages = await readMessagesAfter(db, serviceContext(request), id, after);
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(renderFragment(<MessageItems ctx={pageContext(request, reply)} messages={messages} />));
    },
  );
  registerCareTeamPages(app);
}

/** The chart's "Team messages": the care team's thread, or (none yet) the page that makes it with its first message. */
function registerCareTeamPages(app: FastifyInstance): void {
  const { db } = app.deps;
  const renderStart = (request: FastifyRequest, reply: FastifyReply, patient: PatientLabel, form?: PostFormState, status = 200) =>
    sendPage(reply, <CareTeamStartPage ctx={pageContext(request, reply)} patient={patient} form={form} />, status);
  app.get('/staff/patients/:id/messages', { config: staff, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const { patient, threadId } = await findCareTeamThread(db, serviceContext(request), id);
    if (threadId) return reply.redirect(`/staff/messages/${threadId}`, 303);
    return renderStart(request, reply, patient);
  });
  app.post('/staff/patients/:id/messages', { config: staff, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return handleForm(
      request,
      reply,
      postForm,
      async (data) => {
        const message = await postToCareTeam(db, serviceContext(request), id, data);
        return `/staff/messages/${message.threadId}#m-${message.id}`;
      },
      async (failure) => {
        const { patient } = await findCareTeamThread(db, serviceContext(request), id);
        return renderStart(request, reply, patient, { ...failure, errors: localise(request, reply, failure.errors) }, failure.status);
      },
    );
  });
}
