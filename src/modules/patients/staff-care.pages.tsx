import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, type FieldError } from '../../platform/errors.js';
import { serviceContext } from '../../platform/http/context.js';
import { parseForm } from '../../platform/http/forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { addCareTeamBodySchema, breakGlassBodySchema, closeReviewTaskBodySchema } from './access.schemas.js';
import { handleForm, type FormFailure } from '../../platform/http/page-forms.js';
import { breakTheGlass } from './services/break-glass.service.js';
import {
  addToCareTeam,
  canManageCareTeam,
  listAssignableStaffChoices,
  readCareTeamPage,
  removeFromCareTeam,
} from './services/care-team.service.js';
import { closePrivacyReviewTask, listPrivacyReviewTasks } from './services/privacy-review.service.js';
import { BreakGlassPage } from './views/break-glass.js';
import { CareTeamPage } from './views/care-team.js';
import { PrivacyReviewsPage } from './views/privacy-reviews.js';

const idParams = z.object({ id: z.uuid() });

/** Staff: care team management, break-the-glass, and the privacy officer's review queue. */
export function registerStaffCarePages(app: FastifyInstance): void {
  registerCareTeamPages(app);
  registerBreakGlassPages(app);
  registerPrivacyReviewPages(app);
}

/** The care team page: see, add and remove members. */
function registerCareTeamPages(app: FastifyInstance): void {
  const { db } = app.deps;

  async function renderCareTeam(request: FastifyRequest, reply: FastifyReply, failure?: FormFailure) {
    const ctx = serviceContext(request);
    const { id } = request.params as { id: string };
    // One access decision and one audit row for the whole page (the team, the banner, the allergies).
    const { members, patient, allergies } = await readCareTeamPage(db, ctx, id);
    const manage = canManageCareTeam(ctx.actor);
    const staff = manage ? await listAssignableStaffChoices(db) : [];
    return sendPage(
      reply,
      <CareTeamPage
        ctx={pageContext(request, reply)}
        now={ctx.now}
        patient={patient}
        allergies={allergies}
        members={members}
        canManage={manage}
        staff={staff}
        errors={failure?.errors ?? []}
        message={failure?.message}
      />,
      failure?.status ?? 200,
    );
  }

  app.get(
    '/staff/patients/:id/care-team',
    { config: { permission: 'care-team.read' }, schema: { hide: true, params: idParams } },
    async (request, reply) => renderCareTeam(request, reply),
  );

  app.post(
    '/staff/patients/:id/care-team',
    { config: { permission: 'care-team.manage' }, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      return handleForm(
        request,
        reply,
        addCareTeamBodySchema,
        async (data) => (await addToCareTeam(db, serviceContext(request), id, data), `/staff/patients/${id}/care-team`),
        (f) => renderCareTeam(request, reply, f),
      );
    },
  );

  app.post(
    '/staff/patients/:id/care-team/:membershipId/remove',
    { config: { permission: 'care-team.manage' }, schema: { hide: true, params: z.object({ id: z.uuid(), membershipId: z.uuid() }) } },
    async (request, reply) => {
      const { id, membershipId } = request.params as { id: string; membershipId: string };
      return handleForm(
        request,
        reply,
        z.object({}),
        async () => (await removeFromCareTeam(db, serviceContext(request), id, membershipId), `/staff/patients/${id}/care-team`),
        (f) => renderCareTeam(request, reply, f),
      );
    },
  );
}

/** Break-glass: a clinician outside the care team states a reason to open the record. */
function registerBreakGlassPages(app: FastifyInstance): void {
  const { db } = app.deps;

  const breakGlassPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { errors: FieldError[]; values: Record<string, unknown>; message?: string },
    status = 200,
  ) =>
    sendPage(
      reply,
      <BreakGlassPage ctx={pageContext(request, reply)} patientId={(request.params as { id: string }).id} {...state} />,
      status,
    );

  app.get(
    '/staff/patients/:id/break-glass',
    { config: { permission: 'break-glass' }, schema: { hide: true, params: idParams } },
    async (request, reply) => breakGlassPage(request, reply, { errors: [], values: {} }),
  );

  app.post(
    '/staff/patients/:id/break-glass',
    { config: { permission: 'break-glass' }, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const parsed = parseForm(breakGlassBodySchema, request.body);
      const values = { reason: (request.body as Record<string, unknown>)?.reason };
      if (!parsed.ok) return breakGlassPage(request, reply, { errors: parsed.errors, values }, 400);
      try {
        await breakTheGlass(db, serviceContext(request), id, parsed.data, app.deps.config.publicUrl);
      } catch (error) {
        if (error instanceof AppError && (error.code === 'invalid_credentials' || error.code === 'conflict')) {
          return breakGlassPage(
            request,
            reply,
            {
              errors: error.code === 'invalid_credentials' ? [{ path: 'password', message: error.detail }] : [],
              values,
              message: error.detail,
            },
            error.status,
          );
        }
        throw error;
      }
      return reply.redirect(`/staff/patients/${id}`, 303);
    },
  );
}

/** The privacy officer's review of break-glass openings. */
function registerPrivacyReviewPages(app: FastifyInstance): void {
  const { db } = app.deps;

  const renderReviews = async (request: FastifyRequest, reply: FastifyReply, failure?: FormFailure) => {
    const { cursor } = request.query as { cursor?: string };
    const page = await listPrivacyReviewTasks(db, serviceContext(request), { status: 'open', limit: 20, ...(cursor ? { cursor } : {}) });
    const next = page.nextCursor ? `/staff/privacy-reviews?cursor=${encodeURIComponent(page.nextCursor)}` : null;
    return sendPage(
      reply,
      <PrivacyReviewsPage ctx={pageContext(request, reply)} tasks={page.items} nextHref={next} message={failure?.message} />,
      failure?.status ?? 200,
    );
  };

  app.get(
    '/staff/privacy-reviews',
    { config: { permission: 'privacy.review' }, schema: { hide: true, querystring: z.object({ cursor: z.string().max(200).optional() }) } },
    async (request, reply) => renderReviews(request, reply),
  );

  app.post(
    '/staff/privacy-reviews/:id/close',
    { config: { permission: 'privacy.review' }, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      return handleForm(
        request,
        reply,
        closeReviewTaskBodySchema,
        async (data) => (await closePrivacyReviewTask(db, serviceContext(request), id, data.note), '/staff/privacy-reviews'),
        (f) => renderReviews(request, reply, f),
      );
    },
  );
}
