import { z } from 'zod';
import { IMAGING_MODALITIES, IMAGING_ORDER_STATUSES, IMAGING_PRIORITIES, IMAGING_REPORT_STATUSES } from './imaging.vocabulary.js';

export const orderIdParamsSchema = z.object({ id: z.uuid() });
export const instanceParamsSchema = z.object({ id: z.uuid(), instanceId: z.uuid() });

export const createOrderSchema = z.strictObject({
  modality: z.enum(IMAGING_MODALITIES),
  bodyPart: z.string().trim().min(1).max(100),
  indication: z.string().trim().min(1).max(2000),
  priority: z.enum(IMAGING_PRIORITIES),
  encounterId: z.uuid().optional(),
});
export type CreateOrderInput = z.output<typeof createOrderSchema>;

export const scheduleOrderSchema = z.strictObject({ scheduledFor: z.iso.datetime({ offset: true }) });
export const cancelOrderSchema = z.strictObject({ reason: z.string().trim().min(1).max(500) });
export const reportDraftSchema = z.strictObject({
  findings: z.string().trim().min(1).max(20000),
  impression: z.string().trim().min(1).max(5000),
});
export const addendumSchema = z.strictObject({ text: z.string().trim().min(1).max(5000) });

const person = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const instanceSchema = z.object({
  id: z.uuid(),
  seriesInstanceUid: z.string(),
  sopInstanceUid: z.string(),
  instanceNumber: z.number().int().nullable(),
  modality: z.string().nullable(),
  bodyPart: z.string().nullable(),
});

export const studySchema = z.object({
  studyInstanceUid: z.string(),
  seriesCount: z.number().int(),
  instanceCount: z.number().int(),
  modalities: z.array(z.string()),
  bodyParts: z.array(z.string()),
  instances: z.array(instanceSchema),
});
export type StudyDto = z.output<typeof studySchema>;

export const reportSchema = z.object({
  id: z.uuid(),
  status: z.enum(IMAGING_REPORT_STATUSES),
  findings: z.string(),
  impression: z.string(),
  author: person,
  signedAt: z.string().nullable(),
  signedBy: person,
  version: z.number().int(),
  addenda: z.array(z.object({ id: z.uuid(), text: z.string(), author: person, createdAt: z.string() })),
});
export type ReportDto = z.output<typeof reportSchema>;

export const orderSummarySchema = z.object({
  id: z.uuid(),
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
  encounterId: z.uuid().nullable(),
  modality: z.enum(IMAGING_MODALITIES),
  bodyPart: z.string(),
  indication: z.string(),
  priority: z.enum(IMAGING_PRIORITIES),
  status: z.enum(IMAGING_ORDER_STATUSES),
  orderedBy: person,
  orderedAt: z.string(),
  scheduledFor: z.string().nullable(),
  performedAt: z.string().nullable(),
  studyInstanceUid: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  version: z.number().int(),
});
export type OrderSummaryDto = z.output<typeof orderSummarySchema>;

export const orderSchema = orderSummarySchema.extend({ study: studySchema.nullable(), report: reportSchema.nullable() });
export type OrderDto = z.output<typeof orderSchema>;
