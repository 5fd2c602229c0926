import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FHIR_JSON } from '../../../platform/fhir/fhir-http.js';
import { noStore } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import { appealBodySchema, claimListSchema, claimQueuesSchema, claimSchema, idParamsSchema } from './insurance.schemas.js';
import { exportClaimFhir, getClaim, getClaimQueues, listMyClaims, listPatientClaims } from './services/claim-queries.service.js';
import { pollClaimNow } from './services/claim-payer.service.js';
import { appealClaim, closeClaim, createClaim, submitClaim } from './services/claims.service.js';

const manage = { permission: 'billing.manage' } as const;
const own = { permission: 'billing.own' } as const;
const tags = ['Insurance'];

const createBody = z.object({ invoiceId: z.uuid(), policyId: z.uuid().optional() }).strict();
const patientQuery = z.object({ patientId: z.uuid() }).strict();
const fhirResource = z.record(z.string(), z.unknown()).describe('A FHIR R4 resource (application/fhir+json)');

/** Claims: billing staff create, submit, ask the payer, appeal and close them; patients follow theirs. */
export function registerClaimsApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const jobs = () => app.deps.jobs;

  r.get(
    '/api/v1/claims/queues',
    { config: manage, schema: { tags, summary: 'Claims to submit (drafts) and denials', response: { 200: claimQueuesSchema } } },
    async (request, reply) => {
      noStore(reply);
      return getClaimQueues(db, serviceContext(request));
    },
  );
  r.get(
    '/api/v1/claims',
    {
      config: manage,
      schema: { tags, summary: 'A patient’s claims, newest first', querystring: patientQuery, response: { 200: claimListSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      return { items: await listPatientClaims(db, serviceContext(request), request.query.patientId) };
    },
  );
  r.post(
    '/api/v1/claims',
    {
      config: manage,
      schema: {
        tags,
        summary: 'A draft claim for the insurer’s share of an issued invoice (one per invoice: 409 for a second)',
        body: createBody,
        response: { 201: claimSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const ctx = serviceContext(request);
      const { id } = await createClaim(db, ctx, request.body.invoiceId, { policyId: request.body.policyId });
      return reply.code(201).send(await getClaim(db, ctx, id));
    },
  );
  r.get(
    '/api/v1/claims/:id',
    {
      config: manage,
      schema: { tags, summary: 'A claim with its lines and timeline', params: idParamsSchema, response: { 200: claimSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      return getClaim(db, serviceContext(request), request.params.id);
    },
  );

  const actions = {
    submit: {
      summary: 'Submit a draft claim to the payer (409 unless draft)',
      run: (ctx: ReturnType<typeof serviceContext>, id: string) => submitClaim(db, ctx, id, jobs()),
    },
    poll: {
      summary: 'Ask the payer now for its acknowledgement or decision (409 when the claim waits for nothing)',
      run: (ctx: ReturnType<typeof serviceContext>, id: string) => pollClaimNow(db, ctx, id, jobs()),
    },
    close: {
      summary: 'Close an adjudicated claim (409 otherwise)',
      run: (ctx: ReturnType<typeof serviceContext>, id: string) => closeClaim(db, ctx, id),
    },
  } as const;
  for (const [name, action] of Object.entries(actions)) {
    r.post(
      `/api/v1/claims/:id/${name}`,
      { config: manage, schema: { tags, summary: action.summary, params: idParamsSchema, response: { 200: claimSchema } } },
      async (request, reply) => {
        noStore(reply);
        const ctx = serviceContext(request);
        await action.run(ctx, request.params.id);
        return getClaim(db, ctx, request.params.id);
      },
    );
  }
  r.post(
    '/api/v1/claims/:id/appeal',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Appeal a denial or a partial payment, with a reason',
        params: idParamsSchema,
        body: appealBodySchema,
        response: { 200: claimSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const ctx = serviceContext(request);
      await appealClaim(db, ctx, request.params.id, request.body.reason, jobs());
      return getClaim(db, ctx, request.params.id);
    },
  );

  registerMyClaimsAndFhirApi(app);
}

/** The patient's own claims, and the FHIR R4 export for billing staff. */
function registerMyClaimsAndFhirApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  r.get(
    '/api/v1/me/claims',
    { config: own, schema: { tags, summary: 'Your insurance claims, newest first', response: { 200: claimListSchema } } },
    async (request, reply) => {
      noStore(reply);
      return { items: await listMyClaims(db, serviceContext(request)) };
    },
  );
  r.get(
    '/api/v1/me/claims/:id',
    {
      config: own,
      schema: { tags, summary: 'One of your claims with its timeline', params: idParamsSchema, response: { 200: claimSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      return getClaim(db, serviceContext(request), request.params.id);
    },
  );

  for (const kind of ['Claim', 'ClaimResponse'] as const) {
    r.get(
      `/fhir/r4/${kind}/:id`,
      {
        config: manage,
        schema: {
          tags: ['FHIR'],
          summary:
            kind === 'Claim'
              ? 'A claim as a FHIR R4 Claim'
              : 'The payer’s decision on a claim as a FHIR R4 ClaimResponse (404 before adjudication)',
          params: idParamsSchema,
          response: { 200: fhirResource },
        },
      },
      async (request, reply) => {
        noStore(reply);
        const resource = await exportClaimFhir(db, serviceContext(request), request.params.id, kind);
        return reply.type(FHIR_JSON).send(resource as unknown as Record<string, unknown>);
      },
    );
  }
}
