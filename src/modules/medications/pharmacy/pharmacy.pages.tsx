import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../../../platform/errors.js';
import { serviceContext } from '../../../platform/http/context.js';
import { localisedDetail } from '../../../platform/http/error-detail.js';
import { normaliseForm } from '../../../platform/http/forms.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { dispenseBodySchema, dispensesQuerySchema, queryParamsSchema, queueQuerySchema } from './pharmacy.schemas.js';
import { dispensePrescription, getDispenseLabel, listPharmacyDispenses } from './services/dispensing.service.js';
import {
  answerPharmacyQuery,
  askPrescriber,
  decideVerification,
  getPharmacyView,
  listPharmacyQueue,
} from './services/verification.service.js';
import { DispenseLabelPage } from './views/dispense-label.js';
import { PharmacyPrescriptionPage } from './views/pharmacy-prescription.js';
import { PharmacyQueuePage, RecentDispensesPage } from './views/pharmacy-queue.js';
import { z } from 'zod';

const verify = { permission: 'pharmacy.verify' } as const;
const dispense = { permission: 'pharmacy.dispense' } as const;
const idSchema = z.object({ id: z.uuid() });

function idOf(request: FastifyRequest, what: string): string {
  const parsed = idSchema.safeParse(request.params);
  if (!parsed.success) throw new AppError('not_found', `${what} was not found.`);
  return parsed.data.id;
}

const text = (values: Record<string, unknown>, name: string) => {
  const value = values[name];
  return typeof value === 'string' ? value.trim() : '';
};

/** Form fields of the dispense form, and the translated message of each (services write English for the API). */
const FIELD_OF: Record<string, string> = { 'quantity.value': 'quantityValue', 'quantity.unit': 'quantityValue' };
const MESSAGE_OF: Record<string, string> = {
  quantityValue: 'pharmacy.error_quantity',
  lotNumber: 'pharmacy.error_lot',
  expiresOn: 'pharmacy.error_expiry',
};

/** A refusal shown on the page in the reader's language (beside the field when the service names one), or rethrown. */
function formErrorsOf(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
): { errors: FieldError[]; problem: string; status: number } {
  if (!(error instanceof AppError) || error.status === 401 || error.status === 403 || error.status === 404) throw error;
  const { t, locale } = pageContext(request, reply);
  const listed = Array.isArray(error.extra.errors) ? (error.extra.errors as FieldError[]) : [];
  const errors = listed.map((e) => {
    const path = FIELD_OF[e.path] ?? e.path;
    return { path, message: MESSAGE_OF[path] ? t(MESSAGE_OF[path]) : localisedDetail(error, locale) };
  });
  return { errors, problem: localisedDetail(error, locale), status: error.status };
}

/** The pharmacist's pages: the queue, one prescription (verify, reject, query, dispense), recent dispenses, labels. */
export function registerPharmacyPages(app: FastifyInstance): void {
  registerQueuePages(app);
  registerPrescriptionActions(app);
  registerAnswerPage(app);
}

function registerQueuePages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get('/staff/pharmacy', { config: verify, schema: { hide: true } }, async (request, reply) => {
    const parsed = queueQuerySchema.safeParse(normaliseForm(request.query));
    const query = parsed.success ? parsed.data : { stage: 'verification' as const, limit: 20 };
    const page = await listPharmacyQueue(db, serviceContext(request), query);
    const nextHref = page.nextCursor ? `/staff/pharmacy?stage=${query.stage}&cursor=${encodeURIComponent(page.nextCursor)}` : null;
    return sendPage(
      reply,
      <PharmacyQueuePage ctx={pageContext(request, reply)} stage={query.stage} items={page.items} nextHref={nextHref} />,
    );
  });

  app.get('/staff/pharmacy/dispenses', { config: dispense, schema: { hide: true } }, async (request, reply) => {
    const parsed = dispensesQuerySchema.safeParse(normaliseForm(request.query));
    const page = await listPharmacyDispenses(db, serviceContext(request), parsed.success ? parsed.data : { limit: 20 });
    const nextHref = page.nextCursor ? `/staff/pharmacy/dispenses?cursor=${encodeURIComponent(page.nextCursor)}` : null;
    return sendPage(reply, <RecentDispensesPage ctx={pageContext(request, reply)} items={page.items} nextHref={nextHref} />);
  });

  app.get('/staff/pharmacy/dispenses/:id/label', { config: dispense, schema: { hide: true } }, async (request, reply) => {
    const label = await getDispenseLabel(db, serviceContext(request), idOf(request, 'The dispense'));
    return sendPage(reply, <DispenseLabelPage ctx={pageContext(request, reply)} label={label} />);
  });
}

function registerPrescriptionActions(app: FastifyInstance): void {
  const { db, clock } = app.deps;

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { errors?: FieldError[]; problem?: string; status?: number; values?: Record<string, string | undefined> } = {},
  ) => {
    const page = await getPharmacyView(db, serviceContext(request), idOf(request, 'The prescription'));
    return sendPage(
      reply,
      <PharmacyPrescriptionPage
        ctx={pageContext(request, reply)}
        now={clock()}
        patient={page.patient}
        allergies={page.allergies}
        view={page.view}
        dispenses={page.dispenses}
        errors={options.errors ?? []}
        problem={options.problem}
        values={options.values}
      />,
      options.status ?? 200,
    );
  };

  /** Runs a page action; on success back to the prescription's page, on a refusal the page with the message. */
  const act = async (
    request: FastifyRequest,
    reply: FastifyReply,
    run: (id: string) => Promise<unknown>,
    values?: Record<string, string | undefined>,
  ) => {
    const id = idOf(request, 'The prescription');
    try {
      await run(id);
      return reply.redirect(`/staff/pharmacy/prescriptions/${id}`, 303);
    } catch (error) {
      return render(request, reply, { ...formErrorsOf(request, reply, error), values });
    }
  };

  app.get('/staff/pharmacy/prescriptions/:id', { config: verify, schema: { hide: true } }, async (request, reply) =>
    render(request, reply),
  );

  app.post('/staff/pharmacy/prescriptions/:id/verify', { config: verify, schema: { hide: true } }, async (request, reply) =>
    act(request, reply, (id) => decideVerification(db, serviceContext(request), id, { decision: 'verified' })),
  );

  app.post('/staff/pharmacy/prescriptions/:id/reject', { config: verify, schema: { hide: true } }, async (request, reply) => {
    const reason = text(normaliseForm(request.body), 'reason');
    if (reason.length < 3) {
      return render(request, reply, {
        status: 400,
        errors: [{ path: 'reason', message: pageContext(request, reply).t('pharmacy.reason_required') }],
      });
    }
    return act(request, reply, (id) => decideVerification(db, serviceContext(request), id, { decision: 'rejected', reason }));
  });

  app.post('/staff/pharmacy/prescriptions/:id/query', { config: verify, schema: { hide: true } }, async (request, reply) => {
    const message = text(normaliseForm(request.body), 'message');
    if (message.length < 3) {
      return render(request, reply, {
        status: 400,
        errors: [{ path: 'message', message: pageContext(request, reply).t('pharmacy.message_required') }],
      });
    }
    return act(request, reply, (id) => askPrescriber(db, serviceContext(request), id, message));
  });

  app.post('/staff/pharmacy/prescriptions/:id/dispense', { config: dispense, schema: { hide: true } }, async (request, reply) => {
    const values = normaliseForm(request.body);
    const strings = {
      quantityValue: text(values, 'quantityValue'),
      lotNumber: text(values, 'lotNumber'),
      expiresOn: text(values, 'expiresOn'),
    };
    const parsed = dispenseBodySchema.safeParse({
      quantity: { value: Number(strings.quantityValue || Number.NaN), unit: text(values, 'quantityUnit') },
      lotNumber: strings.lotNumber,
      expiresOn: strings.expiresOn,
    });
    if (!parsed.success) {
      const { t } = pageContext(request, reply);
      const errors = parsed.error.issues.map((i) => {
        const path = FIELD_OF[i.path.join('.')] ?? i.path.join('.');
        return { path, message: t(MESSAGE_OF[path] ?? 'pharmacy.error_quantity') };
      });
      return render(request, reply, { status: 400, errors, values: strings });
    }
    // The form's one-time key is the dispense's key: a form sent twice dispenses once.
    return act(
      request,
      reply,
      (id) => dispensePrescription(db, serviceContext(request), id, parsed.data, { formKey: request.formKey }),
      strings,
    );
  });
}

/** The prescriber answers a pharmacy query from the prescription's page. */
function registerAnswerPage(app: FastifyInstance): void {
  const { db } = app.deps;
  app.post(
    '/staff/prescriptions/:id/pharmacy-queries/:queryId/answer',
    { config: { permission: 'prescriptions.write' }, schema: { hide: true } },
    async (request, reply) => {
      const params = queryParamsSchema.safeParse(request.params);
      if (!params.success) throw new AppError('not_found', 'The query was not found.');
      const answer = text(normaliseForm(request.body), 'answer');
      if (answer.length === 0)
        throw new AppError('validation_failed', 'Write an answer.', { errors: [{ path: 'answer', message: 'Write an answer.' }] });
      await answerPharmacyQuery(db, serviceContext(request), params.data.id, params.data.queryId, answer);
      return reply.redirect(`/staff/prescriptions/${params.data.id}#pharmacy-queries`, 303);
    },
  );
}
