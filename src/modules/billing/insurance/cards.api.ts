import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readUploadFields, takeUpload } from '../../../platform/files/index.js';
import { noStore } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import {
  cardImageListSchema,
  cardImageSchema,
  cardSideQuerySchema,
  eligibilityCheckBodySchema,
  eligibilityCheckSchema,
  eligibilityListSchema,
  idParamsSchema,
} from './insurance.schemas.js';
import { CARD_MAX_BYTES } from './insurance.vocabulary.js';
import { listCardImages, readCardImage, uploadCardImage } from './services/card-images.service.js';
import { checkEligibility, listEligibilityChecks } from './services/eligibility.service.js';

const manage = { permission: 'billing.manage' } as const;
const own = { permission: 'billing.own' } as const;
const tags = ['Insurance'];
const patientQuery = z.object({ patientId: z.uuid() }).strict();

/** A card image: its sniffed type, never sniffed again by the browser, shown inline in a sandbox, never cached. */
export function sendCardImage(reply: FastifyReply, image: { bytes: Buffer; contentType: string; filename: string }) {
  return reply
    .header('content-type', image.contentType)
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', `inline; filename="${image.filename}"`)
    .header('cache-control', 'private, no-store')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(image.bytes);
}

/** Eligibility checks (billing staff) and insurance card images (patients upload, billing staff view). */
export function registerEligibilityAndCardsApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.post(
    '/api/v1/eligibility-checks',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Ask the policy’s payer whether the patient is covered on a day; the answer is kept with when and by whom',
        body: eligibilityCheckBodySchema.extend({ patientId: z.uuid() }).strict(),
        response: { 201: eligibilityCheckSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const { patientId, ...input } = request.body;
      return reply.code(201).send(await checkEligibility(db, serviceContext(request), patientId, input));
    },
  );
  r.get(
    '/api/v1/eligibility-checks',
    {
      config: manage,
      schema: {
        tags,
        summary: 'A patient’s eligibility checks, newest first',
        querystring: patientQuery,
        response: { 200: eligibilityListSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return { items: await listEligibilityChecks(db, serviceContext(request), request.query.patientId) };
    },
  );

  registerCardsApi(app);
}

/** Insurance card images: the patient uploads and sees theirs; billing staff see any patient's. */
function registerCardsApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, files } = app.deps;
  r.post(
    '/api/v1/me/insurance-cards',
    {
      config: own,
      preValidation: readUploadFields({ maxBytes: CARD_MAX_BYTES }),
      schema: {
        tags,
        summary:
          'Upload a side of your insurance card: multipart/form-data with one file field "image" (PNG or JPEG up to 5 MiB, typed by its bytes)',
        consumes: ['multipart/form-data'],
        querystring: cardSideQuerySchema,
        response: { 201: cardImageSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return reply.code(201).send(await uploadCardImage(db, files, serviceContext(request), request.query.side, takeUpload(request)));
    },
  );
  r.get(
    '/api/v1/me/insurance-cards',
    { config: own, schema: { tags, summary: 'Your insurance card images, newest first', response: { 200: cardImageListSchema } } },
    async (request, reply) => {
      noStore(reply);
      const ctx = serviceContext(request);
      return { items: await listCardImages(db, ctx, ctx.actor.patientId ?? '') };
    },
  );
  r.get(
    '/api/v1/me/insurance-cards/:id',
    {
      config: own,
      schema: {
        tags,
        summary: 'One of your card images (audited)',
        params: idParamsSchema,
        response: { 200: z.string().describe('The image bytes') },
      },
    },
    async (request, reply) => sendCardImage(reply, await readCardImage(db, files, serviceContext(request), request.params.id)),
  );
  r.get(
    '/api/v1/insurance-cards',
    {
      config: manage,
      schema: {
        tags,
        summary: 'A patient’s insurance card images, newest first',
        querystring: patientQuery,
        response: { 200: cardImageListSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return { items: await listCardImages(db, serviceContext(request), request.query.patientId) };
    },
  );
  r.get(
    '/api/v1/insurance-cards/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'A patient’s card image (audited)',
        params: idParamsSchema,
        response: { 200: z.string().describe('The image bytes') },
      },
    },
    async (request, reply) => sendCardImage(reply, await readCardImage(db, files, serviceContext(request), request.params.id)),
  );
}
