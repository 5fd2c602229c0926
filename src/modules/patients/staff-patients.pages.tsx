import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BREAK_GLASS_ROLES, roleHasPermission } from '../../platform/authz/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { serviceContext } from '../../platform/http/context.js';
import { normaliseForm, parseForm } from '../../platform/http/forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { clinicalStatusFormSchema, contactFormSchema, registerPatientFormSchema } from './patients.forms.js';
import { createAllergyBodySchema, createConditionBodySchema, createPolicyBodySchema } from './records.schemas.js';
import { addPatientAllergy, removePatientAllergy } from './services/allergies.service.js';
import { addPatientCondition, removePatientCondition } from './services/conditions.service.js';
import { editableProfileFields, updatePatientProfile } from './services/patient-profile.service.js';
import { getPatientRecordView } from './services/patient-record-view.service.js';
import { findPatients, registerPatient } from './services/patient-registration.service.js';
import { addEmergencyContact, addInsurancePolicy } from './services/registration-records.service.js';
import { handleForm, type FormFailure } from '../../platform/http/page-forms.js';
import { NoAccessPage } from './views/break-glass.js';
import { StaffChartPage, type ChartSection } from './views/staff-chart.js';
import { StaffRegisteredPage, StaffRegisterPage } from './views/staff-register.js';
import { StaffPatientSearchPage } from './views/staff-search.js';

const idParams = z.object({ id: z.uuid() });
const itemParams = z.object({ id: z.uuid(), itemId: z.uuid() });

/** Staff: search, register a walk-in, the chart and its add-forms. */
export function registerStaffPatientPages(app: FastifyInstance): void {
  registerPatientSearchPage(app);
  registerWalkInRegistrationPages(app);
  registerPatientRecordPages(app);
}

/** Search by name, MRN or birth date. */
/**
 * Patient search. The terms (a name, an MRN, a birth date) are PHI, so the form is POSTed and the
 * results are the answer to that POST: no term ever appears in a URL, the browser's history or a
 * proxy's log. GET shows the empty form (and still reads an old `?query=` link, which the app never
 * writes).
 */
function registerPatientSearchPage(app: FastifyInstance): void {
  const { db } = app.deps;
  const searchSchema = z.object({ query: z.string().max(100).optional(), cursor: z.string().max(200).optional() });

  const render = async (request: FastifyRequest, reply: FastifyReply, input: { query?: string; cursor?: string }) => {
    const ctx = serviceContext(request);
    const { query, cursor } = input;
    const result = query?.trim() ? await findPatients(db, ctx, { query, limit: 25, ...(cursor ? { cursor } : {}) }) : null;
    return sendPage(
      reply,
      <StaffPatientSearchPage
        ctx={pageContext(request, reply)}
        query={query ?? ''}
        items={result?.items ?? null}
        nextForm={result?.nextCursor ? { action: '/staff/patients', fields: { query: query ?? '', cursor: result.nextCursor } } : null}
        now={ctx.now}
        canRegister={roleHasPermission(ctx.actor.role, 'patients.register')}
      />,
    );
  };

  app.get(
    '/staff/patients',
    { config: { permission: 'patients.search' }, schema: { hide: true, querystring: searchSchema } },
    (request, reply) => render(request, reply, request.query as { query?: string; cursor?: string }),
  );
  app.post('/staff/patients', { config: { permission: 'patients.search' }, schema: { hide: true } }, (request, reply) => {
    const parsed = searchSchema.safeParse(normaliseForm(request.body));
    return render(request, reply, parsed.success ? parsed.data : {});
  });
}

/** Register a walk-in: the form, then the one-time link code or the possible duplicates. */
function registerWalkInRegistrationPages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get('/staff/patients/new', { config: { permission: 'patients.register' }, schema: { hide: true } }, async (request, reply) =>
    sendPage(reply, <StaffRegisterPage ctx={pageContext(request, reply)} state={{ values: {}, errors: [] }} />),
  );

  app.post('/staff/patients/new', { config: { permission: 'patients.register' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = serviceContext(request);
    const parsed = parseForm(registerPatientFormSchema, request.body);
    if (!parsed.ok)
      return sendPage(
        reply,
        <StaffRegisterPage ctx={pageContext(request, reply)} state={{ values: parsed.values, errors: parsed.errors }} />,
        400,
      );
    try {
      const { patient, linkCode } = await registerPatient(db, ctx, parsed.data);
      // The link code is shown once, on this answer to the POST (never in a URL).
      return sendPage(reply, <StaffRegisteredPage ctx={pageContext(request, reply)} patient={patient} linkCode={linkCode} />, 201);
    } catch (error) {
      if (error instanceof AppError && error.code === 'possible_duplicate') {
        const candidates = error.extra.candidates as never;
        return sendPage(
          reply,
          <StaffRegisterPage
            ctx={pageContext(request, reply)}
            state={{ values: normaliseForm(request.body), errors: [], candidates, message: error.detail }}
          />,
          409,
        );
      }
      throw error;
    }
  });
}

/** The staff record page and its forms: status, allergies, conditions, contacts and insurance. */
function registerPatientRecordPages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get(
    '/staff/patients/:id',
    { config: { permission: 'patients.read' }, schema: { hide: true, params: idParams } },
    async (request, reply) => renderChart(db, request, reply),
  );

  const chartUrl = (request: FastifyRequest, section: ChartSection) =>
    `/staff/patients/${(request.params as { id: string }).id}#${section}`;
  const rerender = (request: FastifyRequest, reply: FastifyReply, section: ChartSection) => (failure: FormFailure) =>
    renderChart(db, request, reply, { section, ...failure });

  app.post(
    '/staff/patients/:id/status',
    { config: { permission: 'patients.update' }, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      return handleForm(
        request,
        reply,
        clinicalStatusFormSchema,
        async (data, version) => (
          await updatePatientProfile(
            db,
            serviceContext(request),
            id,
            { healthStatus: data.healthStatus ?? null, allergyStatus: data.allergyStatus },
            version,
          ),
          chartUrl(request, 'status')
        ),
        rerender(request, reply, 'status'),
      );
    },
  );

  const adders = [
    { section: 'allergies', schema: createAllergyBodySchema, add: addPatientAllergy, permission: 'patients.clinical.write' },
    { section: 'conditions', schema: createConditionBodySchema, add: addPatientCondition, permission: 'patients.clinical.write' },
    { section: 'contacts', schema: contactFormSchema, add: addEmergencyContact, permission: 'patients.update' },
    { section: 'insurance', schema: createPolicyBodySchema, add: addInsurancePolicy, permission: 'patients.insurance.write' },
  ] as const;
  for (const a of adders) {
    app.post(
      `/staff/patients/:id/${a.section}`,
      { config: { permission: a.permission }, schema: { hide: true, params: idParams } },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        return handleForm(
          request,
          reply,
          a.schema as z.ZodType,
          async (data) => (await a.add(db, serviceContext(request), id, data as never), chartUrl(request, a.section)),
          rerender(request, reply, a.section),
        );
      },
    );
  }

  const removers = [
    { section: 'allergies', remove: removePatientAllergy },
    { section: 'conditions', remove: removePatientCondition },
  ] as const;
  for (const r of removers) {
    app.post(
      `/staff/patients/:id/${r.section}/:itemId/remove`,
      { config: { permission: 'patients.clinical.write' }, schema: { hide: true, params: itemParams } },
      async (request, reply) => {
        const { id, itemId } = request.params as { id: string; itemId: string };
        return handleForm(
          request,
          reply,
          z.object({}),
          async (_d, version) => (await r.remove(db, serviceContext(request), id, itemId, version), chartUrl(request, r.section)),
          rerender(request, reply, r.section),
        );
      },
    );
  }
}

/** The staff record page: one access decision, or the emergency-access offer to a clinician off the care team. */
async function renderChart(db: Db, request: FastifyRequest, reply: FastifyReply, failed?: { section: ChartSection } & FormFailure) {
  const ctx = serviceContext(request);
  const { id } = request.params as { id: string };
  let view;
  try {
    // One access decision and one audit row for the whole page, naming the sections read.
    view = await getPatientRecordView(db, ctx, id);
  } catch (error) {
    // A clinician off the care team: the registration tier stays closed too; offer emergency access.
    if (error instanceof AppError && error.code === 'not_found' && BREAK_GLASS_ROLES.includes(ctx.actor.role)) {
      return sendPage(reply, <NoAccessPage ctx={pageContext(request, reply)} patientId={id} canBreakGlass />, 404);
    }
    throw error;
  }
  const { patient, clinical, contacts, policies } = view;
  const role = ctx.actor.role;
  return sendPage(
    reply,
    <StaffChartPage
      ctx={pageContext(request, reply)}
      now={ctx.now}
      patient={patient}
      clinical={clinical}
      contacts={contacts}
      policies={policies}
      canWriteClinical={!!clinical && roleHasPermission(role, 'patients.clinical.write')}
      canWriteRegistration={patient.access === 'registration' && roleHasPermission(role, 'patients.update')}
      canEditStatus={!!clinical && editableProfileFields(ctx, patient.access).includes('healthStatus')}
      failed={
        failed
          ? {
              section: failed.section,
              errors: failed.errors,
              values: failed.values,
              ...(failed.message ? { message: failed.message } : {}),
            }
          : undefined
      }
    />,
    failed?.status ?? 200,
  );
}
