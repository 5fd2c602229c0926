import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../../platform/errors.js';
import { noStore } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import { parseForm } from '../../../platform/http/forms.js';
import { handleForm } from '../../../platform/http/page-forms.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { sendPrescriptionPdf, VERIFICATION_RATE_LIMIT } from './patient-medicines.api.js';
import { denyRenewalBodySchema, idParamsSchema, renewalRequestBodySchema, verificationBodySchema } from './patient-medicines.schemas.js';
import { getMyMedicine, listMyMedicines } from './services/my-medicines.service.js';
import { exportMyPrescriptionPdf } from './services/prescription-export.service.js';
import { verifyPrescriptionCode } from './services/prescription-verification.service.js';
import { approveRenewal, cancelRenewal, denyRenewal, listRenewalQueue, requestRenewal } from './services/renewals.service.js';
import { MyMedicinePage, MyMedicinesPage } from './views/my-medicines.js';
import { RenewalQueuePage } from './views/renewal-queue.js';
import { VerifyPrescriptionPage } from './views/verify-prescription.js';

const own = { permission: 'prescriptions.own.read' } as const;
const askRenewal = { permission: 'prescriptions.renew.request' } as const;
const decide = { permission: 'prescriptions.renew.decide' } as const;
const hide = { hide: true } as const;

/** The confirmations a page may show after a redirect (a fixed list: nothing else is echoed). */
const DONE = new Set(['renewal_requested', 'renewal_cancelled', 'renewal_denied']);
const doneOf = (request: FastifyRequest) => {
  const value = (request.query as Record<string, unknown> | undefined)?.done;
  return typeof value === 'string' && DONE.has(value) ? value : undefined;
};

function idOf(request: FastifyRequest): string {
  const parsed = idParamsSchema.safeParse(request.params);
  if (!parsed.success) throw new AppError('not_found', 'What you asked for was not found.');
  return parsed.data.id;
}

/** Portal pages (my medicines), the public verification page, and the prescriber's renewal queue. */
export function registerPatientMedicinesPages(app: FastifyInstance): void {
  registerPortalPages(app);
  registerVerificationPage(app);
  registerRenewalQueuePages(app);
}

function registerPortalPages(app: FastifyInstance): void {
  const { db, config } = app.deps;

  app.get('/portal/medicines', { config: own, schema: hide }, async (request, reply) => {
    const items = await listMyMedicines(db, serviceContext(request));
    return sendPage(reply, <MyMedicinesPage ctx={pageContext(request, reply)} items={items} />);
  });

  app.get('/portal/medicines/:id', { config: own, schema: hide }, async (request, reply) => {
    const medicine = await getMyMedicine(db, serviceContext(request), idOf(request));
    return sendPage(reply, <MyMedicinePage ctx={pageContext(request, reply)} medicine={medicine} done={doneOf(request)} />);
  });

  // A POST: each download issues a new verification code (a change), and a GET must change nothing.
  app.post('/portal/medicines/:id/prescription.pdf', { config: own, schema: hide }, async (request, reply) => {
    return sendPrescriptionPdf(reply, await exportMyPrescriptionPdf(db, serviceContext(request), idOf(request), config.publicUrl));
  });

  app.post('/portal/medicines/:id/renewal', { config: askRenewal, schema: hide }, async (request, reply) => {
    const id = idOf(request);
    const ctx = serviceContext(request);
    return handleForm(
      request,
      reply,
      renewalRequestBodySchema,
      async (data) => {
        await requestRenewal(db, ctx, id, data.note);
        return `/portal/medicines/${id}?done=renewal_requested`;
      },
      async (failure) => {
        const medicine = await getMyMedicine(db, ctx, id);
        const page = pageContext(request, reply);
        const message = failure.status === 409 ? page.t('my_medicines.renewal_conflict') : failure.message;
        const note = typeof failure.values.note === 'string' ? failure.values.note : undefined;
        return sendPage(
          reply,
          <MyMedicinePage ctx={page} medicine={medicine} form={{ errors: failure.errors, message, note }} />,
          failure.status,
        );
      },
    );
  });

  app.post('/portal/renewal-requests/:id/cancel', { config: askRenewal, schema: hide }, async (request, reply) => {
    const row = await cancelRenewal(db, serviceContext(request), idOf(request));
    return reply.redirect(`/portal/medicines/${row.prescriptionId}?done=renewal_cancelled`, 303);
  });
}

function registerVerificationPage(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get('/verify-prescription', { config: { permission: 'public' }, schema: hide }, async (request, reply) =>
    sendPage(reply, <VerifyPrescriptionPage ctx={pageContext(request, reply)} />),
  );

  app.post(
    '/verify-prescription',
    { config: { permission: 'public', rateLimit: VERIFICATION_RATE_LIMIT }, schema: hide },
    async (request, reply) => {
      const ctx = pageContext(request, reply);
      noStore(reply);
      const form = parseForm(verificationBodySchema, request.body);
      if (!form.ok) {
        const errors = form.errors.map((e) => ({ ...e, message: ctx.t('my_medicines.verify_code_required') }));
        return sendPage(reply, <VerifyPrescriptionPage ctx={ctx} errors={errors} />, 400);
      }
      const result = await verifyPrescriptionCode(db, { code: form.data.code, origin: request.origin, now: app.deps.clock() });
      return sendPage(reply, <VerifyPrescriptionPage ctx={ctx} result={result} />);
    },
  );
}

function registerRenewalQueuePages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get('/staff/renewal-requests', { config: decide, schema: hide }, async (request, reply) => {
    const items = await listRenewalQueue(db, serviceContext(request));
    return sendPage(reply, <RenewalQueuePage ctx={pageContext(request, reply)} items={items} done={doneOf(request)} />);
  });

  app.post('/staff/renewal-requests/:id/approve', { config: decide, schema: hide }, async (request, reply) => {
    const { newPrescriptionId } = await approveRenewal(db, serviceContext(request), idOf(request));
    // The new draft opens with the checks as signing would run them: the doctor signs it there.
    return reply.redirect(`/staff/prescriptions/${newPrescriptionId}`, 303);
  });

  app.post('/staff/renewal-requests/:id/deny', { config: decide, schema: hide }, async (request, reply) => {
    const id = idOf(request);
    const ctx = serviceContext(request);
    return handleForm(
      request,
      reply,
      denyRenewalBodySchema,
      async (data) => {
        await denyRenewal(db, ctx, id, data.reason);
        return '/staff/renewal-requests?done=renewal_denied';
      },
      async (failure) => {
        const page = pageContext(request, reply);
        const items = await listRenewalQueue(db, ctx);
        const message = failure.status === 400 ? page.t('my_medicines.queue_deny_reason_needed') : page.t('my_medicines.renewal_conflict');
        const errors = failure.errors.map((e) => ({ ...e, message: page.t('my_medicines.queue_deny_reason_needed') }));
        return sendPage(reply, <RenewalQueuePage ctx={page} items={items} failure={{ id, message, errors }} />, failure.status);
      },
    );
  });
}
