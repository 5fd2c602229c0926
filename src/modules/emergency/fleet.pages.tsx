import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FieldError } from '../../platform/errors.js';
import type { Translate } from '../../platform/i18n/i18n.js';
import { serviceContext } from '../../platform/http/context.js';
import { handleForm, type FormFailure } from '../../platform/http/page-forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { ADMIN_UNIT_STATUSES, CALL_SIGN_PATTERN } from './fleet.schemas.js';
import { addCrewMember, addUnit, changeUnit, getFleetUnitPage, listFleet, removeCrewMember } from './services/fleet-admin.service.js';
import { FleetListPage, NewUnitPage, UnitPage, type FleetFormState } from './views/fleet-pages.js';

const page = { hide: true } as const;
const idParams = z.object({ id: z.uuid() });
const crewParams = z.object({ id: z.uuid(), staffId: z.uuid() });

/** The unit form: the same rules as the API's body, with the numbers as the browser sends them. */
const unitForm = z
  .object({
    callSign: z.string().trim().min(1).max(20).regex(CALL_SIGN_PATTERN),
    latitude: z.coerce.number().min(-90).max(90).optional(),
    longitude: z.coerce.number().min(-180).max(180).optional(),
    status: z.enum(ADMIN_UNIT_STATUSES).optional(),
  })
  .refine((f) => (f.latitude === undefined) === (f.longitude === undefined), { path: ['longitude'] });
const crewForm = z.object({ staffId: z.uuid() });

/** Field errors in the reader's language (the validator's and the service's are English). */
function localise(t: Translate, failure: FormFailure): FieldError[] {
  return failure.errors.map((e) => {
    if (e.path === 'callSign')
      return { path: e.path, message: t(failure.code === 'call_sign_taken' ? 'fleet.err_call_sign_taken' : 'fleet.err_call_sign') };
    if (e.path === 'latitude' || e.path === 'longitude') return { path: e.path, message: t('fleet.err_position') };
    if (e.path === 'staffId') return { path: e.path, message: t('fleet.err_crew_pick') };
    return e;
  });
}

const stateOf = (t: Translate, failure: FormFailure | undefined, form: FleetFormState['form']): FleetFormState | undefined =>
  failure && { errors: localise(t, failure), values: failure.values, message: failure.message, form };

async function renderUnit(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  failure?: FormFailure,
  form?: FleetFormState['form'],
) {
  const { db } = app.deps;
  const { id } = request.params as { id: string };
  const pc = pageContext(request, reply);
  const { unit, candidates } = await getFleetUnitPage(db, id);
  const saved = (request.query as { saved?: string }).saved === '1';
  return sendPage(
    reply,
    <UnitPage
      ctx={pc}
      unit={unit}
      candidates={candidates}
      state={stateOf(pc.t, failure, form)}
      notice={saved ? pc.t('fleet.saved') : undefined}
    />,
    failure?.status ?? 200,
  );
}

/** The administrator's ambulance units and crews (docs/emergency.md): list, new unit, one unit. */
export function registerFleetPages(app: FastifyInstance): void {
  const { db } = app.deps;
  const manage = { permission: 'ed.manage' } as const;

  app.get('/admin/emergency/units', { config: manage, schema: page }, async (request, reply) =>
    sendPage(reply, <FleetListPage ctx={pageContext(request, reply)} units={await listFleet(db)} />),
  );
  const renderNew = async (request: FastifyRequest, reply: FastifyReply, failure?: FormFailure) => {
    const pc = pageContext(request, reply);
    return sendPage(reply, <NewUnitPage ctx={pc} state={stateOf(pc.t, failure, 'details')} />, failure?.status ?? 200);
  };
  app.get('/admin/emergency/units/new', { config: manage, schema: page }, async (request, reply) => renderNew(request, reply));
  app.post('/admin/emergency/units', { config: manage, schema: page }, async (request, reply) =>
    handleForm(
      request,
      reply,
      unitForm,
      async (data) => {
        const unit = await addUnit(db, serviceContext(request), {
          callSign: data.callSign,
          latitude: data.latitude,
          longitude: data.longitude,
        });
        return `/admin/emergency/units/${unit.id}?saved=1`;
      },
      (f) => renderNew(request, reply, f),
    ),
  );
  app.get('/admin/emergency/units/:id', { config: manage, schema: { ...page, params: idParams } }, async (request, reply) =>
    renderUnit(app, request, reply),
  );
  app.post('/admin/emergency/units/:id', { config: manage, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return handleForm(
      request,
      reply,
      unitForm,
      async (data) => {
        await changeUnit(db, serviceContext(request), id, {
          callSign: data.callSign,
          latitude: data.latitude ?? null,
          longitude: data.longitude ?? null,
          status: data.status,
        });
        return `/admin/emergency/units/${id}?saved=1`;
      },
      (f) => renderUnit(app, request, reply, f, 'details'),
    );
  });
  app.post('/admin/emergency/units/:id/crew', { config: manage, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return handleForm(
      request,
      reply,
      crewForm,
      async (data) => (await addCrewMember(db, serviceContext(request), id, data.staffId), `/admin/emergency/units/${id}?saved=1`),
      (f) => renderUnit(app, request, reply, f, 'crew'),
    );
  });
  app.post(
    '/admin/emergency/units/:id/crew/:staffId/remove',
    { config: manage, schema: { ...page, params: crewParams } },
    async (request, reply) => {
      const { id, staffId } = request.params as { id: string; staffId: string };
      return handleForm(
        request,
        reply,
        z.object({}),
        async () => (await removeCrewMember(db, serviceContext(request), id, staffId), `/admin/emergency/units/${id}?saved=1`),
        (f) => renderUnit(app, request, reply, f, 'crew'),
      );
    },
  );
}
