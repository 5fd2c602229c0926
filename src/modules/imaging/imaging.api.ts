import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { readUploadFields, takeUpload } from '../../platform/files/multipart-upload.js';
import { expectedVersion, listResponseSchema, setEtag } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import { patientParamsSchema } from '../patients/index.js';
import { DICOM_MAX_BYTES } from '../records/index.js';
import {
  addendumSchema,
  cancelOrderSchema,
  createOrderSchema,
  orderIdParamsSchema,
  orderSchema,
  orderSummarySchema,
  reportDraftSchema,
  scheduleOrderSchema,
} from './imaging.schemas.js';
import {
  cancelImagingOrder,
  createImagingOrder,
  getImagingOrder,
  listImagingOrdersForPatient,
  radiologyWorklist,
  scheduleImagingOrder,
} from './services/imaging-orders.service.js';
import { addReportAddendum, saveReportDraft, signReport } from './services/imaging-report.service.js';
import { uploadImagingInstance } from './services/imaging-study.service.js';

const tags = ['Imaging'];

/** Radiology orders, the worklist, DICOM uploads and the report (docs/imaging.md). */
export function registerImagingApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.post(
    '/api/v1/patients/:id/imaging-orders',
    {
      config: { permission: 'imaging.order' },
      schema: {
        tags,
        summary: 'Order an imaging examination (doctors with clinical access): DICOM modality code, body part, indication, priority',
        params: patientParamsSchema,
        body: createOrderSchema,
        response: { 201: orderSchema },
      },
    },
    async (request, reply) => {
      const order = await createImagingOrder(db, serviceContext(request), request.params.id, request.body);
      setEtag(reply, order.version);
      return reply.status(201).header('location', `/api/v1/imaging-orders/${order.id}`).send(order);
    },
  );

  r.get(
    '/api/v1/patients/:id/imaging-orders',
    {
      config: { permission: 'imaging.read' },
      schema: {
        tags,
        summary: "A patient's imaging orders, newest first (clinical access)",
        params: patientParamsSchema,
        response: { 200: listResponseSchema(orderSummarySchema) },
      },
    },
    async (request) => ({ items: await listImagingOrdersForPatient(db, serviceContext(request), request.params.id), nextCursor: null }),
  );

  r.get(
    '/api/v1/imaging/worklist',
    {
      config: { permission: 'imaging.perform' },
      schema: {
        tags,
        summary: 'The radiology worklist: open orders (ordered, scheduled, performed), stat first, then oldest first (at most 100)',
        response: { 200: listResponseSchema(orderSummarySchema) },
      },
    },
    async (request) => ({ items: await radiologyWorklist(db, serviceContext(request)), nextCursor: null }),
  );

  r.get(
    '/api/v1/imaging-orders/:id',
    {
      config: { permission: 'imaging.read' },
      schema: {
        tags,
        summary: "An imaging order with its study's metadata and its report",
        params: orderIdParamsSchema,
        response: { 200: orderSchema },
      },
    },
    async (request, reply) => {
      const order = await getImagingOrder(db, serviceContext(request), request.params.id);
      setEtag(reply, order.version);
      return order;
    },
  );

  registerImagingWorkApi(app);
}

/** Radiology's steps: schedule, cancel, upload, the report. */
function registerImagingWorkApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, files } = app.deps;

  r.post(
    '/api/v1/imaging-orders/:id/schedule',
    {
      config: { permission: 'imaging.perform' },
      schema: {
        tags,
        summary: 'Schedule (or reschedule) an ordered examination (radiology). If-Match optional; 409 when the order is no longer open',
        params: orderIdParamsSchema,
        body: scheduleOrderSchema,
        response: { 200: orderSchema },
      },
    },
    async (request, reply) => {
      const order = await scheduleImagingOrder(
        db,
        serviceContext(request),
        request.params.id,
        request.body.scheduledFor,
        expectedVersion(request),
      );
      setEtag(reply, order.version);
      return order;
    },
  );

  r.post(
    '/api/v1/imaging-orders/:id/cancel',
    {
      config: { permission: 'imaging.order' },
      schema: {
        tags,
        summary: 'Cancel an order not yet performed, with a reason (doctors with clinical access). 409 once performed',
        params: orderIdParamsSchema,
        body: cancelOrderSchema,
        response: { 200: orderSchema },
      },
    },
    async (request, reply) => {
      const order = await cancelImagingOrder(db, serviceContext(request), request.params.id, request.body.reason, expectedVersion(request));
      setEtag(reply, order.version);
      return order;
    },
  );

  r.post(
    '/api/v1/imaging-orders/:id/instances',
    {
      config: { permission: 'imaging.perform' },
      preValidation: readUploadFields({ maxBytes: DICOM_MAX_BYTES }),
      schema: {
        tags,
        summary:
          'Upload one DICOM instance (multipart/form-data, one file field "file", up to 100 MiB). Only DICOM (415 otherwise); a header naming another patient, or none, is 422 and nothing is filed. The first instance links the study and marks the order performed.',
        consumes: ['multipart/form-data'],
        params: orderIdParamsSchema,
        response: { 201: orderSchema },
      },
    },
    async (request, reply) => {
      const order = await uploadImagingInstance(db, files, serviceContext(request), request.params.id, takeUpload(request));
      setEtag(reply, order.version);
      return reply.status(201).send(order);
    },
  );

  registerImagingReportApi(app);
}

/** The radiologist's report: draft, sign, addenda. */
function registerImagingReportApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.put(
    '/api/v1/imaging-orders/:id/report',
    {
      config: { permission: 'imaging.report' },
      schema: {
        tags,
        summary:
          "Write the draft report of a performed study (radiologists). Changing an existing draft needs If-Match with the report's version (428 / 412); a signed report is 409 record_signed",
        params: orderIdParamsSchema,
        body: reportDraftSchema,
        response: { 200: orderSchema },
      },
    },
    async (request) => saveReportDraft(db, serviceContext(request), request.params.id, request.body, expectedVersion(request)),
  );

  r.post(
    '/api/v1/imaging-orders/:id/report/sign',
    {
      config: { permission: 'imaging.report' },
      schema: {
        tags,
        summary: "Sign the draft report (If-Match: the report's version). Signed reports never change; the order becomes reported",
        params: orderIdParamsSchema,
        response: { 200: orderSchema },
      },
    },
    async (request) => signReport(db, serviceContext(request), request.params.id, expectedVersion(request)),
  );

  r.post(
    '/api/v1/imaging-orders/:id/report/addenda',
    {
      config: { permission: 'imaging.report' },
      schema: {
        tags,
        summary: 'Add an addendum to a signed report (radiologists)',
        params: orderIdParamsSchema,
        body: addendumSchema,
        response: { 201: orderSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addReportAddendum(db, serviceContext(request), request.params.id, request.body.text)),
  );
}
