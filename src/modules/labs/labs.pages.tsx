import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, type FieldError } from '../../platform/errors.js';
import { serviceContext } from '../../platform/http/context.js';
import { formVersion, normaliseForm } from '../../platform/http/forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import type { CatalogueRange } from './labs.catalogue-defaults.js';
import { createLabOrderSchema, idParamsSchema, testCodeParamsSchema } from './labs.schemas.js';
import { LAB_PERFORMERS, LAB_RANGE_SEXES, LAB_RESULT_STATUSES, LAB_SPECIMENS, type LabResultStatus } from './labs.vocabulary.js';
import { readLabCatalogue, updateLabTest } from './services/lab-catalogue.service.js';
import { labAccess } from './services/lab-access.js';
import { readReleaseRules } from './services/lab-release.js';
import { outsideLabConnected, readSendOut, sendOutDepsOf } from './services/lab-send-out.js';
import { listPatientTrendValues } from './services/lab-patient-results.service.js';
import { createLabOrder, getLabOrder, listLabQueue, listPatientLabOrders, moveLabOrder } from './services/lab-orders.service.js';
import { enterLabResults, reviewLabOrder, reviewLabOrdersBatch, type ResultEntry } from './services/lab-results.service.js';
import { listMyResultsToReview } from './services/results-to-review.service.js';
import { checkTestQuery, testQuerySchema } from './views/lab-results-portal.js';
import { CataloguePage, CatalogueTestPage } from './views/lab-catalogue-pages.js';
import { LabLabelPage, LabQueuePage } from './views/lab-work-pages.js';
import { LabOrderPage } from './views/lab-order-page.js';
import { NewLabOrderPage, PatientLabOrdersPage, ResultsToReviewPage, type OrderFormValues } from './views/lab-pages.js';

const notHere = () => new AppError('not_found', 'There is nothing at this address.');

function idOf(request: FastifyRequest): string {
  const parsed = idParamsSchema.safeParse(request.params);
  if (!parsed.success) throw notHere();
  return parsed.data.id;
}

const versionOf = (body: unknown): { version?: number } => {
  const v = Number(formVersion(body));
  return Number.isInteger(v) && v > 0 ? { version: v } : {};
};

/** A refused step comes back to the order page with a message (409: moved on meanwhile; 4xx: the input). */
async function onOrder(reply: FastifyReply, id: string, work: () => Promise<unknown>) {
  try {
    await work();
    return reply.redirect(`/lab/orders/${id}?done=1`, 303);
  } catch (error) {
    if (error instanceof AppError && (error.status === 409 || error.status === 422 || error.status === 400)) {
      return reply.redirect(`/lab/orders/${id}?problem=${error.status === 409 ? 'conflict' : 'invalid'}`, 303);
    }
    throw error;
  }
}

const query = (request: FastifyRequest) => request.query as Record<string, string | undefined>;

/** Values of the result entry form: value_<CODE>, unit_<CODE>, text_<CODE>, one status for all. */
function resultEntries(form: Record<string, unknown>): ResultEntry[] {
  const status = (LAB_RESULT_STATUSES as readonly string[]).includes(String(form.status)) ? (form.status as LabResultStatus) : 'final';
  const entries: ResultEntry[] = [];
  for (const [key, raw] of Object.entries(form)) {
    if (typeof raw !== 'string') continue;
    const value = raw;
    if (key.startsWith('value_')) {
      const code = key.slice(6);
      const number = Number(value.replace(',', '.'));
      const unit = form[`unit_${code}`];
      entries.push(
        Number.isFinite(number)
          ? { test: code, value: number, status, ...(typeof unit === 'string' ? { unit } : {}) }
          : { test: code, text: value, status },
      );
    } else if (key.startsWith('text_')) {
      entries.push({ test: key.slice(5), text: value, status });
    }
  }
  return entries;
}

const optionalNumber = (v: unknown) =>
  v === undefined || v === '' ? null : typeof v === 'string' ? Number(v.replace(',', '.')) : Number.NaN;

/** The catalogue form's ranges: rows whose limits are all empty are dropped (the spare row). */
function rangesOf(form: Record<string, unknown>): { ranges: CatalogueRange[]; errors: FieldError[] } {
  const ranges: CatalogueRange[] = [];
  const errors: FieldError[] = [];
  for (let i = 0; i < 21; i += 1) {
    const get = (k: string) => form[`ranges.${i}.${k}`];
    const limits = ['low', 'high', 'criticalLow', 'criticalHigh'].map((k) => optionalNumber(get(k)));
    if (get('sex') === undefined) break;
    if (limits.every((l) => l === null)) continue;
    const sex = String(get('sex'));
    const ageMin = optionalNumber(get('ageMin')) ?? 0;
    const ageMax = optionalNumber(get('ageMax'));
    if (
      [...limits, ageMin, ageMax].some((v) => v !== null && !Number.isFinite(v)) ||
      !(LAB_RANGE_SEXES as readonly string[]).includes(sex)
    ) {
      errors.push({ path: `ranges.${i}`, message: 'Each limit must be a number.' });
      continue;
    }
    ranges.push({
      sex: sex as CatalogueRange['sex'],
      ageMin,
      ageMax,
      low: limits[0]!,
      high: limits[1]!,
      criticalLow: limits[2]!,
      criticalHigh: limits[3]!,
    });
  }
  return { ranges, errors };
}

/** Laboratory pages: the patient's orders, ordering, the order (steps, results, review), the label, the queue, review, the catalogue. */
export function registerLabsPages(app: FastifyInstance): void {
  registerOrderPages(app);
  registerOrderViewPages(app);
  registerStepPages(app);
  registerCataloguePages(app);
}

function registerOrderPages(app: FastifyInstance): void {
  const { db } = app.deps;
  const outbound = sendOutDepsOf(app);

  const ordersQuery = z.object({ test: testQuerySchema.optional(), cursor: z.string().max(200).optional() });
  app.get(
    '/staff/patients/:id/lab-orders',
    { config: { permission: 'labs.read' }, schema: { hide: true, querystring: ordersQuery } },
    async (request, reply) => {
      const id = idOf(request);
      const { test, cursor } = request.query as z.infer<typeof ordersQuery>;
      // 20 orders a page (the older ones a link away); the trends only on the first page.
      const { patient, orders, nextCursor } = await listPatientLabOrders(db, serviceContext(request), id, {
        limit: 20,
        ...(cursor ? { cursor } : {}),
      });
      const trends = cursor ? undefined : await listPatientTrendValues(db, patient.id);
      if (trends) checkTestQuery(trends, test);
      const base = `/staff/patients/${patient.id}/lab-orders`;
      return sendPage(
        reply,
        <PatientLabOrdersPage
          ctx={pageContext(request, reply)}
          patient={patient}
          orders={orders}
          olderHref={nextCursor ? `${base}?cursor=${encodeURIComponent(nextCursor)}` : null}
          {...(trends ? { trends } : {})}
          {...(test ? { test } : {})}
        />,
      );
    },
  );

  app.get(
    '/staff/patients/:id/lab-orders/new',
    { config: { permission: 'labs.order' }, schema: { hide: true } },
    async (request, reply) => {
      const ctx = serviceContext(request);
      const access = await labAccess(db, ctx, idOf(request), 'lab_order.create');
      const catalogue = await readLabCatalogue(db);
      const encounter = z.uuid().safeParse(query(request).encounter);
      const values: OrderFormValues = encounter.success ? { encounterId: encounter.data } : {};
      return sendPage(
        reply,
        <NewLabOrderPage
          ctx={pageContext(request, reply)}
          patient={access.patient}
          catalogue={catalogue}
          values={values}
          errors={[]}
          outsideLab={outsideLabConnected(outbound)}
        />,
      );
    },
  );

  app.post('/staff/patients/:id/lab-orders', { config: { permission: 'labs.order' }, schema: { hide: true } }, async (request, reply) => {
    const patientId = idOf(request);
    const form = normaliseForm(request.body);
    const parsed = createLabOrderSchema.safeParse({
      ...form,
      fasting: form.fasting === 'true',
      ...(form.sendOut === 'true' ? { sendOut: true } : {}),
    });
    const ctx = serviceContext(request);
    let errors: FieldError[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    if (parsed.success) {
      try {
        const order = await createLabOrder(db, outbound, ctx, patientId, parsed.data);
        return reply.redirect(`/lab/orders/${order.id}?done=1`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 422) throw error;
        errors = (error.extra.errors as FieldError[] | undefined) ?? [{ path: 'item', message: error.detail }];
      }
    }
    const access = await labAccess(db, ctx, patientId, 'lab_order.create');
    const values: OrderFormValues = {
      ...(typeof form.item === 'string' ? { item: form.item } : {}),
      ...(typeof form.priority === 'string' ? { priority: form.priority } : {}),
      ...(typeof form.indication === 'string' ? { indication: form.indication } : {}),
      ...(typeof form.encounterId === 'string' ? { encounterId: form.encounterId } : {}),
      fasting: form.fasting === 'true',
      sendOut: form.sendOut === 'true',
    };
    return sendPage(
      reply,
      <NewLabOrderPage
        ctx={pageContext(request, reply)}
        patient={access.patient}
        catalogue={await readLabCatalogue(db)}
        values={values}
        errors={errors}
        outsideLab={outsideLabConnected(outbound)}
      />,
      400,
    );
  });
}

/** An order's page and its specimen label. */
function registerOrderViewPages(app: FastifyInstance): void {
  const { db } = app.deps;
  app.get('/lab/orders/:id', { config: { permission: 'labs.read' }, schema: { hide: true } }, async (request, reply) => {
    const detail = await getLabOrder(db, serviceContext(request), idOf(request));
    const sendOut = await readSendOut(db, detail.order);
    const q = query(request);
    return sendPage(
      reply,
      <LabOrderPage
        ctx={pageContext(request, reply)}
        detail={detail}
        sendOut={sendOut}
        {...(q.problem ? { problem: q.problem } : {})}
        {...(q.done ? { done: q.done } : {})}
      />,
    );
  });

  app.get('/lab/orders/:id/label', { config: { permission: 'labs.work' }, schema: { hide: true } }, async (request, reply) => {
    const detail = await getLabOrder(db, serviceContext(request), idOf(request));
    if (!detail.order.accessionNumber) throw notHere();
    return sendPage(reply, <LabLabelPage ctx={pageContext(request, reply)} detail={detail} />);
  });
}

function registerStepPages(app: FastifyInstance): void {
  const { db } = app.deps;
  const outbound = sendOutDepsOf(app);

  for (const step of ['collect', 'receive'] as const) {
    app.post(`/lab/orders/:id/${step}`, { config: { permission: 'labs.work' }, schema: { hide: true } }, async (request, reply) => {
      const id = idOf(request);
      return onOrder(reply, id, () => moveLabOrder(db, outbound, serviceContext(request), id, step, versionOf(request.body)));
    });
  }

  app.post('/lab/orders/:id/cancel', { config: { permission: 'labs.order' }, schema: { hide: true } }, async (request, reply) => {
    const id = idOf(request);
    const reason = normaliseForm(request.body).reason;
    return onOrder(reply, id, () =>
      moveLabOrder(db, outbound, serviceContext(request), id, 'cancel', {
        reason: typeof reason === 'string' ? reason : '',
        ...versionOf(request.body),
      }),
    );
  });

  app.post('/lab/orders/:id/results', { config: { permission: 'labs.work' }, schema: { hide: true } }, async (request, reply) => {
    const id = idOf(request);
    const entries = resultEntries(normaliseForm(request.body));
    if (entries.length === 0) return reply.redirect(`/lab/orders/${id}?problem=invalid`, 303);
    return onOrder(reply, id, () => enterLabResults(db, serviceContext(request), id, entries));
  });

  app.post('/lab/orders/:id/review', { config: { permission: 'labs.review' }, schema: { hide: true } }, async (request, reply) => {
    const id = idOf(request);
    const comment = normaliseForm(request.body).comment;
    return onOrder(reply, id, () =>
      reviewLabOrder(db, serviceContext(request), id, {
        comment: typeof comment === 'string' ? comment : null,
        ...versionOf(request.body),
      }),
    );
  });

  app.get('/lab/queue', { config: { permission: 'labs.work' }, schema: { hide: true } }, async (request, reply) => {
    const rows = await listLabQueue(db, serviceContext(request));
    return sendPage(reply, <LabQueuePage ctx={pageContext(request, reply)} rows={rows} />);
  });

  app.get('/lab/results-to-review', { config: { permission: 'labs.review' }, schema: { hide: true } }, async (request, reply) => {
    const rows = await listMyResultsToReview(db, serviceContext(request));
    return sendPage(
      reply,
      <ResultsToReviewPage ctx={pageContext(request, reply)} rows={rows} {...(query(request).done ? { done: '1' } : {})} />,
    );
  });

  app.post('/lab/results-to-review', { config: { permission: 'labs.review' }, schema: { hide: true } }, async (request, reply) => {
    const form = normaliseForm(request.body);
    const ids = z
      .array(z.uuid())
      .max(100)
      .safeParse(([] as unknown[]).concat(form.orderIds ?? []));
    if (ids.success && ids.data.length > 0)
      await reviewLabOrdersBatch(db, serviceContext(request), ids.data, typeof form.comment === 'string' ? form.comment : null);
    return reply.redirect('/lab/results-to-review?done=1', 303);
  });
}

function registerCataloguePages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get('/admin/lab-catalogue', { config: { permission: 'labs.catalogue.manage' }, schema: { hide: true } }, async (request, reply) => {
    const [catalogue, release] = await Promise.all([readLabCatalogue(db), readReleaseRules(db)]);
    return sendPage(
      reply,
      <CataloguePage ctx={pageContext(request, reply)} catalogue={catalogue} release={release} done={query(request).done === '1'} />,
    );
  });

  const testOf = async (request: FastifyRequest) => {
    const code = testCodeParamsSchema.safeParse(request.params);
    if (!code.success) throw notHere();
    const test = (await readLabCatalogue(db)).tests.find((x) => x.code === code.data.code);
    if (!test) throw notHere();
    return test;
  };

  app.get(
    '/admin/lab-catalogue/:code',
    { config: { permission: 'labs.catalogue.manage' }, schema: { hide: true } },
    async (request, reply) => {
      return sendPage(reply, <CatalogueTestPage ctx={pageContext(request, reply)} test={await testOf(request)} errors={[]} />);
    },
  );

  app.post(
    '/admin/lab-catalogue/:code',
    { config: { permission: 'labs.catalogue.manage' }, schema: { hide: true } },
    async (request, reply) => {
      const test = await testOf(request);
      const form = normaliseForm(request.body);
      const { ranges, errors } = rangesOf(form);
      const molarMass = optionalNumber(form.molarMass);
      const specimen = String(form.specimen);
      if (molarMass !== null && !(Number.isFinite(molarMass) && molarMass > 0))
        errors.push({ path: 'molarMass', message: 'The molar mass must be a positive number.' });
      if (!(LAB_SPECIMENS as readonly string[]).includes(specimen)) errors.push({ path: 'specimen', message: 'Choose a specimen.' });
      const performedBy = LAB_PERFORMERS.find((p) => p === form.performedBy);
      if (typeof form.name !== 'string') errors.push({ path: 'name', message: 'Give the name.' });
      if (errors.length === 0) {
        try {
          await updateLabTest(db, serviceContext(request), test.code, {
            name: String(form.name),
            unit: typeof form.unit === 'string' ? form.unit : null,
            specimen: specimen as (typeof LAB_SPECIMENS)[number],
            molarMass,
            ...(performedBy ? { performedBy } : {}),
            ranges,
            active: form.active === 'true',
            ...{ version: versionOf(request.body).version ?? test.version },
          });
          return reply.redirect('/admin/lab-catalogue?done=1', 303);
        } catch (error) {
          if (!(error instanceof AppError) || ![400, 409].includes(error.status)) throw error;
          const fieldErrors = (error.extra.errors as FieldError[] | undefined) ?? [{ path: '(form)', message: error.detail }];
          errors.push(...fieldErrors);
        }
      }
      return sendPage(reply, <CatalogueTestPage ctx={pageContext(request, reply)} test={await testOf(request)} errors={errors} />, 400);
    },
  );
}
