import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { expectedVersion, setEtag } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import { idempotencyHeaderSchema, idempotentRequestOf, sendStoredResponse } from '../../platform/http/idempotency.js';
import {
  checkResultSchema,
  createPrescriptionBodySchema,
  patientPrescriptionsParamsSchema,
  prescriptionDetailSchema,
  prescriptionListQuerySchema,
  prescriptionListSchema,
  prescriptionParamsSchema,
  prescriptionSchema,
  signPrescriptionBodySchema,
  stopPrescriptionBodySchema,
  updatePrescriptionBodySchema,
} from './prescriptions.schemas.js';
import { previewPrescriptionChecks, signPrescription } from './services/prescription-signing.service.js';
import {
  createPrescriptionDraft,
  getPrescription,
  listPatientPrescriptions,
  markPrescriptionEnteredInError,
  stopPrescription,
  updatePrescriptionDraft,
} from './services/prescriptions.service.js';

const read = { permission: 'prescriptions.read' } as const;
const write = { permission: 'prescriptions.write' } as const;
const tags = ['Prescriptions'];

/** Prescriptions: drafts, the checks preview, signing with overrides, stop, entered in error, reading. */
export function registerPrescriptionsApi(app: FastifyInstance): void {
  registerPrescriptionDraftApi(app);
  registerPrescriptionLifecycleApi(app);
}

/** Drafts: create, read, change, preview the checks. */
function registerPrescriptionDraftApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.post(
    '/api/v1/prescriptions',
    {
      config: write,
      schema: {
        tags,
        summary: 'A draft prescription for a patient (doctors on the care team; Idempotency-Key replays a retry); audited',
        headers: idempotencyHeaderSchema,
        body: createPrescriptionBodySchema,
        response: { 201: prescriptionSchema },
      },
    },
    async (request, reply) => {
      const outcome = await createPrescriptionDraft(db, serviceContext(request), request.body, idempotentRequestOf(request));
      if (outcome.replayed) return sendStoredResponse(reply, outcome.response);
      setEtag(reply, outcome.body.version);
      return reply.status(201).send(outcome.body);
    },
  );

  r.get(
    '/api/v1/prescriptions/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One prescription, with the alerts shown when it was signed and their overrides',
        params: prescriptionParamsSchema,
        response: { 200: prescriptionDetailSchema },
      },
    },
    async (request, reply) => {
      const prescription = await getPrescription(db, serviceContext(request), request.params.id);
      setEtag(reply, prescription.version);
      return prescription;
    },
  );

  r.patch(
    '/api/v1/prescriptions/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a draft (the fields sent; null clears one). A signed prescription never changes: 409 record_signed',
        params: prescriptionParamsSchema,
        body: updatePrescriptionBodySchema,
        response: { 200: prescriptionSchema },
      },
    },
    async (request, reply) => {
      const prescription = await updatePrescriptionDraft(
        db,
        serviceContext(request),
        request.params.id,
        request.body,
        expectedVersion(request),
      );
      setEtag(reply, prescription.version);
      return prescription;
    },
  );

  r.post(
    '/api/v1/prescriptions/:id/check',
    {
      config: write,
      schema: {
        tags,
        summary: 'Preview the signing checks of a draft (interactions, allergies, duplicates) without signing',
        params: prescriptionParamsSchema,
        response: { 200: checkResultSchema },
      },
    },
    async (request) => ({
      alerts: await previewPrescriptionChecks(db, serviceContext(request), request.params.id, {
        collapseMonths: app.deps.config.medicationOverrideCollapseMonths,
      }),
    }),
  );
}

/** Signing, stopping, entered in error, and a patient's list. */
function registerPrescriptionLifecycleApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.post(
    '/api/v1/prescriptions/:id/sign',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Sign a draft: the checks run in the signing transaction; critical and high-priority alerts need an override reason (422 override_required otherwise, nothing written)',
        params: prescriptionParamsSchema,
        body: signPrescriptionBodySchema,
        response: { 200: prescriptionSchema.extend({ alerts: checkResultSchema.shape.alerts }) },
      },
    },
    async (request, reply) => {
      const result = await signPrescription(db, serviceContext(request), request.params.id, request.body, expectedVersion(request), {
        collapseMonths: app.deps.config.medicationOverrideCollapseMonths,
      });
      setEtag(reply, result.prescription.version);
      return { ...result.prescription, alerts: result.alerts };
    },
  );

  r.post(
    '/api/v1/prescriptions/:id/stop',
    {
      config: write,
      schema: {
        tags,
        summary: 'Stop an active prescription, with a reason',
        params: prescriptionParamsSchema,
        body: stopPrescriptionBodySchema,
        response: { 200: prescriptionSchema },
      },
    },
    async (request) => stopPrescription(db, serviceContext(request), request.params.id, request.body.reason),
  );

  r.post(
    '/api/v1/prescriptions/:id/entered-in-error',
    {
      config: write,
      schema: {
        tags,
        summary: 'Mark a draft or active prescription entered in error (kept for the record)',
        params: prescriptionParamsSchema,
        response: { 200: prescriptionSchema },
      },
    },
    async (request) => markPrescriptionEnteredInError(db, serviceContext(request), request.params.id),
  );

  r.get(
    '/api/v1/patients/:id/prescriptions',
    {
      config: read,
      schema: {
        tags,
        summary: "A patient's prescriptions, newest first (clinical tier)",
        params: patientPrescriptionsParamsSchema,
        querystring: prescriptionListQuerySchema,
        response: { 200: prescriptionListSchema },
      },
    },
    async (request) => listPatientPrescriptions(db, serviceContext(request), request.params.id, request.query),
  );
}
