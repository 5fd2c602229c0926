import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { roleHasPermission } from '../../platform/authz/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { notFound } from '../../platform/errors.js';
import { serviceContext } from '../../platform/http/context.js';
import { handleForm, type FormFailure } from '../../platform/http/page-forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { renderFragment, sendPage } from '../../platform/views/render.js';
import { ACVPU } from './news2.js';
import { recordVitalSet } from './services/record-vital-set.service.js';
import { updateVitalSettings } from './services/vital-settings.service.js';
import { departmentRound } from '../records/index.js';
import { ownPatientId } from './services/vitals-access.js';
import { getPatientVitals, listRound } from './services/vitals-queries.service.js';
import type { VitalSetInput } from './vitals.schemas.js';
import { RoundEntryPage, RoundPage } from './views/round-page.js';
import { readCriticalBoard } from './services/critical-board.service.js';
import { CriticalBoardPage, CriticalBoardTable } from './views/critical-board.js';
import { boardQuerySchema } from './vitals.schemas.js';
import { MyVitalsPage, ObservationChartPrint, PatientVitalsPage } from './views/vitals-pages.js';

const page = { hide: true } as const;
const idParams = z.object({ id: z.uuid() });
const num = z.coerce.number().finite().optional();
/** The entry form: blank fields are dropped before validation (normaliseForm), numbers come as text. */
const entryForm = z.object({
  respiratoryRate: num,
  spo2: num,
  onOxygen: z.enum(['air', 'oxygen']).optional(),
  oxygenFlow: num,
  systolicBp: num,
  diastolicBp: num,
  pulse: num,
  consciousness: z.enum(ACVPU).optional(),
  temperature: num,
  glucose: num,
  weight: num,
  height: num,
  pain: num,
  confirmImplausible: z.literal('true').optional(),
});
const homeForm = entryForm.omit({ respiratoryRate: true, onOxygen: true, oxygenFlow: true, consciousness: true });
const settingsForm = z.object({
  scale2: z.literal('true').optional(),
  spo2ScaleReason: z.string().max(500).optional(),
  pregnant: z.literal('true').optional(),
  pregnancyReason: z.string().max(500).optional(),
});

function toInput(form: z.output<typeof entryForm> | z.output<typeof homeForm>): VitalSetInput {
  const { confirmImplausible, ...rest } = form as z.output<typeof entryForm>;
  return {
    ...rest,
    onOxygen: rest.onOxygen === undefined ? undefined : rest.onOxygen === 'oxygen',
    confirmImplausible: confirmImplausible === 'true',
  };
}

async function renderChart(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  failure?: { entry?: FormFailure; settings?: FormFailure },
) {
  const ctx = serviceContext(request);
  const { id } = request.params as { id: string };
  const vitals = await getPatientVitals(db, ctx, id, 'vital_set.list', true);
  const q = request.query as { saved?: string };
  return sendPage(
    reply,
    <PatientVitalsPage
      ctx={pageContext(request, reply)}
      vitals={vitals}
      canEnter={roleHasPermission(ctx.actor.role, 'vitals.write')}
      canChangeSettings={roleHasPermission(ctx.actor.role, 'vitals.settings')}
      entryFailure={failure?.entry}
      settingsFailure={failure?.settings}
      notice={q.saved === '1' ? pageContext(request, reply).t('vitals.saved') : undefined}
    />,
    failure?.entry?.status ?? failure?.settings?.status ?? 200,
  );
}

async function renderMine(db: Db, request: FastifyRequest, reply: FastifyReply, failure?: FormFailure) {
  const ctx = serviceContext(request);
  const vitals = await getPatientVitals(db, ctx, ownPatientId(ctx), 'vital_set.list', true);
  const pc = pageContext(request, reply);
  const saved = (request.query as { saved?: string }).saved === '1';
  return sendPage(
    reply,
    <MyVitalsPage ctx={pc} vitals={vitals} failure={failure} notice={saved ? pc.t('vitals.portal_saved') : undefined} />,
    failure?.status ?? 200,
  );
}

async function renderRoundEntry(db: Db, request: FastifyRequest, reply: FastifyReply, failure?: FormFailure) {
  const { id } = request.params as { id: string };
  const round = await departmentRound(db, serviceContext(request));
  const patient = round.patients.find((p) => p.id === id);
  if (!patient) throw notFound('The patient');
  return sendPage(reply, <RoundEntryPage ctx={pageContext(request, reply)} patient={patient} failure={failure} />, failure?.status ?? 200);
}

/** The vitals pages: the round and its entry, the chart's vitals with trends and settings, the printable chart, the portal. */
export function registerVitalsPages(app: FastifyInstance): void {
  const { db } = app.deps;
  registerCriticalBoardPages(app);
  const read = { permission: 'vitals.read' } as const;
  const write = { permission: 'vitals.write' } as const;
  const own = { permission: 'vitals.own' } as const;

  app.get('/staff/vitals/round', { config: read, schema: page }, async (request, reply) => {
    const round = await listRound(db, serviceContext(request));
    const pc = pageContext(request, reply);
    const saved = (request.query as { saved?: string }).saved === '1';
    return sendPage(
      reply,
      <RoundPage ctx={pc} departmentId={round.departmentId} rows={round.rows} notice={saved ? pc.t('vitals.saved') : undefined} />,
    );
  });
  app.get('/staff/vitals/round/:id', { config: write, schema: { ...page, params: idParams } }, async (request, reply) =>
    renderRoundEntry(db, request, reply),
  );
  app.post('/staff/vitals/round/:id', { config: write, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const ctx = serviceContext(request);
    return handleForm(
      request,
      reply,
      entryForm,
      async (data) => {
        const saved = await recordVitalSet(db, ctx, id, toInput(data));
        // An urgent or emergency response stops the round at this patient: the chart's vitals page
        // shows the score and the response (the alert is already raised). Otherwise on to the next
        // patient of the round still overdue, else back to the round.
        if (saved.news2.response === 'urgent' || saved.news2.response === 'emergency') return `/staff/patients/${id}/vitals?saved=1`;
        const round = await listRound(db, ctx);
        const next = round.rows.find((r) => r.overdue && r.patient.id !== id);
        return next ? `/staff/vitals/round/${next.patient.id}` : '/staff/vitals/round?saved=1';
      },
      (f) => renderRoundEntry(db, request, reply, f),
    );
  });

  app.get('/staff/patients/:id/vitals', { config: read, schema: { ...page, params: idParams } }, async (request, reply) =>
    renderChart(db, request, reply),
  );
  app.post('/staff/patients/:id/vitals', { config: write, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return handleForm(
      request,
      reply,
      entryForm,
      async (data) => (await recordVitalSet(db, serviceContext(request), id, toInput(data)), `/staff/patients/${id}/vitals?saved=1`),
      (f) => renderChart(db, request, reply, { entry: f }),
    );
  });
  app.post(
    '/staff/patients/:id/vital-settings',
    { config: { permission: 'vitals.settings' }, schema: { ...page, params: idParams } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      return handleForm(
        request,
        reply,
        settingsForm,
        async (data, version) => {
          await updateVitalSettings(
            db,
            serviceContext(request),
            id,
            {
              spo2Scale: data.scale2 ? 2 : 1,
              spo2ScaleReason: data.scale2 ? data.spo2ScaleReason : undefined,
              pregnant: data.pregnant === 'true',
              pregnancyReason: data.pregnant ? data.pregnancyReason : undefined,
            },
            version,
          );
          return `/staff/patients/${id}/vitals`;
        },
        (f) => renderChart(db, request, reply, { settings: f }),
      );
    },
  );
  app.get('/staff/patients/:id/vitals/print', { config: read, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const vitals = await getPatientVitals(db, serviceContext(request), id, 'vital_set.print');
    return sendPage(reply, <ObservationChartPrint ctx={pageContext(request, reply)} vitals={vitals} />);
  });

  app.get('/portal/vitals', { config: own, schema: page }, async (request, reply) => renderMine(db, request, reply));
  app.post('/portal/vitals', { config: own, schema: page }, async (request, reply) => {
    const ctx = serviceContext(request);
    return handleForm(
      request,
      reply,
      homeForm,
      async (data) => (await recordVitalSet(db, ctx, ownPatientId(ctx), toInput(data)), '/portal/vitals?saved=1'),
      (f) => renderMine(db, request, reply, f),
    );
  });
}

/** The live board of critical patients, and its table alone for the live refresh. */
function registerCriticalBoardPages(app: FastifyInstance): void {
  const { db } = app.deps;
  const read = { permission: 'vitals.read' } as const;
  app.get('/staff/vitals/board', { config: read, schema: { ...page, querystring: boardQuerySchema } }, async (request, reply) => {
    const { department } = request.query as z.output<typeof boardQuerySchema>;
    const board = await readCriticalBoard(db, serviceContext(request), department);
    return sendPage(reply, <CriticalBoardPage ctx={pageContext(request, reply)} board={board} />);
  });
  // The table alone, swapped in by htmx when the event stream says a set was recorded or an alert changed.
  app.get('/staff/vitals/board/table', { config: read, schema: { ...page, querystring: boardQuerySchema } }, async (request, reply) => {
    const { department } = request.query as z.output<typeof boardQuerySchema>;
    const board = await readCriticalBoard(db, serviceContext(request), department);
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(renderFragment(<CriticalBoardTable ctx={pageContext(request, reply)} board={board} />));
  });
}
