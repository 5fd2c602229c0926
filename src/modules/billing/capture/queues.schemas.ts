import { z } from 'zod';
import { listQuerySchema, listResponseSchema } from '../../../platform/http/api-helpers.js';

export const WORK_QUEUES = ['unbilled-visits', 'unpriced', 'overdue'] as const;
export type WorkQueue = (typeof WORK_QUEUES)[number];

const patient = z.object({ id: z.uuid(), name: z.string(), mrn: z.string() });
const day = z.iso.date();

export const unbilledVisitSchema = z.object({
  chargeId: z.uuid(),
  patient,
  code: z.string(),
  description: z.string(),
  serviceDate: day,
  /** Whole days since the visit (hospital's zone). */
  daysUnbilled: z.number().int(),
  unitPriceMinor: z.number().int(),
  currency: z.string(),
});
export const unpricedEventSchema = z.object({
  id: z.uuid(),
  patient,
  source: z.enum(['lab_test', 'dispense', 'procedure']),
  /** The source's code (LOINC, formulary product id, procedure code); null when it had none. */
  code: z.string().nullable(),
  description: z.string(),
  quantity: z.string(),
  serviceDate: day,
  reason: z.enum(['no_price', 'not_whole_units']),
});
export const overdueInvoiceSchema = z.object({
  invoiceId: z.uuid(),
  patient,
  number: z.string(),
  status: z.enum(['issued', 'partly_paid']),
  dueOn: day,
  daysOverdue: z.number().int(),
  currency: z.string(),
  balanceMinor: z.number().int(),
});

export type UnbilledVisitDto = z.infer<typeof unbilledVisitSchema>;
export type UnpricedEventDto = z.infer<typeof unpricedEventSchema>;
export type OverdueInvoiceDto = z.infer<typeof overdueInvoiceSchema>;

export const unbilledVisitsPageSchema = listResponseSchema(unbilledVisitSchema);
export const unpricedPageSchema = listResponseSchema(unpricedEventSchema);
export const overduePageSchema = listResponseSchema(overdueInvoiceSchema);
export const queueQuerySchema = listQuerySchema;
export type QueueQuery = z.infer<typeof queueQuerySchema>;
export interface QueuePage<T> {
  items: T[];
  nextCursor: string | null;
}
