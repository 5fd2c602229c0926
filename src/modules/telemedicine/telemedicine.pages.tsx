import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { serviceContext } from '../../platform/http/context.js';
import { handleForm } from '../../platform/http/page-forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { endVisit } from './services/end-visit.service.js';
import { resolveParticipant, type VisitSide } from './services/visit-access.js';
import { toVisitState } from './services/visit-events.js';
import { selectVideoVisit } from './telemedicine.repository.js';
import { DeviceCheckPage } from './views/device-check-page.js';
import { VideoVisitPage } from './views/video-visit-page.js';

const page = { hide: true } as const;
const join = { permission: 'telemedicine.join' } as const;
const idParams = z.object({ id: z.uuid() });
const noFields = z.object({});
const SIDES: { base: string; side: VisitSide }[] = [
  { base: '/portal', side: 'patient' },
  { base: '/staff', side: 'clinician' },
];

/**
 * The video visit's pages (docs/telemedicine.md): the call (waiting room, admission, the call,
 * chat) and the device check, one of each for the patient (/portal) and the clinician (/staff);
 * each answers only the appointment's participant of that side (anyone else 404).
 */
export function registerTelemedicinePages(app: FastifyInstance): void {
  const { db, config } = app.deps;
  const cfg = config.telemedicine;

  async function participantOf(request: FastifyRequest, side: VisitSide) {
    const ctx = serviceContext(request);
    const participant = await resolveParticipant(db, ctx, (request.params as { id: string }).id, 'video_visit.join', cfg.joinOpensMinutes);
    if (participant.side !== side) throw notFound('The video visit');
    return { ctx, participant };
  }

  async function renderCall(request: FastifyRequest, reply: FastifyReply, base: string, side: VisitSide, message?: string, status = 200) {
    const { ctx, participant } = await participantOf(request, side);
    const state = toVisitState(participant, await selectVideoVisit(db, participant.appointment.id), cfg.joinOpensMinutes, ctx.now);
    const view = pageContext(request, reply);
    return sendPage(
      reply,
      <VideoVisitPage
        ctx={view}
        state={state}
        startsAt={participant.appointment.startsAt}
        endsAt={participant.appointment.endsAt}
        joinOpensMinutes={cfg.joinOpensMinutes}
        now={ctx.now}
        base={base}
        message={message}
      />,
      status,
    );
  }

  for (const { base, side } of SIDES) {
    app.get(`${base}/appointments/:id/video`, { config: join, schema: { ...page, params: idParams } }, async (request, reply) =>
      renderCall(request, reply, base, side),
    );
    app.get(`${base}/appointments/:id/video/check`, { config: join, schema: { ...page, params: idParams } }, async (request, reply) => {
      const { participant } = await participantOf(request, side);
      return sendPage(
        reply,
        <DeviceCheckPage ctx={pageContext(request, reply)} videoHref={`${base}/appointments/${participant.appointment.id}/video`} />,
      );
    });
  }

  app.post('/staff/appointments/:id/video/end', { config: join, schema: { ...page, params: idParams } }, async (request, reply) =>
    handleForm(
      request,
      reply,
      noFields,
      async () => (await endVisit(app.deps, serviceContext(request), (request.params as { id: string }).id)).noteUrl,
      (failure) => renderCall(request, reply, '/staff', 'clinician', failure.message, failure.status),
    ),
  );
}
