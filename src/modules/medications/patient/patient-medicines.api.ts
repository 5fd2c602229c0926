import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { noStore } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import {
  denyRenewalBodySchema,
  idParamsSchema,
  myMedicineListSchema,
  myMedicineSchema,
  renewalDecisionSchema,
  renewalQueueSchema,
  renewalRequestBodySchema,
  renewalRequestSchema,
  verificationBodySchema,
  verificationResultSchema,
} from './patient-medicines.schemas.js';
import { getMyMedicine, listMyMedicines } from './services/my-medicines.service.js';
import { exportMyPrescriptionPdf, type PrescriptionFile } from './services/prescription-export.service.js';
import { verifyPrescriptionCode } from './services/prescription-verification.service.js';
import { approveRenewal, cancelRenewal, denyRenewal, listRenewalQueue, requestRenewal } from './services/renewals.service.js';

const own = { permission: 'prescriptions.own.read' } as const;
const askRenewal = { permission: 'prescriptions.renew.request' } as const;
const decide = { permission: 'prescriptions.renew.decide' } as const;
const tags = ['My medicines'];

/** Public verification: a guess costs a request, and a client gets few (per IP, per minute). */
export const VERIFICATION_RATE_LIMIT = { max: 10, timeWindow: 60_000 } as const;

/** Sends a prescription PDF as an attachment (never cached, never sniffed). */
export function sendPrescriptionPdf(reply: FastifyReply, file: PrescriptionFile) {
  noStore(reply);
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('x-content-type-options', 'nosniff')
    .send(Buffer.from(file.body));
}

/** The patient's medicines, the PDF with its verification code, renewals, and the public verification. */
export function registerPatientMedicinesApi(app: FastifyInstance): void {
  registerMyMedicinesApi(app);
  registerRenewalQueueApi(app);
  registerVerificationApi(app);
}

/** The signed-in patient's own medicines, PDFs and renewal requests. */
function registerMyMedicinesApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.deps;

  r.get(
    '/api/v1/me/medicines',
    {
      config: own,
      schema: {
        tags,
        summary: "The signed-in patient's medicines: active, then past (never drafts or entries in error); audited",
        response: { 200: myMedicineListSchema },
      },
    },
    async (request) => ({ items: await listMyMedicines(db, serviceContext(request)) }),
  );

  r.get(
    '/api/v1/me/medicines/:id',
    {
      config: own,
      schema: {
        tags,
        summary: 'One of your medicines with its latest renewal request; audited',
        params: idParamsSchema,
        response: { 200: myMedicineSchema },
      },
    },
    async (request) => getMyMedicine(db, serviceContext(request), request.params.id),
  );

  r.post(
    '/api/v1/me/medicines/:id/prescription-pdf',
    {
      config: own,
      schema: {
        tags,
        summary: 'The PDF of an active prescription with a new verification code for a pharmacy (each call issues a code; audited)',
        params: idParamsSchema,
        response: { 200: z.string().describe('application/pdf') },
      },
    },
    async (request, reply) =>
      sendPrescriptionPdf(reply, await exportMyPrescriptionPdf(db, serviceContext(request), request.params.id, config.publicUrl)),
  );

  r.post(
    '/api/v1/me/medicines/:id/renewal-requests',
    {
      config: askRenewal,
      schema: {
        tags,
        summary: 'Ask the prescriber to renew an active or completed medicine (409 when a request is pending); audited',
        params: idParamsSchema,
        body: renewalRequestBodySchema,
        response: { 201: renewalRequestSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await requestRenewal(db, serviceContext(request), request.params.id, request.body.note)),
  );

  r.post(
    '/api/v1/me/renewal-requests/:id/cancel',
    {
      config: askRenewal,
      schema: { tags, summary: 'Withdraw a pending renewal request', params: idParamsSchema, response: { 200: renewalRequestSchema } },
    },
    async (request) => cancelRenewal(db, serviceContext(request), request.params.id),
  );
}

/** The prescriber's queue and decisions. */
function registerRenewalQueueApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/api/v1/renewal-requests',
    {
      config: decide,
      schema: {
        tags,
        summary: "The signed-in prescriber's pending renewal requests, oldest first; audited per patient",
        response: { 200: renewalQueueSchema },
      },
    },
    async (request) => ({ items: await listRenewalQueue(db, serviceContext(request)) }),
  );

  r.post(
    '/api/v1/renewal-requests/:id/approve',
    {
      config: decide,
      schema: {
        tags,
        summary: 'Approve: a new draft copying the prescription (sign it as usual); the patient is notified',
        params: idParamsSchema,
        response: { 200: renewalDecisionSchema },
      },
    },
    async (request) => approveRenewal(db, serviceContext(request), request.params.id),
  );

  r.post(
    '/api/v1/renewal-requests/:id/deny',
    {
      config: decide,
      schema: {
        tags,
        summary: 'Deny with a reason; the patient is notified',
        params: idParamsSchema,
        body: denyRenewalBodySchema,
        response: { 200: renewalDecisionSchema },
      },
    },
    async (request) => ({
      request: await denyRenewal(db, serviceContext(request), request.params.id, request.body.reason),
      newPrescriptionId: null,
    }),
  );
}

/** The public check of a code printed on a prescription PDF. */
function registerVerificationApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.post(
    '/api/v1/prescription-verifications',
    {
      config: { permission: 'public', rateLimit: VERIFICATION_RATE_LIMIT },
      schema: {
        tags: ['Prescription verification'],
        summary:
          'A pharmacy checks the code printed on a prescription: valid or not, status, product, date signed, prescriber (public, rate-limited)',
        body: verificationBodySchema,
        response: { 200: verificationResultSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return verifyPrescriptionCode(db, { code: request.body.code, origin: request.origin, now: app.deps.clock() });
    },
  );
}
