import type { Db } from '../../platform/db/database.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/auth/actor.js';
import { notFound } from '../../platform/errors.js';
import { decodeCursor } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import { pageContext } from '../../platform/views/page-context.js';
import { renderFragment, sendPage } from '../../platform/views/render.js';
import { contactFormSchema, healthStatusFormSchema, selfProfileFormSchema } from './patients.forms.js';
import { createAllergyBodySchema, createConditionBodySchema, createPolicyBodySchema } from './records.schemas.js';
import { searchAllergySubstances } from './reference/allergy-substances.js';
import { getAccessLog } from './services/access-log.service.js';
import { addPatientAllergy, removePatientAllergy } from './services/allergies.service.js';
import { addPatientCondition, removePatientCondition } from './services/conditions.service.js';
import { updatePatientProfile } from './services/patient-profile.service.js';
import { getPatientRecordView } from './services/patient-record-view.service.js';
import {
  addEmergencyContact,
  addInsurancePolicy,
  removeEmergencyContact,
  removeInsurancePolicy,
} from './services/registration-records.service.js';
import { handleForm, type FormFailure } from '../../platform/http/page-forms.js';
import { AccessLogPage } from './views/access-log.js';
import { PortalProfilePage, type ProfileSection } from './views/portal-profile.js';

const SECTIONS: ProfileSection[] = ['details', 'health', 'allergies', 'conditions', 'contacts', 'insurance'];
const itemParams = z.object({ itemId: z.uuid() });
const page = { hide: true } as const;

/** The signed-in patient's own record; staff have no portal record (404). */
function own(request: FastifyRequest): { ctx: ServiceContext; patientId: string } {
  const ctx = serviceContext(request);
  if (ctx.actor.role !== 'patient' || !ctx.actor.patientId) throw notFound('Your patient record');
  return { ctx, patientId: ctx.actor.patientId };
}

/** The profile page, re-rendered beside a section's form when it failed. */
async function renderProfile(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  extra: { section?: ProfileSection; failure?: FormFailure; saved?: ProfileSection },
) {
  const { ctx, patientId } = own(request);
  // One access decision and one audit row for the whole page, naming the sections read.
  const { patient, clinical, contacts, policies } = await getPatientRecordView(db, ctx, patientId);
  const allergies = clinical?.allergies ?? [];
  const conditions = clinical?.conditions ?? [];
  const failed =
    extra.failure && extra.section
      ? {
          section: extra.section,
          errors: extra.failure.errors,
          values: extra.failure.values,
          ...(extra.failure.message ? { message: extra.failure.message } : {}),
        }
      : undefined;
  return sendPage(
    reply,
    <PortalProfilePage
      ctx={pageContext(request, reply)}
      patient={patient}
      allergies={allergies}
      conditions={conditions}
      contacts={contacts}
      policies={policies}
      failed={failed}
      saved={extra.saved}
    />,
    extra.failure?.status ?? 200,
  );
}

/** Where a saved section goes back to, and how a failed one is shown. */
const done = (section: ProfileSection) => `/portal/profile?saved=${section}#${section}`;
const rerender = (db: Db, request: FastifyRequest, reply: FastifyReply, section: ProfileSection) => (failure: FormFailure) =>
  renderProfile(db, request, reply, { section, failure });

/** The patient's own pages: profile (every section), access log. They call the same services as the API. */
export function registerPortalPages(app: FastifyInstance): void {
  registerPortalHomeAndProfilePages(app);
  registerProfileCollectionPages(app);
  registerAccessLogAndReferencePages(app);
}

/** The profile's details, health and allergy status (the portal home is the home module's). */
function registerPortalHomeAndProfilePages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get(
    '/portal/profile',
    { config: { permission: 'patients.read' }, schema: { ...page, querystring: z.object({ saved: z.string().optional() }) } },
    async (request, reply) => {
      const saved = (request.query as { saved?: string }).saved;
      return renderProfile(db, request, reply, { saved: SECTIONS.find((s) => s === saved) });
    },
  );

  app.post('/portal/profile/details', { config: { permission: 'patients.update' }, schema: page }, async (request, reply) => {
    const { ctx, patientId } = own(request);
    return handleForm(
      request,
      reply,
      selfProfileFormSchema,
      async (data, version) => (await updatePatientProfile(db, ctx, patientId, data, version), done('details')),
      rerender(db, request, reply, 'details'),
    );
  });

  app.post('/portal/profile/health', { config: { permission: 'patients.update' }, schema: page }, async (request, reply) => {
    const { ctx, patientId } = own(request);
    return handleForm(
      request,
      reply,
      healthStatusFormSchema,
      async (data, version) => (await updatePatientProfile(db, ctx, patientId, data, version), done('health')),
      rerender(db, request, reply, 'health'),
    );
  });

  app.post('/portal/profile/no-known-allergies', { config: { permission: 'patients.update' }, schema: page }, async (request, reply) => {
    const { ctx, patientId } = own(request);
    return handleForm(
      request,
      reply,
      z.object({}),
      async (_data, version) => (
        await updatePatientProfile(db, ctx, patientId, { allergyStatus: 'no_known_allergies' }, version),
        done('allergies')
      ),
      rerender(db, request, reply, 'allergies'),
    );
  });
}

/** The profile's lists (allergies, conditions, contacts, insurance): add and remove an item. */
function registerProfileCollectionPages(app: FastifyInstance): void {
  const { db } = app.deps;

  const collections = [
    { section: 'allergies', path: 'allergies', schema: createAllergyBodySchema, add: addPatientAllergy, remove: removePatientAllergy },
    {
      section: 'conditions',
      path: 'conditions',
      schema: createConditionBodySchema,
      add: addPatientCondition,
      remove: removePatientCondition,
    },
    { section: 'contacts', path: 'contacts', schema: contactFormSchema, add: addEmergencyContact, remove: removeEmergencyContact },
    { section: 'insurance', path: 'insurance', schema: createPolicyBodySchema, add: addInsurancePolicy, remove: removeInsurancePolicy },
  ] as const;

  for (const c of collections) {
    const permission =
      c.section === 'insurance' ? 'patients.insurance.write' : c.section === 'contacts' ? 'patients.update' : 'patients.clinical.write';
    app.post(`/portal/profile/${c.path}`, { config: { permission }, schema: page }, async (request, reply) => {
      const { ctx, patientId } = own(request);
      return handleForm(
        request,
        reply,
        c.schema as z.ZodType,
        async (data) => (await c.add(db, ctx, patientId, data as never), done(c.section)),
        rerender(db, request, reply, c.section),
      );
    });
    app.post(
      `/portal/profile/${c.path}/:itemId/remove`,
      { config: { permission }, schema: { ...page, params: itemParams } },
      async (request, reply) => {
        const { ctx, patientId } = own(request);
        const { itemId } = request.params as { itemId: string };
        return handleForm(
          request,
          reply,
          z.object({}),
          async (_d, version) => (await c.remove(db, ctx, patientId, itemId, version), done(c.section)),
          rerender(db, request, reply, c.section),
        );
      },
    );
  }
}

/** Who opened the record, and the allergy-substance suggestions for the form. */
function registerAccessLogAndReferencePages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get(
    '/portal/access-log',
    { config: { permission: 'access-log.read' }, schema: { ...page, querystring: z.object({ cursor: z.string().max(200).optional() }) } },
    async (request, reply) => {
      const { ctx, patientId } = own(request);
      const cursor = (request.query as { cursor?: string }).cursor;
      decodeCursor(cursor);
      const log = await getAccessLog(db, ctx, patientId, { limit: 50, ...(cursor ? { cursor } : {}) });
      const next = log.nextCursor ? `/portal/access-log?cursor=${encodeURIComponent(log.nextCursor)}` : null;
      return sendPage(reply, <AccessLogPage ctx={pageContext(request, reply)} entries={log.items} nextHref={next} />);
    },
  );

  /** htmx suggestions for the allergy substance field: <option> elements for its datalist. */
  app.get(
    '/reference/allergy-substances/options',
    {
      config: { permission: 'reference.read' },
      schema: { ...page, querystring: z.object({ substance: z.string().max(100).default('') }) },
    },
    async (request, reply) => {
      const matches = searchAllergySubstances((request.query as { substance: string }).substance);
      return reply.header('content-type', 'text/html; charset=utf-8').send(
        renderFragment(
          <>
            {matches.map((m) => (
              <option value={m.name} />
            ))}
          </>,
        ),
      );
    },
  );
}
