import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { notFound } from '../../../platform/errors.js';
import { serviceContext } from '../../../platform/http/context.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { handleForm, type FormFailure } from '../../../platform/http/page-forms.js';
import { listSpecialties, listStaffByIds, listStaffDirectory } from '../../staff/index.js';
import { appointmentHooksOf } from '../appointments/services/appointment-hooks.js';
import { listVisitTypes } from '../availability/services/availability.service.js';
import { acceptWaitlistOffer, declineWaitlistOffer } from './services/waitlist-answer.service.js';
import type { WaitlistSettings } from './services/waitlist-offers.service.js';
import { joinWaitlist, leaveWaitlist, listWaitlist } from './services/waitlist.service.js';
import { joinWaitlistBodySchema } from './waitlist.schemas.js';
import { WaitlistPage } from './views/waitlist-page.js';

const page = { hide: true } as const;
const entryParams = z.object({ id: z.uuid() });
const DONE = ['joined', 'accepted', 'declined', 'left'] as const;
/** The booking page links here with the choices already made (`?specialtyId=&visitTypeId=&staffId=`). */
const pageQuery = z.object({
  done: z.enum(DONE).optional(),
  specialtyId: z.uuid().optional(),
  visitTypeId: z.uuid().optional(),
  staffId: z.uuid().optional(),
});
const noFields = z.object({});

/** `/portal/waitlist`: the patient's entries, offers to accept or decline, and the join form. */
export function registerWaitlistPages(app: FastifyInstance, settings: WaitlistSettings): void {
  const { db, logger } = app.deps;

  /** The signed-in patient; staff use the API or the front desk's pages (404 here). */
  const own = (request: FastifyRequest): ServiceContext => {
    const ctx = serviceContext(request);
    if (ctx.actor.role !== 'patient' || !ctx.actor.patientId) throw notFound('Your patient record');
    return ctx;
  };

  async function render(request: FastifyRequest, reply: FastifyReply, failure?: FormFailure) {
    const ctx = own(request);
    const query = pageQuery.safeParse(request.query);
    const prefill = query.success ? query.data : {};
    const { items } = await listWaitlist(db, ctx, { limit: 50 });
    const [specialties, visitTypes, directory] = await Promise.all([
      listSpecialties(db),
      listVisitTypes(db),
      listStaffDirectory(db, { limit: 100 }),
    ]);
    const clinicians = directory.items.filter((s) => s.role !== 'patient' && s.specialties.length > 0);
    const mentioned = [...new Set(items.flatMap((e) => [e.staffId, e.offer?.staffId]).filter((id): id is string => Boolean(id)))];
    const staffNames = new Map((await listStaffByIds(db, mentioned)).map((s) => [s.id, s.title ? `${s.title} ${s.name}` : s.name]));
    return sendPage(
      reply,
      <WaitlistPage
        ctx={pageContext(request, reply)}
        entries={items}
        specialties={specialties.map((s) => ({ id: s.id, name: s.name }))}
        visitTypes={visitTypes}
        clinicians={clinicians.map((c) => ({ id: c.id, name: c.title ? `${c.title} ${c.name}` : c.name }))}
        staffNames={staffNames}
        done={failure ? undefined : prefill.done}
        errors={failure?.errors ?? []}
        values={failure?.values ?? prefill}
        message={failure?.message}
      />,
      failure?.status ?? 200,
    );
  }

  const rerender = (request: FastifyRequest, reply: FastifyReply) => (failure: FormFailure) => render(request, reply, failure);
  const read = { permission: 'appointments.read' as const };
  const write = { permission: 'appointments.book' as const };

  app.get('/portal/waitlist', { config: read, schema: { ...page, querystring: pageQuery } }, async (request, reply) =>
    render(request, reply),
  );

  app.post('/portal/waitlist', { config: write, schema: page }, async (request, reply) =>
    handleForm(
      request,
      reply,
      joinWaitlistBodySchema,
      async (data) => {
        await joinWaitlist(db, own(request), { ...data, patientId: undefined });
        return '/portal/waitlist?done=joined';
      },
      rerender(request, reply),
    ),
  );

  app.post('/portal/waitlist/:id/accept', { config: write, schema: { ...page, params: entryParams } }, async (request, reply) =>
    handleForm(
      request,
      reply,
      noFields,
      async () => {
        await acceptWaitlistOffer(db, own(request), (request.params as { id: string }).id, {
          logger: request.log,
          hooks: appointmentHooksOf(app.deps),
        });
        return '/portal/waitlist?done=accepted';
      },
      rerender(request, reply),
    ),
  );

  app.post('/portal/waitlist/:id/decline', { config: write, schema: { ...page, params: entryParams } }, async (request, reply) =>
    handleForm(
      request,
      reply,
      noFields,
      async () => {
        await declineWaitlistOffer(db, own(request), (request.params as { id: string }).id, settings, logger);
        return '/portal/waitlist?done=declined';
      },
      rerender(request, reply),
    ),
  );

  app.post('/portal/waitlist/:id/leave', { config: write, schema: { ...page, params: entryParams } }, async (request, reply) =>
    handleForm(
      request,
      reply,
      noFields,
      async () => {
        await leaveWaitlist(db, own(request), (request.params as { id: string }).id, settings, logger);
        return '/portal/waitlist?done=left';
      },
      rerender(request, reply),
    ),
  );
}
