import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, type FieldError } from '../../../platform/errors.js';
import { serviceContext } from '../../../platform/http/context.js';
import { normaliseForm } from '../../../platform/http/forms.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { outsideMedicationInputOf, reconciliationInputOf } from './reconciliation.forms.js';
import { recordOutsideMedication } from './services/outside-medications.service.js';
import { readOutsideMedicineForm, readReconciliationPage } from './services/reconciliation-pages.service.js';
import { recordReconciliation } from './services/reconciliation.service.js';
import { OutsideMedicineFormPage } from './views/outside-medicine-form.js';
import { ReconciliationPage } from './views/reconciliation-page.js';

const write = { permission: 'prescriptions.write' } as const;
const idParams = z.object({ id: z.uuid() });
const pageQuery = z.object({ encounter: z.uuid().optional(), done: z.literal('1').optional() });

function idOf(request: FastifyRequest, what: string): string {
  const parsed = idParams.safeParse(request.params);
  if (!parsed.success) throw new AppError('not_found', `${what} was not found.`);
  return parsed.data.id;
}
const queryOf = (request: FastifyRequest) => {
  const parsed = pageQuery.safeParse(request.query);
  return parsed.success ? parsed.data : {};
};

/** A service refusal shown on the page (a 404 or 403 stays the error page). */
function refusalOf(error: unknown): { errors: FieldError[]; problem: string; status: number } {
  if (!(error instanceof AppError) || error.status === 403 || error.status === 401 || error.status === 404) throw error;
  return { errors: [], problem: error.detail, status: error.status };
}

/** The doctor's reconciliation page of an encounter, and the form recording a medicine taken from outside. */
export function registerReconciliationPages(app: FastifyInstance): void {
  const { db } = app.deps;

  const renderReconciliation = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { values?: Record<string, string>; errors?: FieldError[]; problem?: string; status?: number } = {},
  ) => {
    const encounterId = idOf(request, 'The encounter');
    const page = await readReconciliationPage(db, serviceContext(request), encounterId);
    return sendPage(
      reply,
      <ReconciliationPage
        ctx={pageContext(request, reply)}
        now={app.deps.clock()}
        encounterId={encounterId}
        patient={page.patient}
        allergies={page.allergies}
        medicines={page.medicines}
        history={page.history}
        values={options.values ?? {}}
        errors={options.errors ?? []}
        problem={options.problem}
        done={queryOf(request).done === '1'}
      />,
      options.status ?? 200,
    );
  };

  app.get('/staff/encounters/:id/reconciliation', { config: write, schema: { hide: true } }, async (request, reply) =>
    renderReconciliation(request, reply),
  );

  app.post('/staff/encounters/:id/reconciliation', { config: write, schema: { hide: true } }, async (request, reply) => {
    const encounterId = idOf(request, 'The encounter');
    const form = reconciliationInputOf(request.body);
    if (!form.ok) return renderReconciliation(request, reply, { values: form.values, errors: form.errors, status: 400 });
    try {
      await recordReconciliation(db, serviceContext(request), encounterId, form.input);
      return reply.redirect(`/staff/encounters/${encounterId}/reconciliation?done=1`, 303);
    } catch (error) {
      return renderReconciliation(request, reply, { values: form.values, ...refusalOf(error) });
    }
  });

  const renderOutsideForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { errors?: FieldError[]; problem?: string; status?: number } = {},
  ) => {
    const patientId = idOf(request, 'The patient');
    const page = await readOutsideMedicineForm(db, serviceContext(request), patientId);
    const values = Object.fromEntries(
      Object.entries(normaliseForm(request.body)).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]),
    );
    return sendPage(
      reply,
      <OutsideMedicineFormPage
        ctx={pageContext(request, reply)}
        now={app.deps.clock()}
        patient={page.patient}
        allergies={null}
        products={page.products}
        encounterId={queryOf(request).encounter ?? null}
        values={values}
        errors={options.errors ?? []}
        problem={options.problem}
      />,
      options.status ?? 200,
    );
  };

  app.get('/staff/patients/:id/outside-medicines/new', { config: write, schema: { hide: true } }, async (request, reply) =>
    renderOutsideForm(request, reply),
  );

  app.post('/staff/patients/:id/outside-medicines/new', { config: write, schema: { hide: true } }, async (request, reply) => {
    const patientId = idOf(request, 'The patient');
    const encounterId = queryOf(request).encounter ?? null;
    const form = outsideMedicationInputOf(request.body, encounterId);
    if (!form.ok) return renderOutsideForm(request, reply, { errors: form.errors, status: 400 });
    try {
      await recordOutsideMedication(db, serviceContext(request), patientId, form.input);
    } catch (error) {
      if (error instanceof AppError && error.status === 404 && (form.input.productId || form.input.ingredientRxcui)) {
        return renderOutsideForm(request, reply, { problem: error.detail, status: 404 });
      }
      return renderOutsideForm(request, reply, refusalOf(error));
    }
    return reply.redirect(encounterId ? `/staff/encounters/${encounterId}/reconciliation` : `/staff/patients/${patientId}/medicines`, 303);
  });
}
