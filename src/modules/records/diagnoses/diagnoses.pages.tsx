import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { serviceContext } from '../../../platform/http/context.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { renderFragment, sendPage } from '../../../platform/views/render.js';
import { handleForm, type FormFailure } from '../../../platform/http/page-forms.js';
import { codeInputSchema } from './diagnoses.schemas.js';
import { timelineQuerySchema } from '../history/history.schemas.js';
import { addDiagnosis, listDiagnosesOfEncounter, removeDiagnosis, diagnosesOfEncounterWithPatient } from './services/diagnoses.service.js';
import { timelineWithPatient } from '../history/services/history.service.js';
import { searchIcd10 } from './services/icd10.service.js';
import { DiagnosisEncounterPage, Icd10Results, suggestedRank } from './views/diagnosis-encounter.js';
import { TimelinePage } from './views/diagnosis-timeline.js';

const page = { hide: true } as const;
const encounterParams = z.object({ id: z.uuid() });
const removeParams = z.object({ id: z.uuid(), diagnosisId: z.uuid() });
const searchQuery = z.object({ q: z.string().max(100).default(''), done: z.enum(['added', 'removed']).optional() });
const addForm = z.object({
  code: codeInputSchema,
  rank: z.enum(['primary', 'secondary']).optional(),
  chronic: z
    .enum(['true'])
    .optional()
    .transform((v) => v === 'true'),
  q: z.string().max(100).optional(),
});
const SEARCH_LIMIT = 15;

const labelText = (label: { name: string; mrn: string }) => `${label.name} (${label.mrn})`;

/** `/staff/encounters/{id}/diagnoses`: the encounter's diagnoses and the ICD-10-CM search beside them. */
async function renderDiagnosisPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  encounterId: string,
  query: string,
  failure?: FormFailure,
  done?: 'added' | 'removed',
) {
  const { db } = app.deps;
  // The encounter's patient comes with the diagnoses: one access decision, one audit row.
  const { diagnoses, patient } = await diagnosesOfEncounterWithPatient(db, serviceContext(request), encounterId);
  const results = query.trim() ? await searchIcd10(db, query, SEARCH_LIMIT) : null;
  return sendPage(
    reply,
    <DiagnosisEncounterPage
      ctx={pageContext(request, reply)}
      encounterId={encounterId}
      patientId={patient.id}
      patientLabel={labelText(patient)}
      diagnoses={diagnoses}
      query={query}
      results={results}
      done={done}
      failure={failure}
    />,
    failure?.status ?? 200,
  );
}

/** Clinician pages: diagnoses of an encounter (search works with or without JavaScript) and the history timeline. */
export function registerDiagnosisPages(app: FastifyInstance): void {
  const { db } = app.deps;
  const write = { permission: 'records.write' as const };
  const read = { permission: 'records.read' as const };

  app.get(
    '/staff/encounters/:id/diagnoses',
    { config: write, schema: { ...page, params: encounterParams, querystring: searchQuery } },
    async (request, reply) => {
      const { id } = request.params as z.infer<typeof encounterParams>;
      const { q, done } = request.query as z.infer<typeof searchQuery>;
      return renderDiagnosisPage(app, request, reply, id, q, undefined, done);
    },
  );

  /** htmx: the results list for what has been typed so far (the same markup as the full page). */
  app.get(
    '/staff/encounters/:id/diagnoses/suggestions',
    { config: write, schema: { ...page, params: encounterParams, querystring: searchQuery } },
    async (request, reply) => {
      const { id } = request.params as z.infer<typeof encounterParams>;
      const { q } = request.query as z.infer<typeof searchQuery>;
      // Access to the encounter is checked (and audited) before showing anything tied to it.
      const current = await listDiagnosesOfEncounter(db, serviceContext(request), id);
      const results = q.trim() ? await searchIcd10(db, q, SEARCH_LIMIT) : null;
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .send(
          renderFragment(
            <Icd10Results ctx={pageContext(request, reply)} encounterId={id} query={q} results={results} rank={suggestedRank(current)} />,
          ),
        );
    },
  );

  app.post('/staff/encounters/:id/diagnoses', { config: write, schema: { ...page, params: encounterParams } }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof encounterParams>;
    return handleForm(
      request,
      reply,
      addForm,
      async ({ code, rank, chronic, q }) => {
        await addDiagnosis(db, serviceContext(request), id, { code, rank, chronic });
        return `/staff/encounters/${id}/diagnoses?done=added${q ? `&q=${encodeURIComponent(q)}` : ''}`;
      },
      (failure) => renderDiagnosisPage(app, request, reply, id, typeof failure.values.q === 'string' ? failure.values.q : '', failure),
    );
  });

  app.post(
    '/staff/encounters/:id/diagnoses/:diagnosisId/remove',
    { config: write, schema: { ...page, params: removeParams } },
    async (request, reply) => {
      const { id, diagnosisId } = request.params as z.infer<typeof removeParams>;
      await removeDiagnosis(db, serviceContext(request), id, diagnosisId);
      return reply.redirect(`/staff/encounters/${id}/diagnoses?done=removed`, 303);
    },
  );

  app.get(
    '/staff/patients/:id/timeline',
    { config: read, schema: { ...page, params: encounterParams, querystring: timelineQuerySchema } },
    async (request, reply) => {
      const { id } = request.params as z.infer<typeof encounterParams>;
      const query = request.query as z.infer<typeof timelineQuerySchema>;
      const { timeline, patient } = await timelineWithPatient(db, serviceContext(request), id, {
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      const next = timeline.nextCursor ? `/staff/patients/${id}/timeline?cursor=${encodeURIComponent(timeline.nextCursor)}` : null;
      return sendPage(
        reply,
        <TimelinePage
          ctx={pageContext(request, reply)}
          patientId={id}
          patientLabel={labelText(patient)}
          items={timeline.items}
          nextHref={next}
        />,
      );
    },
  );
}
