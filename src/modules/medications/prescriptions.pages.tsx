import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { roleHasPermission } from '../../platform/authz/permissions.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { expectedVersion } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import { formVersion, normaliseForm } from '../../platform/http/forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { localDateTimeInputValue } from '../../platform/time/zoned-time.js';
import { sendPage } from '../../platform/views/render.js';
import type { ProductDto } from './medications.schemas.js';
import { formFieldOf, overridesOf, prescriptionInputOf } from './prescriptions.forms.js';
import { productListQuerySchema } from './medications.schemas.js';
import { prescriptionParamsSchema, type AlertDto } from './prescriptions.schemas.js';
import { getProduct, listFormulary } from './services/formulary.service.js';
import { readMedicinesPage, readNewPrescriptionPage, readPrescriptionPage } from './services/prescription-pages.service.js';
import { previewPrescriptionChecks, signPrescription } from './services/prescription-signing.service.js';
import { createPrescriptionDraft, stopPrescription } from './services/prescriptions.service.js';
import { MedicinesPage } from './views/medicines-list.js';
import { PrescriptionDetailPage } from './views/prescription-detail.js';
import { PrescriptionFormPage } from './views/prescription-form.js';
import { PharmacyQueriesCard } from './pharmacy/views/pharmacy-queries-card.js';

const read = { permission: 'prescriptions.read' } as const;
const write = { permission: 'prescriptions.write' } as const;

function idOf(request: FastifyRequest, what: string): string {
  const parsed = prescriptionParamsSchema.safeParse(request.params);
  if (!parsed.success) throw new AppError('not_found', `${what} was not found.`);
  return parsed.data.id;
}

/** A service refusal shown beside the form's fields, or rethrown. */
function formErrorsOf(error: unknown, values: Record<string, unknown>): { errors: FieldError[]; problem: string; status: number } {
  if (!(error instanceof AppError)) throw error;
  if (error.status === 403 || error.status === 401) throw error;
  const listed = Array.isArray(error.extra.errors) ? (error.extra.errors as FieldError[]) : [];
  return {
    errors: listed.map((e) => ({ path: formFieldOf(e.path, values), message: e.message })),
    problem: error.detail,
    status: error.status,
  };
}

/** Staff pages for prescribing: a patient's medicines, a new prescription, one prescription (checks, sign, stop). */
export function registerPrescriptionPages(app: FastifyInstance): void {
  registerMedicinesPages(app);
  registerPrescriptionDetailPages(app);
}

/** A patient's medicines and the new-prescription form. */
function registerMedicinesPages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get('/staff/patients/:id/medicines', { config: read, schema: { hide: true } }, async (request, reply) => {
    const page = await readMedicinesPage(db, serviceContext(request), idOf(request, 'The patient'));
    return sendPage(
      reply,
      <MedicinesPage
        ctx={pageContext(request, reply)}
        now={app.deps.clock()}
        patient={page.patient}
        allergies={page.allergies}
        items={page.items}
      />,
    );
  });

  const renderNew = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { values?: Record<string, string | undefined>; errors?: FieldError[]; status?: number; problem?: string } = {},
  ) => {
    const patientId = idOf(request, 'The patient');
    const ctx = pageContext(request, reply);
    const page = await readNewPrescriptionPage(db, serviceContext(request), patientId);
    const raw = normaliseForm(request.query);
    const query = typeof raw.query === 'string' ? raw.query : undefined;
    // A change from reconciliation names the prescription replaced (checked by the service when saved).
    const replacing = options.values?.replaces ?? raw.replaces;
    const replaces = typeof replacing === 'string' && /^[0-9a-f-]{36}$/.test(replacing) ? replacing : undefined;
    // Prescribing from an encounter names it (the service checks it is this patient's when saved).
    const fromEncounter = options.values?.encounterId ?? raw.encounter;
    const encounterId = typeof fromEncounter === 'string' && /^[0-9a-f-]{36}$/.test(fromEncounter) ? fromEncounter : undefined;
    const parsed = productListQuerySchema.safeParse({ query, onFormulary: 'true' });
    let products: ProductDto[] = query && parsed.success ? (await listFormulary(db, parsed.data)).items : [];
    const chosen = options.values?.productId;
    if (chosen && !products.some((p) => p.id === chosen)) {
      products = [await getProduct(db, chosen).catch(() => null), ...products].filter((p): p is ProductDto => p !== null);
    }
    const errors = [...(options.errors ?? []), ...(options.problem ? [{ path: '(form)', message: options.problem }] : [])];
    return sendPage(
      reply,
      <PrescriptionFormPage
        ctx={ctx}
        now={app.deps.clock()}
        patient={page.patient}
        problems={page.problems}
        query={query}
        products={products}
        values={
          options.values ?? {
            frequencyKind: 'times_a_day',
            times: '1',
            refills: '0',
            startsAt: localDateTimeInputValue(app.deps.clock(), ctx.timeZone), // a new prescription starts now unless changed
          }
        }
        errors={errors}
        searchError={query !== undefined && !parsed.success ? ctx.t('medications.search_too_short', { n: 2 }) : undefined}
        replaces={replaces}
        encounterId={encounterId}
      />,
      options.status ?? 200,
    );
  };

  app.get('/staff/patients/:id/medicines/new', { config: write, schema: { hide: true } }, async (request, reply) =>
    renderNew(request, reply),
  );

  app.post('/staff/patients/:id/medicines/new', { config: write, schema: { hide: true } }, async (request, reply) => {
    const patientId = idOf(request, 'The patient');
    const values = normaliseForm(request.body);
    const strings = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
    const form = prescriptionInputOf(patientId, values, pageContext(request, reply).timeZone);
    if (!form.ok) return renderNew(request, reply, { values: strings, errors: form.errors, status: 400 });
    try {
      const outcome = await createPrescriptionDraft(db, serviceContext(request), form.input);
      if (outcome.replayed) throw new AppError('conflict', 'This form was already sent.');
      return reply.redirect(`/staff/prescriptions/${outcome.body.id}`, 303);
    } catch (error) {
      const failed = formErrorsOf(error, values);
      return renderNew(request, reply, { values: strings, ...failed });
    }
  });
}

/** One prescription: its page (with the checks for a draft), signing with override reasons, stopping. */
function registerPrescriptionDetailPages(app: FastifyInstance): void {
  const { db } = app.deps;

  const renderDetail = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { errors?: FieldError[]; status?: number; problem?: string; alerts?: AlertDto[] } = {},
  ) => {
    const id = idOf(request, 'The prescription');
    const ctx = pageContext(request, reply);
    const { prescription, patient, allergies, queries } = await readPrescriptionPage(db, serviceContext(request), id);
    const mayWrite = ctx.actor !== null && roleHasPermission(ctx.actor.role, 'prescriptions.write');
    const preview =
      prescription.status === 'draft' && mayWrite
        ? (options.alerts ??
          (await previewPrescriptionChecks(db, serviceContext(request), id, {
            collapseMonths: app.deps.config.medicationOverrideCollapseMonths,
          })))
        : null;
    return sendPage(
      reply,
      <PrescriptionDetailPage
        ctx={ctx}
        now={app.deps.clock()}
        patient={patient}
        allergies={allergies}
        prescription={prescription}
        preview={preview}
        errors={options.errors ?? []}
        problem={options.problem}
        pharmacy={queries ? <PharmacyQueriesCard ctx={ctx} prescriptionId={id} queries={queries} /> : undefined}
      />,
      options.status ?? 200,
    );
  };

  app.get('/staff/prescriptions/:id', { config: read, schema: { hide: true } }, async (request, reply) => renderDetail(request, reply));

  app.post('/staff/prescriptions/:id/sign', { config: write, schema: { hide: true } }, async (request, reply) => {
    const id = idOf(request, 'The prescription');
    const values = normaliseForm(request.body);
    try {
      await signPrescription(
        db,
        serviceContext(request),
        id,
        { overrides: overridesOf(values) },
        expectedVersion(request, formVersion(request.body)),
        { collapseMonths: app.deps.config.medicationOverrideCollapseMonths },
      );
      return reply.redirect(`/staff/prescriptions/${id}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'override_required')
        return renderDetail(request, reply, formErrorsOf(error, values));
      return renderDetail(request, reply, { status: 422, problem: error.detail, alerts: error.extra.alerts as AlertDto[] });
    }
  });

  app.post('/staff/prescriptions/:id/stop', { config: write, schema: { hide: true } }, async (request, reply) => {
    const id = idOf(request, 'The prescription');
    const values = normaliseForm(request.body);
    const reason = typeof values.reason === 'string' ? values.reason.trim() : '';
    if (reason.length < 3) {
      return renderDetail(request, reply, {
        status: 400,
        errors: [{ path: 'reason', message: pageContext(request, reply).t('medications.stop_reason_required') }],
      });
    }
    try {
      await stopPrescription(db, serviceContext(request), id, reason);
      return reply.redirect(`/staff/prescriptions/${id}`, 303);
    } catch (error) {
      return renderDetail(request, reply, formErrorsOf(error, values));
    }
  });
}
