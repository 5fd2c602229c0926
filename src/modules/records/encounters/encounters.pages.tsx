import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { notFound } from '../../../platform/errors.js';
import { serviceContext } from '../../../platform/http/context.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { handleForm, type FormFailure } from '../../../platform/http/page-forms.js';
import { createEncounterBodySchema, shareSummaryBodySchema } from './encounters.schemas.js';
import { finishEncounter, openEncounter } from './services/encounters.service.js';
import { readEncounterPage } from './services/encounter-page.service.js';
import { listSharedSummariesForPatient, shareSummary } from './services/encounters-summary.service.js';
import { appointmentRow, listTodayForClinician } from './services/encounters-today.service.js';
import { EncounterPage } from './views/encounter-page.js';
import { EncounterSummariesPage } from './views/encounter-summaries-page.js';
import { EncounterNewPage, EncounterTodayPage } from './views/encounter-today-page.js';

const page = { hide: true } as const;
const idParams = z.object({ id: z.uuid() });
const DONE = ['opened', 'finished', 'shared', 'note_started', 'note_saved', 'note_signed', 'note_amended'] as const;
const encounterQuery = z.object({ done: z.enum(DONE).optional() });
const newQuery = z.object({ appointmentId: z.uuid() });
const openFormSchema = createEncounterBodySchema.extend({ patientId: z.uuid() });
const noFields = z.object({});

export type EncounterFailure = FormFailure & { form: string };

/** Renders `/staff/encounters/{id}`, optionally with one form's failure beside it. */
export async function renderEncounterPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  encounterId: string,
  failure?: EncounterFailure,
) {
  const { db } = app.deps;
  const ctx = serviceContext(request);
  // One access decision and one audit row for the page: the encounter, its patient and its notes.
  const { encounter, patient: label, notes } = await readEncounterPage(db, ctx, encounterId);
  const query = encounterQuery.safeParse(request.query);
  return sendPage(
    reply,
    <EncounterPage
      ctx={pageContext(request, reply)}
      encounter={encounter}
      notes={notes}
      patientLabel={label ? `${label.name} (${label.mrn})` : ''}
      done={failure ? undefined : query.success ? query.data.done : undefined}
      failure={failure ? { form: failure.form, errors: failure.errors, values: failure.values, message: failure.message } : undefined}
    />,
    failure?.status ?? 200,
  );
}

/** Clinician pages: today's list, opening an encounter, the encounter with its notes; the patient's summaries. */
export function registerEncounterPages(app: FastifyInstance): void {
  const { db } = app.deps;
  const write = { permission: 'records.write' as const };
  const read = { permission: 'records.read' as const };

  app.get('/staff/today', { config: write, schema: page }, async (request, reply) => {
    const ctx = serviceContext(request);
    const rows = await listTodayForClinician(db, ctx, ctx.actor.timeZone ?? 'UTC');
    return sendPage(reply, <EncounterTodayPage ctx={pageContext(request, reply)} rows={rows} />);
  });

  app.get('/staff/encounters/new', { config: write, schema: { ...page, querystring: newQuery } }, async (request, reply) => {
    const { appointmentId } = request.query as z.infer<typeof newQuery>;
    const row = await appointmentRow(db, serviceContext(request), appointmentId);
    if (row.encounterId) return reply.redirect(`/staff/encounters/${row.encounterId}`, 303);
    return sendPage(reply, <EncounterNewPage ctx={pageContext(request, reply)} row={row} errors={[]} />);
  });

  app.post('/staff/encounters', { config: write, schema: page }, async (request, reply) =>
    handleForm(
      request,
      reply,
      openFormSchema,
      async ({ patientId, ...input }) =>
        `/staff/encounters/${(await openEncounter(db, serviceContext(request), patientId, input)).id}?done=opened`,
      async (failure) => {
        const appointmentId = typeof failure.values.appointmentId === 'string' ? failure.values.appointmentId : '';
        if (!z.uuid().safeParse(appointmentId).success) throw notFound('The appointment');
        const row = await appointmentRow(db, serviceContext(request), appointmentId);
        return sendPage(
          reply,
          <EncounterNewPage
            ctx={pageContext(request, reply)}
            row={row}
            errors={failure.errors}
            message={failure.message}
            type={failure.values.type as string | undefined}
          />,
          failure.status,
        );
      },
    ),
  );

  app.get(
    '/staff/encounters/:id',
    { config: read, schema: { ...page, params: idParams, querystring: encounterQuery } },
    async (request, reply) => renderEncounterPage(app, request, reply, (request.params as { id: string }).id),
  );

  const rerender = (request: FastifyRequest, reply: FastifyReply, form: string) => (failure: FormFailure) =>
    renderEncounterPage(app, request, reply, (request.params as { id: string }).id, { ...failure, form });

  app.post('/staff/encounters/:id/finish', { config: write, schema: { ...page, params: idParams } }, async (request, reply) =>
    handleForm(
      request,
      reply,
      noFields,
      async () => {
        const id = (request.params as { id: string }).id;
        await finishEncounter(db, serviceContext(request), id);
        return `/staff/encounters/${id}?done=finished`;
      },
      rerender(request, reply, 'finish'),
    ),
  );

  app.post('/staff/encounters/:id/summary', { config: write, schema: { ...page, params: idParams } }, async (request, reply) =>
    handleForm(
      request,
      reply,
      shareSummaryBodySchema,
      async (data) => {
        const id = (request.params as { id: string }).id;
        await shareSummary(db, serviceContext(request), id, data);
        return `/staff/encounters/${id}?done=shared#summary`;
      },
      rerender(request, reply, 'summary'),
    ),
  );

  app.get('/portal/summaries', { config: read, schema: page }, async (request, reply) => {
    const ctx: ServiceContext = serviceContext(request);
    if (ctx.actor.role !== 'patient' || !ctx.actor.patientId) throw notFound('Your patient record');
    const summaries = await listSharedSummariesForPatient(db, ctx, ctx.actor.patientId);
    return sendPage(reply, <EncounterSummariesPage ctx={pageContext(request, reply)} summaries={summaries} />);
  });
}
