import { z } from 'zod';
import { ROUTES } from '../medications.vocabulary.js';
import { frequencySchema } from '../prescriptions.frequency.js';
import { RENEWAL_STATUSES } from './patient-medicines.tables.js';

/** Request and response schemas of the patient's medicines, verification and renewals (API and pages). */

export const idParamsSchema = z.object({ id: z.uuid() });

export const renewalRequestSchema = z.object({
  id: z.uuid(),
  prescriptionId: z.uuid(),
  status: z.enum(RENEWAL_STATUSES),
  note: z.string().nullable(),
  createdAt: z.date(),
  decidedAt: z.date().nullable(),
  denialReason: z.string().nullable(),
  newPrescriptionId: z.uuid().nullable(),
});
export type RenewalRequestDto = z.infer<typeof renewalRequestSchema>;

/** A medicine as its patient sees it: no drafts, no entries in error, no signing alerts. */
export const myMedicineSchema = z.object({
  id: z.uuid(),
  product: z.object({ id: z.uuid(), name: z.string() }),
  dose: z.object({ value: z.number(), unit: z.string() }),
  route: z.enum(ROUTES),
  frequency: frequencySchema,
  startsAt: z.date(),
  durationDays: z.number().int().nullable(),
  endsAt: z.date().nullable(),
  quantity: z.object({ value: z.number(), unit: z.string() }).nullable(),
  refills: z.number().int(),
  instructions: z.string().nullable(),
  /** `signed` is active; `completed` and `stopped` are past. */
  status: z.enum(['signed', 'completed', 'stopped']),
  active: z.boolean(),
  signedAt: z.date().nullable(),
  stoppedAt: z.date().nullable(),
  prescriber: z.object({ id: z.uuid(), name: z.string().nullable() }),
  /** The latest renewal request for this medicine, if any. */
  renewal: renewalRequestSchema.nullable(),
  canRequestRenewal: z.boolean(),
});
export type MyMedicineDto = z.infer<typeof myMedicineSchema>;
export const myMedicineListSchema = z.object({ items: z.array(myMedicineSchema) });

export const renewalRequestBodySchema = z.strictObject({ note: z.string().trim().min(1).max(1000).optional() });
export const denyRenewalBodySchema = z.strictObject({ reason: z.string().trim().min(3).max(500) });

/** The prescriber's queue: who asks, for what; nothing else of the record. */
export const renewalQueueItemSchema = z.object({
  id: z.uuid(),
  prescriptionId: z.uuid(),
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
  product: z.string(),
  prescriptionStatus: z.string(),
  note: z.string().nullable(),
  createdAt: z.date(),
});
export type RenewalQueueItemDto = z.infer<typeof renewalQueueItemSchema>;
export const renewalQueueSchema = z.object({ items: z.array(renewalQueueItemSchema) });
export const renewalDecisionSchema = z.object({ request: renewalRequestSchema, newPrescriptionId: z.uuid().nullable() });

/** A verification code as typed (any case, spaces or hyphens); its shape is checked by the service. */
export const verificationBodySchema = z.strictObject({ code: z.string().trim().min(1).max(64) });
export const VERIFICATION_STATUSES = ['active', 'dispensed', 'completed', 'stopped', 'cancelled'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];
/** All a pharmacy learns: whether the code is valid and, if so, the prescription's status, product, date signed and prescriber. */
export const verificationResultSchema = z.object({
  valid: z.boolean(),
  status: z.enum(VERIFICATION_STATUSES).optional(),
  product: z.string().optional(),
  signedAt: z.date().optional(),
  prescriber: z.string().optional(),
});
export type VerificationResultDto = z.infer<typeof verificationResultSchema>;
