import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.js';
import { validationFailed } from '../../platform/errors.js';
import { translator } from '../../platform/i18n/i18n.js';
import { serviceContext } from '../../platform/http/context.js';
import { handleForm, type FormFailure } from '../../platform/http/page-forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { renderFragment, sendPage } from '../../platform/views/render.js';
import { findPatients } from '../patients/index.js';
import { ARRIVAL_MODES, ARRIVAL_OUTCOMES, UNIDENTIFIED_SEXES } from './ed.vocabulary.js';
import { closeArrival, getArrival, identifyArrivalPatient, markSeen, registerArrival, triageArrival } from './services/arrivals.service.js';
import { edDepartmentOf } from './services/ed-access.js';
import { edBoard } from './services/ed-board.service.js';
import { changeTriageLevel, triageScale } from './services/triage-scale.service.js';
import { ArrivalPage, NewArrivalPage } from './views/arrival-pages.js';
import { EdBoardContent, EdBoardPage } from './views/ed-board.js';
import { TriageScalePage } from './views/triage-scale-page.js';

const page = { hide: true } as const;
const idParams = z.object({ id: z.uuid() });
const levelParams = z.object({ level: z.coerce.number().int().min(1).max(5) });
const level = z.coerce.number().int().min(1).max(5);
const arrivalForm = z.object({
  incidentId: z.uuid().optional(),
  mrn: z.string().trim().max(40).optional(),
  // An unidentified person (docs/emergency.md): the box ticked, the sex if known, an approximate age.
  unidentified: z.literal('true').optional(),
  sex: z.enum(UNIDENTIFIED_SEXES).optional(),
  approximateAge: z.coerce.number().int().min(0).max(120).optional(),
  mode: z.enum(ARRIVAL_MODES),
  chiefComplaint: z.string().trim().min(1).max(500),
  level: level.optional(),
});
const identifyForm = z.object({
  givenName: z.string().trim().min(1).max(100),
  familyName: z.string().trim().min(1).max(100),
  birthDate: z.iso.date(),
  sex: z.enum(['female', 'male', 'other', 'unknown']),
});
const triageForm = z.object({ level, note: z.string().trim().max(500).optional() });
const closeForm = z.object({ outcome: z.enum(ARRIVAL_OUTCOMES) });
const scaleForm = z.object({ label: z.string().trim().min(1).max(80), targetMinutes: z.coerce.number().int().min(0).max(1440) });

/** The MRN typed on the form, as the patient's id (exact match only); a field error otherwise. */
async function patientByMrn(db: Db, request: FastifyRequest, mrn: string | undefined): Promise<string | undefined> {
  if (!mrn) return undefined;
  const { items } = await findPatients(db, serviceContext(request), { query: mrn, limit: 5 });
  const match = items.find((p) => p.mrn === mrn);
  if (!match) throw validationFailed([{ path: 'mrn', message: translator(request.locale)('ed.unknown_mrn') }]);
  return match.id;
}

async function renderNewArrival(db: Db, request: FastifyRequest, reply: FastifyReply, failure?: FormFailure) {
  const board = await edBoard(db, serviceContext(request));
  const incident = (request.query as { incident?: string }).incident;
  const values = failure?.values ?? (incident ? { incidentId: incident, mode: 'ambulance' } : {});
  return sendPage(
    reply,
    <NewArrivalPage
      ctx={pageContext(request, reply)}
      scale={board.scale}
      incoming={board.incoming}
      values={values}
      errors={failure?.errors ?? []}
      problem={failure?.message}
    />,
    failure?.status ?? 200,
  );
}

async function renderArrival(db: Db, request: FastifyRequest, reply: FastifyReply, failure?: FormFailure) {
  const ctx = serviceContext(request);
  const { id } = request.params as { id: string };
  const [arrival, scale] = [await getArrival(db, ctx, id), await triageScale(db)];
  const pc = pageContext(request, reply);
  const saved = (request.query as { saved?: string }).saved === '1';
  return sendPage(
    reply,
    <ArrivalPage
      ctx={pc}
      arrival={arrival}
      scale={scale}
      errors={failure?.errors}
      problem={failure?.message}
      notice={saved ? pc.t('ed.saved') : undefined}
    />,
    failure?.status ?? 200,
  );
}

/** The emergency department's pages: the board, arrivals and their triage; the administrator's triage scale. */
export function registerEdPages(app: FastifyInstance): void {
  const { db } = app.deps;
  const work = { permission: 'ed.work' } as const;

  // Doctors and nurses of other departments see a short explanation, not an error: the link is in every clinician's menu.
  app.get('/staff/ed', { config: work, schema: page }, async (request, reply) => {
    const ctx = serviceContext(request);
    const department = await edDepartmentOf(db, ctx);
    const board = department ? await edBoard(db, ctx) : null;
    return sendPage(reply, <EdBoardPage ctx={pageContext(request, reply)} board={board} department={department ?? null} />);
  });
  app.get('/staff/ed/board', { config: work, schema: page }, async (request, reply) => {
    const board = await edBoard(db, serviceContext(request));
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(renderFragment(<EdBoardContent ctx={pageContext(request, reply)} board={board} />));
  });
  app.get('/staff/ed/arrivals/new', { config: work, schema: page }, async (request, reply) => renderNewArrival(db, request, reply));
  app.post('/staff/ed/arrivals', { config: work, schema: page }, async (request, reply) =>
    handleForm(
      request,
      reply,
      arrivalForm,
      async (data) => {
        const t = translator(request.locale);
        const unidentified = data.unidentified && !data.incidentId;
        if (unidentified && data.approximateAge === undefined)
          throw validationFailed([{ path: 'approximateAge', message: t('ed.approximate_age_required') }]);
        const patientId = data.incidentId || unidentified ? undefined : await patientByMrn(db, request, data.mrn);
        if (!patientId && !data.incidentId && !unidentified) throw validationFailed([{ path: 'mrn', message: t('ed.mrn_or_incident') }]);
        const arrival = await registerArrival(db, serviceContext(request), {
          patientId,
          incidentId: data.incidentId,
          unidentified: unidentified ? { sex: data.sex ?? 'unknown', approximateAge: data.approximateAge! } : undefined,
          mode: data.incidentId ? 'ambulance' : data.mode,
          chiefComplaint: data.chiefComplaint,
          level: data.level,
        });
        return `/staff/ed/arrivals/${arrival.id}?saved=1`;
      },
      (f) => renderNewArrival(db, request, reply, f),
    ),
  );
  app.get('/staff/ed/arrivals/:id', { config: work, schema: { ...page, params: idParams } }, async (request, reply) =>
    renderArrival(db, request, reply),
  );
  const arrivalAction = <S extends z.ZodType>(
    path: string,
    schema: S,
    act: (ctx: ReturnType<typeof serviceContext>, id: string, data: z.output<S>) => Promise<unknown>,
  ) =>
    app.post(`/staff/ed/arrivals/:id/${path}`, { config: work, schema: { ...page, params: idParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      return handleForm(
        request,
        reply,
        schema,
        async (data) => (await act(serviceContext(request), id, data), `/staff/ed/arrivals/${id}?saved=1`),
        (f) => renderArrival(db, request, reply, f),
      );
    });
  arrivalAction('triage', triageForm, (ctx, id, data) => triageArrival(db, ctx, id, data));
  arrivalAction('seen', z.object({}), (ctx, id) => markSeen(db, ctx, id));
  arrivalAction('close', closeForm, (ctx, id, data) => closeArrival(db, ctx, id, data.outcome));
  arrivalAction('identify', identifyForm, (ctx, id, data) => identifyArrivalPatient(db, ctx, id, data));
  registerScalePages(app);
}

function registerScalePages(app: FastifyInstance): void {
  const { db } = app.deps;
  const manage = { permission: 'ed.manage' } as const;
  const render = async (request: FastifyRequest, reply: FastifyReply, failure?: FormFailure & { level: number }) => {
    const pc = pageContext(request, reply);
    const saved = (request.query as { saved?: string }).saved === '1';
    return sendPage(
      reply,
      <TriageScalePage ctx={pc} scale={await triageScale(db)} failure={failure} notice={saved ? pc.t('ed.saved') : undefined} />,
      failure?.status ?? 200,
    );
  };
  app.get('/admin/ed/triage-scale', { config: manage, schema: page }, async (request, reply) => render(request, reply));
  app.post('/admin/ed/triage-scale/:level', { config: manage, schema: { ...page, params: levelParams } }, async (request, reply) => {
    const { level } = request.params as { level: number };
    return handleForm(
      request,
      reply,
      scaleForm,
      async (data, version) => (
        await changeTriageLevel(db, serviceContext(request), level, data, version),
        '/admin/ed/triage-scale?saved=1'
      ),
      (f) => render(request, reply, { ...f, level }),
    );
  });
}
