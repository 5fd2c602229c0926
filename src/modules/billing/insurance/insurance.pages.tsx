import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FieldError } from '../../../platform/errors.js';
import { readUploadFields, takeUpload } from '../../../platform/files/index.js';
import { serviceContext } from '../../../platform/http/context.js';
import { localiseFieldErrors, type FieldMessages } from '../../../platform/http/forms.js';
import { handleForm, type FormFailure } from '../../../platform/http/page-forms.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { sendCardImage } from './cards.api.js';
import { APPEAL_REASON_MAX, CARD_MAX_BYTES, CARD_SIDES } from './insurance.vocabulary.js';
import { listCardImages, readCardImage, uploadCardImage } from './services/card-images.service.js';
import { pollClaimNow } from './services/claim-payer.service.js';
import { getClaim, getClaimQueues, listMyClaims } from './services/claim-queries.service.js';
import { appealClaim, closeClaim, createClaim, submitClaim } from './services/claims.service.js';
import { checkEligibility } from './services/eligibility.service.js';
import { ClaimQueuesPage, MyClaimsPage } from './views/claim-lists.js';
import { ClaimPage } from './views/claim-page.js';
import { MyInsurancePage } from './views/my-insurance.js';

const page = { hide: true } as const;
const manage = { permission: 'billing.manage' } as const;
const own = { permission: 'billing.own' } as const;
const idParams = z.object({ id: z.uuid() });
const CLAIM_NOTICES = ['created', 'submitted', 'polled', 'appealed', 'closed'] as const;
const FIELD_MESSAGES: FieldMessages = {
  reason: ['insurance.field_reason_invalid', { max: APPEAL_REASON_MAX }],
  policyId: ['insurance.field_policy_invalid'],
  serviceDate: ['billing.field_date_invalid'],
  invoiceId: ['insurance.field_invoice_invalid'],
  image: ['insurance.field_image_invalid'],
};

const doneOf = <T extends string>(request: FastifyRequest, notices: readonly T[]): T | undefined =>
  notices.find((n) => n === (request.query as Record<string, unknown>).done);

/** Insurance's pages (docs/billing.md "Insurance") over the same services as the API. */
export function registerInsurancePages(app: FastifyInstance): void {
  registerStaffClaimPages(app);
  registerStaffInsurancePages(app);
  registerPortalInsurancePages(app);
}

function registerStaffClaimPages(app: FastifyInstance): void {
  const { db } = app.deps;
  const claimPage = (id: string, notice: string) => `/staff/billing/claims/${id}?done=${notice}`;
  async function renderClaim(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    extra: { refusal?: string; formErrors?: FieldError[] } = {},
    status = 200,
  ) {
    const claim = await getClaim(db, serviceContext(request), id);
    const ctx = pageContext(request, reply);
    const formErrors = extra.formErrors ? localiseFieldErrors(extra.formErrors, FIELD_MESSAGES, ctx.t) : undefined;
    return sendPage(
      reply,
      <ClaimPage ctx={ctx} claim={claim} staff notice={doneOf(request, CLAIM_NOTICES)} refusal={extra.refusal} formErrors={formErrors} />,
      status,
    );
  }
  const refused = (request: FastifyRequest, reply: FastifyReply, id: string) => (failure: FormFailure) =>
    renderClaim(request, reply, id, { refusal: failure.message, formErrors: failure.errors }, failure.status);

  app.get('/staff/billing/claims', { config: manage, schema: page }, async (request, reply) => {
    const queues = await getClaimQueues(db, serviceContext(request));
    return sendPage(reply, <ClaimQueuesPage ctx={pageContext(request, reply)} queues={queues} />);
  });
  app.post('/staff/billing/claims', { config: manage, schema: page }, async (request, reply) =>
    handleForm(
      request,
      reply,
      z.object({ invoiceId: z.uuid() }),
      async (data) => claimPage((await createClaim(db, serviceContext(request), data.invoiceId, {})).id, 'created'),
      async (failure) => {
        const queues = await getClaimQueues(db, serviceContext(request));
        const refusal = 'message' in failure ? String(failure.message) : pageContext(request, reply).t('insurance.field_invoice_invalid');
        return sendPage(reply, <ClaimQueuesPage ctx={pageContext(request, reply)} queues={queues} refusal={refusal} />, failure.status);
      },
    ),
  );
  app.get('/staff/billing/claims/:id', { config: manage, schema: { ...page, params: idParams } }, async (request, reply) =>
    renderClaim(request, reply, (request.params as { id: string }).id),
  );
  const steps = {
    submit: (request: FastifyRequest, id: string) => submitClaim(db, serviceContext(request), id, app.deps.jobs),
    poll: (request: FastifyRequest, id: string) => pollClaimNow(db, serviceContext(request), id, app.deps.jobs),
    close: (request: FastifyRequest, id: string) => closeClaim(db, serviceContext(request), id),
  } as const;
  const noticeFor = { submit: 'submitted', poll: 'polled', close: 'closed' } as const;
  for (const [name, step] of Object.entries(steps) as [keyof typeof steps, (typeof steps)[keyof typeof steps]][]) {
    app.post(`/staff/billing/claims/:id/${name}`, { config: manage, schema: { ...page, params: idParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      return handleForm(
        request,
        reply,
        z.object({}),
        async () => (await step(request, id), claimPage(id, noticeFor[name])),
        refused(request, reply, id),
      );
    });
  }
  app.post('/staff/billing/claims/:id/appeal', { config: manage, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return handleForm(
      request,
      reply,
      z.object({ reason: z.string().trim().min(1).max(APPEAL_REASON_MAX) }),
      async (data) => (await appealClaim(db, serviceContext(request), id, data.reason, app.deps.jobs), claimPage(id, 'appealed')),
      refused(request, reply, id),
    );
  });
}

/** Eligibility from the patient's billing page, and the card images billing staff view. */
function registerStaffInsurancePages(app: FastifyInstance): void {
  const { db, files } = app.deps;
  app.post(
    '/staff/billing/patients/:id/eligibility-checks',
    { config: manage, schema: { ...page, params: idParams } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      return handleForm(
        request,
        reply,
        z.object({ policyId: z.uuid(), serviceDate: z.iso.date().optional() }),
        async (data) => (
          await checkEligibility(db, serviceContext(request), id, data),
          `/staff/billing/patients/${id}?done=eligibility_checked`
        ),
        async () => reply.redirect(`/staff/billing/patients/${id}?done=eligibility_refused`, 303),
      );
    },
  );
  app.get('/staff/billing/insurance-cards/:id', { config: manage, schema: { ...page, params: idParams } }, async (request, reply) =>
    sendCardImage(reply, await readCardImage(db, files, serviceContext(request), (request.params as { id: string }).id)),
  );
}

/** The patient's claims with their timelines, and their insurance card. */
function registerPortalInsurancePages(app: FastifyInstance): void {
  const { db, files } = app.deps;
  app.get('/portal/claims', { config: own, schema: page }, async (request, reply) => {
    const claims = await listMyClaims(db, serviceContext(request));
    return sendPage(reply, <MyClaimsPage ctx={pageContext(request, reply)} claims={claims} />);
  });
  app.get('/portal/claims/:id', { config: own, schema: { ...page, params: idParams } }, async (request, reply) => {
    const claim = await getClaim(db, serviceContext(request), (request.params as { id: string }).id);
    return sendPage(reply, <ClaimPage ctx={pageContext(request, reply)} claim={claim} staff={false} />);
  });
  async function renderMyInsurance(request: FastifyRequest, reply: FastifyReply, refusal?: string, status = 200) {
    const ctx = serviceContext(request);
    const cards = await listCardImages(db, ctx, ctx.actor.patientId ?? '');
    return sendPage(
      reply,
      <MyInsurancePage ctx={pageContext(request, reply)} cards={cards} notice={doneOf(request, ['uploaded'] as const)} refusal={refusal} />,
      status,
    );
  }
  app.get('/portal/insurance', { config: own, schema: page }, async (request, reply) => renderMyInsurance(request, reply));
  app.post(
    '/portal/insurance/cards',
    {
      config: own,
      preValidation: readUploadFields({ maxBytes: CARD_MAX_BYTES }),
      schema: { ...page, querystring: z.object({ side: z.enum(CARD_SIDES) }) },
    },
    async (request, reply) =>
      handleForm(
        request,
        reply,
        z.object({}),
        async () => {
          const { side } = request.query as { side: (typeof CARD_SIDES)[number] };
          await uploadCardImage(db, files, serviceContext(request), side, takeUpload(request));
          return '/portal/insurance?done=uploaded';
        },
        (failure) => renderMyInsurance(request, reply, 'message' in failure ? String(failure.message) : undefined, failure.status),
      ),
  );
  app.get('/portal/insurance/cards/:id', { config: own, schema: { ...page, params: idParams } }, async (request, reply) =>
    sendCardImage(reply, await readCardImage(db, files, serviceContext(request), (request.params as { id: string }).id)),
  );
}
