import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { noStore } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import { orderDto, patientLabelDto, resultDto } from './labs.dto.js';
import {
  batchReviewAnswerSchema,
  batchReviewSchema,
  cancelSchema,
  createLabOrderSchema,
  enterResultsAnswerSchema,
  enterResultsSchema,
  labCatalogueSchema,
  labOrderDetailSchema,
  labOrderListSchema,
  labOrderSchema,
  labQueueSchema,
  labTestSchema,
  labTestUpdateSchema,
  labToReviewSchema,
  orderIdParamsSchema,
  reviewSchema,
  stepSchema,
  testCodeParamsSchema,
} from './labs.schemas.js';
import { readLabCatalogue, updateLabTest, type LabTestRow } from './services/lab-catalogue.service.js';
import { createLabOrder, getLabOrder, listLabQueue, listPatientLabOrders, moveLabOrder } from './services/lab-orders.service.js';
import { sendOutDepsOf } from './services/lab-send-out.js';
import { enterLabResults, reviewLabOrder, reviewLabOrdersBatch } from './services/lab-results.service.js';
import { listMyResultsToReview } from './services/results-to-review.service.js';

const testDto = (t: LabTestRow) => ({
  code: t.code,
  loinc: t.loinc,
  name: t.name,
  unit: t.unit,
  specimen: t.specimen,
  resultKind: t.resultKind,
  molarMass: t.molarMass,
  performedBy: t.performedBy,
  ranges: t.ranges,
  needsReview: t.needsReview,
  active: t.active,
  version: t.version,
});

/** The laboratory's JSON API: catalogue, orders and their steps, results, review, the queue. */
export function registerLabsApi(app: FastifyInstance): void {
  registerCatalogueAndOrdersApi(app);
  registerStepsApi(app);
  registerReviewApi(app);
}

function registerCatalogueAndOrdersApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const outbound = sendOutDepsOf(app);
  const tags = ['Laboratory'];

  r.get(
    '/api/v1/lab/catalogue',
    {
      config: { permission: 'labs.catalogue.read' },
      schema: {
        tags,
        summary: 'The laboratory catalogue: tests (LOINC, UCUM unit, ranges, critical limits) and panels',
        response: { 200: labCatalogueSchema },
      },
    },
    async () => {
      const catalogue = await readLabCatalogue(db);
      return {
        tests: catalogue.tests.map(testDto),
        panels: catalogue.panels.map((p) => ({ code: p.code, loinc: p.loinc, name: p.name, tests: p.testCodes })),
      };
    },
  );
  r.put(
    '/api/v1/lab/catalogue/tests/:code',
    {
      config: { permission: 'labs.catalogue.manage' },
      schema: {
        tags,
        summary: 'Change a test of the catalogue (conditional on its version: 409 when stale)',
        params: testCodeParamsSchema,
        body: labTestUpdateSchema,
        response: { 200: labTestSchema },
      },
    },
    async (request) => testDto(await updateLabTest(db, serviceContext(request), request.params.code, request.body)),
  );
  r.post(
    '/api/v1/patients/:id/lab-orders',
    {
      config: { permission: 'labs.order' },
      schema: {
        tags,
        summary: 'Order a test or a panel (priority, indication, fasting; from an encounter or the chart)',
        params: orderIdParamsSchema,
        body: createLabOrderSchema,
        response: { 201: labOrderSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const row = await createLabOrder(db, outbound, serviceContext(request), request.params.id, request.body);
      return reply.code(201).send(orderDto(row));
    },
  );
  r.get(
    '/api/v1/patients/:id/lab-orders',
    {
      config: { permission: 'labs.read' },
      schema: {
        tags,
        summary: 'A patient’s laboratory orders, newest first (at most 100)',
        params: orderIdParamsSchema,
        response: { 200: labOrderListSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const { orders } = await listPatientLabOrders(db, serviceContext(request), request.params.id);
      return { items: orders.map(orderDto) };
    },
  );
  r.get(
    '/api/v1/lab-orders/:id',
    {
      config: { permission: 'labs.read' },
      schema: {
        tags,
        summary: 'One order with every value filed (superseded ones included)',
        params: orderIdParamsSchema,
        response: { 200: labOrderDetailSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const detail = await getLabOrder(db, serviceContext(request), request.params.id);
      return { order: orderDto(detail.order), patient: patientLabelDto(detail.patient), results: detail.results.map(resultDto) };
    },
  );
}

function registerStepsApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const outbound = sendOutDepsOf(app);
  const tags = ['Laboratory'];

  for (const step of ['collect', 'receive'] as const) {
    r.post(
      `/api/v1/lab-orders/:id/${step}`,
      {
        config: { permission: 'labs.work' },
        schema: {
          tags,
          summary:
            step === 'collect'
              ? 'Collect the specimen: gives the accession number (409 unless ordered)'
              : 'Receive the specimen in the laboratory (409 unless collected)',
          params: orderIdParamsSchema,
          body: stepSchema.optional(),
          response: { 200: labOrderSchema },
        },
      },
      async (request, reply) => {
        noStore(reply);
        return orderDto(
          await moveLabOrder(db, outbound, serviceContext(request), request.params.id, step, {
            ...(request.body?.version ? { version: request.body.version } : {}),
          }),
        );
      },
    );
  }
  r.post(
    '/api/v1/lab-orders/:id/cancel',
    {
      config: { permission: 'labs.order' },
      schema: {
        tags,
        summary: 'Cancel an order not yet resulted, with a reason',
        params: orderIdParamsSchema,
        body: cancelSchema,
        response: { 200: labOrderSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return orderDto(
        await moveLabOrder(db, outbound, serviceContext(request), request.params.id, 'cancel', {
          reason: request.body.reason,
          ...(request.body.version ? { version: request.body.version } : {}),
        }),
      );
    },
  );
  r.post(
    '/api/v1/lab-orders/:id/results',
    {
      config: { permission: 'labs.work' },
      schema: {
        tags,
        summary:
          'Enter results (numeric with a unit, converted to the test’s unit; or text), flagged from the ranges; a critical value raises a clinical alert',
        params: orderIdParamsSchema,
        body: enterResultsSchema,
        response: { 200: enterResultsAnswerSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const entries = request.body.results.map((e) => ({
        test: e.test,
        status: e.status,
        ...(e.value !== undefined ? { value: e.value } : {}),
        ...(e.unit ? { unit: e.unit } : {}),
        ...(e.text ? { text: e.text } : {}),
        ...(e.observedAt ? { observedAt: new Date(e.observedAt) } : {}),
      }));
      const outcome = await enterLabResults(db, serviceContext(request), request.params.id, entries);
      return { order: orderDto(outcome.order), filed: outcome.filed.map(resultDto), alertsRaised: outcome.alerts };
    },
  );
}

function registerReviewApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['Laboratory'];

  r.post(
    '/api/v1/lab-orders/:id/review',
    {
      config: { permission: 'labs.review' },
      schema: {
        tags,
        summary: 'Review a resulted order, with an optional finding (never acknowledges a clinical alert)',
        params: orderIdParamsSchema,
        body: reviewSchema,
        response: { 200: labOrderSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return orderDto(await reviewLabOrder(db, serviceContext(request), request.params.id, request.body));
    },
  );
  r.post(
    '/api/v1/lab-results/review',
    {
      config: { permission: 'labs.review' },
      schema: {
        tags,
        summary: 'Review several of your resulted orders at once (critical alerts are still acknowledged one at a time)',
        body: batchReviewSchema,
        response: { 200: batchReviewAnswerSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return reviewLabOrdersBatch(db, serviceContext(request), request.body.orderIds, request.body.comment ?? null);
    },
  );
  r.get(
    '/api/v1/lab-results/to-review',
    {
      config: { permission: 'labs.review' },
      schema: { tags, summary: 'Your resulted orders awaiting review, oldest first', response: { 200: labToReviewSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      const rows = await listMyResultsToReview(db, serviceContext(request));
      return {
        items: rows.map((r) => ({
          order: orderDto(r.order),
          patient: patientLabelDto(r.patient),
          critical: r.critical,
          abnormal: r.abnormal,
        })),
      };
    },
  );
  r.get(
    '/api/v1/lab/queue',
    {
      config: { permission: 'labs.work' },
      schema: {
        tags,
        summary: 'The laboratory queue: to collect, receive and result; stat, urgent, routine, oldest first',
        response: { 200: labQueueSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const rows = await listLabQueue(db, serviceContext(request));
      return { items: rows.map((r) => ({ order: orderDto(r.order), patient: patientLabelDto(r.patient) })) };
    },
  );
}
