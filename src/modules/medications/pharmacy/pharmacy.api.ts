import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../../platform/http/context.js';
import { idempotencyKeySchema, idempotentRequestOf, sendStoredResponse } from '../../../platform/http/idempotency.js';
import {
  answerBodySchema,
  dispenseBodySchema,
  dispenseListSchema,
  dispenseParamsSchema,
  dispenseSchema,
  dispensesQuerySchema,
  pharmacyQuerySchema,
  pharmacyViewSchema,
  queryBodySchema,
  queryParamsSchema,
  queueQuerySchema,
  queueSchema,
  recentDispenseListSchema,
  verificationBodySchema,
  verificationSchema,
} from './pharmacy.schemas.js';
import { dispensePrescription, listPharmacyDispenses, listPrescriptionDispenses } from './services/dispensing.service.js';
import {
  answerPharmacyQuery,
  askPrescriber,
  decideVerification,
  getPharmacyView,
  listPharmacyQueue,
  listPrescriptionQueries,
} from './services/verification.service.js';

const verify = { permission: 'pharmacy.verify' } as const;
const dispense = { permission: 'pharmacy.dispense' } as const;
const tags = ['Pharmacy'];

/** The pharmacy's API: the queue, verification, queries to the prescriber, dispensing and its history. */
export function registerPharmacyApi(app: FastifyInstance): void {
  registerVerificationApi(app);
  registerDispensingApi(app);
}

function registerVerificationApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/api/v1/pharmacy/queue',
    {
      config: verify,
      schema: {
        tags,
        summary:
          'The pharmacy queue: `stage=verification` (signed, not yet verified, oldest first) or `dispensing` (verified, not all dispensed); audited per patient',
        querystring: queueQuerySchema,
        response: { 200: queueSchema },
      },
    },
    async (request) => listPharmacyQueue(db, serviceContext(request), request.query),
  );

  r.get(
    '/api/v1/prescriptions/:id/verification',
    {
      config: verify,
      schema: {
        tags,
        summary: "The pharmacist's view of a signed prescription: alerts with every override, the decision, queries, amounts dispensed",
        params: dispenseParamsSchema,
        response: { 200: pharmacyViewSchema },
      },
    },
    async (request) => (await getPharmacyView(db, serviceContext(request), request.params.id)).view,
  );

  r.post(
    '/api/v1/prescriptions/:id/verification',
    {
      config: verify,
      schema: {
        tags,
        summary: 'Verify, or reject with a reason, a signed prescription (one decision each: 409 for a second; 409 while a query is open)',
        params: dispenseParamsSchema,
        body: verificationBodySchema,
        response: { 201: verificationSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await decideVerification(db, serviceContext(request), request.params.id, request.body)),
  );

  r.post(
    '/api/v1/prescriptions/:id/pharmacy-queries',
    {
      config: verify,
      schema: {
        tags,
        summary: 'Ask the prescriber a question about a prescription (they are notified; one open query at a time)',
        params: dispenseParamsSchema,
        body: queryBodySchema,
        response: { 201: pharmacyQuerySchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await askPrescriber(db, serviceContext(request), request.params.id, request.body.message)),
  );

  r.get(
    '/api/v1/prescriptions/:id/pharmacy-queries',
    {
      config: { permission: 'prescriptions.read' },
      schema: {
        tags,
        summary: "The pharmacy's queries about a prescription and their answers (pharmacists; the prescriber's side by the clinical tier)",
        params: dispenseParamsSchema,
        response: { 200: z.object({ items: z.array(pharmacyQuerySchema) }) },
      },
    },
    async (request) => ({ items: await listPrescriptionQueries(db, serviceContext(request), request.params.id) }),
  );

  r.post(
    '/api/v1/prescriptions/:id/pharmacy-queries/:queryId/answer',
    {
      config: { permission: 'prescriptions.write' },
      schema: {
        tags,
        summary: "The prescriber's answer to an open query (which resolves it; the pharmacist is notified)",
        params: queryParamsSchema,
        body: answerBodySchema,
        response: { 200: pharmacyQuerySchema },
      },
    },
    async (request) => answerPharmacyQuery(db, serviceContext(request), request.params.id, request.params.queryId, request.body.answer),
  );
}

function registerDispensingApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.post(
    '/api/v1/prescriptions/:id/dispenses',
    {
      config: dispense,
      schema: {
        tags,
        summary:
          'Dispense a verified prescription (Idempotency-Key required: a retry returns the same dispense and never dispenses twice; at most quantity × (1 + refills) in all, 422 beyond)',
        params: dispenseParamsSchema,
        headers: z.object({ 'idempotency-key': idempotencyKeySchema }),
        body: dispenseBodySchema,
        response: { 201: dispenseSchema },
      },
    },
    async (request, reply) => {
      const outcome = await dispensePrescription(db, serviceContext(request), request.params.id, request.body, {
        idempotency: idempotentRequestOf(request),
      });
      if (outcome.replayed) return sendStoredResponse(reply, outcome.response);
      return reply.status(201).send(outcome.body);
    },
  );

  r.get(
    '/api/v1/prescriptions/:id/dispenses',
    {
      config: dispense,
      schema: {
        tags,
        summary: "A prescription's dispenses, newest first, with the total dispensed and the total allowed",
        params: dispenseParamsSchema,
        querystring: dispensesQuerySchema,
        response: { 200: dispenseListSchema },
      },
    },
    async (request) => listPrescriptionDispenses(db, serviceContext(request), request.params.id, request.query),
  );

  r.get(
    '/api/v1/pharmacy/dispenses',
    {
      config: dispense,
      schema: {
        tags,
        summary: "The pharmacy's recent dispenses, newest first; audited per patient",
        querystring: dispensesQuerySchema,
        response: { 200: recentDispenseListSchema },
      },
    },
    async (request) => listPharmacyDispenses(db, serviceContext(request), request.query),
  );
}
