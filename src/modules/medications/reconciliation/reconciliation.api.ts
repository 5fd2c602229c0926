import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { serviceContext } from '../../../platform/http/context.js';
import {
  createOutsideMedicationBodySchema,
  encounterParamsSchema,
  outsideMedicationListQuerySchema,
  outsideMedicationListSchema,
  outsideMedicationSchema,
  patientParamsSchema,
  reconciliationBodySchema,
  reconciliationListSchema,
  reconciliationSchema,
} from './reconciliation.schemas.js';
import { listPatientOutsideMedications, recordOutsideMedication } from './services/outside-medications.service.js';
import { listReconciliations, recordReconciliation } from './services/reconciliation.service.js';

const read = { permission: 'prescriptions.read' } as const;
const write = { permission: 'prescriptions.write' } as const;
const tags = ['Medication reconciliation'];

/** Medicines taken from outside, and the reconciliation of an encounter. */
export function registerReconciliationApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/api/v1/patients/:id/outside-medications',
    {
      config: read,
      schema: {
        tags,
        summary: 'The medicines a patient takes from outside the hospital (clinical tier), newest first; audited',
        params: patientParamsSchema,
        querystring: outsideMedicationListQuerySchema,
        response: { 200: outsideMedicationListSchema },
      },
    },
    async (request) => listPatientOutsideMedications(db, serviceContext(request), request.params.id, request.query),
  );

  r.post(
    '/api/v1/patients/:id/outside-medications',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Record a medicine taken from outside (a formulary product, or a name with its catalogue ingredient); it joins the signing checks',
        params: patientParamsSchema,
        body: createOutsideMedicationBodySchema,
        response: { 201: outsideMedicationSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordOutsideMedication(db, serviceContext(request), request.params.id, request.body)),
  );

  r.get(
    '/api/v1/encounters/:id/reconciliation',
    {
      config: read,
      schema: {
        tags,
        summary: 'The medication reconciliations recorded at an encounter, newest first, with their decisions',
        params: encounterParamsSchema,
        response: { 200: reconciliationListSchema },
      },
    },
    async (request) => listReconciliations(db, serviceContext(request), request.params.id),
  );

  r.post(
    '/api/v1/encounters/:id/reconciliation',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Reconcile the medicines at an encounter: one decision (continue, stop with a reason, change) for every active medicine; 409 when the list changed',
        params: encounterParamsSchema,
        body: reconciliationBodySchema,
        response: { 201: reconciliationSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordReconciliation(db, serviceContext(request), request.params.id, request.body)),
  );
}
