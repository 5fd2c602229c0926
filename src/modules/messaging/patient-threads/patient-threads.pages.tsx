import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Permission } from '../../../platform/authz/permissions.js';
import type { FieldError } from '../../../platform/errors.js';
import { notFound } from '../../../platform/errors.js';
import { readUploadFields, takeUpload } from '../../../platform/files/index.js';
import { serviceContext } from '../../../platform/http/context.js';
import { localiseFieldErrors, type FieldMessages } from '../../../platform/http/forms.js';
import { handleForm, type FormFailure } from '../../../platform/http/page-forms.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { BODY_MAX, MESSAGE_KINDS, SUBJECT_MAX, ATTACHMENT_MAX_BYTES } from './patient-threads.vocabulary.js';
import { attachFile, readAttachment } from './services/attachments.service.js';
import { sendAttachment } from './services/attachment-reply.js';
import { messagingSettings, responseWorkingDaysFor } from './services/messaging-settings.js';
import { createThread, sendMessage } from './services/send-message.service.js';
import { openEncounterFromThread } from './services/thread-encounter.service.js';
import { listInbox, listMessageDepartments, listMyThreads, readThread } from './services/thread-queries.service.js';
import { ComposePage, type ComposePageProps } from './views/compose.js';
import { InboxPage, PortalMessagesPage } from './views/thread-list.js';
import { THREAD_NOTICES, ThreadPage, type ThreadPageProps } from './views/thread-page.js';

const page = { hide: true } as const;
const own: { permission: Permission } = { permission: 'messages.own' };
const inbox: { permission: Permission } = { permission: 'messages.inbox' };
const idParams = z.object({ id: z.uuid() });
const attachmentParams = z.object({ id: z.uuid(), messageId: z.uuid() });

/** The compose form: `to` is `care_team` or a department's id. */
const composeForm = z.object({
  to: z.union([z.literal('care_team'), z.uuid()]),
  subject: z.string().trim().min(1).max(SUBJECT_MAX),
  body: z.string().trim().min(1).max(BODY_MAX),
});
const replyForm = z.object({ body: z.string().trim().min(1).max(BODY_MAX), kind: z.enum(MESSAGE_KINDS).default('message') });

const FIELD_MESSAGES: FieldMessages = {
  to: ['messaging.field_to_invalid'],
  departmentId: ['messaging.field_to_invalid'],
  subject: ['messaging.field_subject_invalid', { max: SUBJECT_MAX }],
  body: ['messaging.field_body_invalid', { max: BODY_MAX }],
  kind: ['messaging.field_kind_invalid'],
  file: ['messaging.field_file_invalid'],
};

type Side = 'patient' | 'staff';
const threadBase = (side: Side, id: string) => (side === 'patient' ? `/portal/messages/${id}` : `/staff/patient-messages/${id}`);

/** Portal and staff pages over the same services as the API (docs/messaging.md). */
export function registerPatientThreadsPages(app: FastifyInstance): void {
  const renderers = pageRenderers(app);
  registerListPages(app, renderers);
  for (const side of ['patient', 'staff'] as const) registerThreadPages(app, side, renderers);
  registerStaffThreadPages(app, renderers);
}

type Renderers = ReturnType<typeof pageRenderers>;

/** The compose and thread pages, and re-rendering a thread beside a refused form. */
function pageRenderers(app: FastifyInstance) {
  const { db } = app.deps;
  async function renderCompose(request: FastifyRequest, reply: FastifyReply, form?: ComposePageProps['form'], status = 200) {
    const ctx = serviceContext(request);
    if (ctx.actor.role !== 'patient') throw notFound('Your patient record');
    const view = pageContext(request, reply);
    const departments = (await listMessageDepartments(db)).map((d) => ({
      id: d.id,
      name: d.name,
      responseDays: responseWorkingDaysFor(d.code),
    }));
    const settings = messagingSettings();
    const localised = form ? { ...form, errors: localiseFieldErrors(form.errors, FIELD_MESSAGES, view.t) } : undefined;
    return sendPage(
      reply,
      <ComposePage
        ctx={view}
        emergencyNumber={settings.emergencyNumber}
        careTeamDays={responseWorkingDaysFor(null)}
        departments={departments}
        form={localised}
      />,
      status,
    );
  }

  async function renderThread(
    request: FastifyRequest,
    reply: FastifyReply,
    side: Side,
    id: string,
    extra: Partial<ThreadPageProps> = {},
    status = 200,
  ) {
    const ctx = serviceContext(request);
    const { thread, access } = await readThread(db, ctx, id, { markRead: true });
    // The portal's pages are the patient's own; the inbox's pages are the team's (a wrong side is not found).
    if (access.side !== side) throw notFound('The conversation');
    const view = pageContext(request, reply);
    const done = (request.query as Record<string, unknown>).done;
    const props: ThreadPageProps = {
      ctx: view,
      thread,
      side,
      readOnly: access.basis === 'break_glass',
      notice: THREAD_NOTICES.find((n) => n === done),
      ...extra,
    };
    if (props.form) props.form = { ...props.form, errors: localiseFieldErrors(props.form.errors, FIELD_MESSAGES, view.t) };
    return sendPage(reply, <ThreadPage {...props} />, status);
  }

  const refusedThread = (request: FastifyRequest, reply: FastifyReply, side: Side, id: string) => (failure: FormFailure) =>
    renderThread(
      request,
      reply,
      side,
      id,
      { form: { errors: failure.errors, values: failure.values, message: failure.message } },
      failure.status,
    );

  return { renderCompose, renderThread, refusedThread };
}

function registerListPages(app: FastifyInstance, { renderCompose }: Renderers): void {
  const { db } = app.deps;
  app.get('/portal/messages', { config: own, schema: page }, async (request, reply) =>
    sendPage(reply, <PortalMessagesPage ctx={pageContext(request, reply)} threads={await listMyThreads(db, serviceContext(request))} />),
  );
  app.get('/portal/messages/new', { config: own, schema: page }, async (request, reply) => renderCompose(request, reply));
  app.post('/portal/messages', { config: own, schema: page }, async (request, reply) =>
    handleForm(
      request,
      reply,
      composeForm,
      async (data) => {
        const input =
          data.to === 'care_team'
            ? { recipient: 'care_team' as const, subject: data.subject, body: data.body }
            : { recipient: 'department' as const, departmentId: data.to, subject: data.subject, body: data.body };
        const { threadId } = await createThread(db, serviceContext(request), input);
        return `/portal/messages/${threadId}?done=sent`;
      },
      (failure) =>
        renderCompose(
          request,
          reply,
          { errors: renameDepartment(failure.errors), values: failure.values, message: failure.message },
          failure.status,
        ),
    ),
  );
  app.get('/staff/patient-messages', { config: inbox, schema: page }, async (request, reply) =>
    sendPage(reply, <InboxPage ctx={pageContext(request, reply)} threads={await listInbox(db, serviceContext(request))} />),
  );
}

/** A thread's page, reply and attach, on the patient's side (/portal) or the team's (/staff). */
function registerThreadPages(app: FastifyInstance, side: Side, { renderThread, refusedThread }: Renderers): void {
  const { db, files } = app.deps;
  const config = side === 'patient' ? own : inbox;
  const prefix = side === 'patient' ? '/portal/messages' : '/staff/patient-messages';
  app.get(`${prefix}/:id`, { config, schema: { ...page, params: idParams } }, async (request, reply) =>
    renderThread(request, reply, side, (request.params as { id: string }).id),
  );
  app.post(`${prefix}/:id/reply`, { config, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return handleForm(
      request,
      reply,
      replyForm,
      async (data) => {
        await sendMessage(db, serviceContext(request), id, { body: data.body, kind: side === 'patient' ? 'message' : data.kind });
        return `${threadBase(side, id)}?done=sent`;
      },
      refusedThread(request, reply, side, id),
    );
  });
  app.post(
    `${prefix}/:id/attachments`,
    { config, preValidation: readUploadFields({ maxBytes: ATTACHMENT_MAX_BYTES }), schema: { ...page, params: idParams } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      return handleForm(
        request,
        reply,
        z.object({}),
        async () => {
          await attachFile(db, files, serviceContext(request), id, takeUpload(request));
          return `${threadBase(side, id)}?done=attached`;
        },
        refusedThread(request, reply, side, id),
      );
    },
  );
}

/** The team's own: an encounter from a thread; and attachment downloads for either side. */
function registerStaffThreadPages(app: FastifyInstance, { refusedThread }: Renderers): void {
  const { db, files } = app.deps;
  app.post('/staff/patient-messages/:id/encounter', { config: inbox, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return handleForm(
      request,
      reply,
      z.object({}),
      async () => {
        const { encounterId } = await openEncounterFromThread(db, serviceContext(request), id);
        return `/staff/encounters/${encounterId}`;
      },
      refusedThread(request, reply, 'staff', id),
    );
  });

  app.get(
    '/messages/:id/attachments/:messageId',
    { config: { permission: 'messages.thread' }, schema: { ...page, params: attachmentParams } },
    async (request, reply) => {
      const { id, messageId } = request.params as { id: string; messageId: string };
      return sendAttachment(reply, await readAttachment(db, files, serviceContext(request), id, messageId));
    },
  );
}

/** The service names the department field `departmentId`; the form calls it `to`. */
function renameDepartment(errors: FieldError[]): FieldError[] {
  return errors.map((e) => (e.path === 'departmentId' ? { ...e, path: 'to' } : e));
}
