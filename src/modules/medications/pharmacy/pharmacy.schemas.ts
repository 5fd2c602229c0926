import { z } from 'zod';
import { listQuerySchema } from '../../../platform/http/api-helpers.js';
import { frequencySchema } from '../prescriptions.frequency.js';
import { isUcumUnit, recordedAlertSchema } from '../prescriptions.schemas.js';
import { ROUTES } from '../medications.vocabulary.js';
import { PRESCRIPTION_STATUSES } from '../prescriptions.vocabulary.js';
import { VERIFICATION_DECISIONS } from './pharmacy.tables.js';

/** Request and response schemas of the pharmacy: verification, queries to the prescriber, dispensing. */

export const QUEUE_STAGES = ['verification', 'dispensing'] as const;
export type QueueStage = (typeof QUEUE_STAGES)[number];

export const queueQuerySchema = listQuerySchema.extend({ stage: z.enum(QUEUE_STAGES).default('verification') });
export type QueueQuery = z.infer<typeof queueQuerySchema>;

const amountSchema = z.object({ value: z.number(), unit: z.string() });
const personSchema = z.object({ id: z.uuid(), name: z.string().nullable() });
const patientLabelSchema = z.object({ id: z.uuid(), name: z.string(), mrn: z.string() });

export const queueItemSchema = z.object({
  prescriptionId: z.uuid(),
  patient: patientLabelSchema,
  product: z.object({ id: z.uuid(), name: z.string() }),
  dose: amountSchema,
  route: z.enum(ROUTES),
  frequency: frequencySchema,
  quantity: amountSchema.nullable(),
  refills: z.number().int(),
  prescriber: personSchema,
  signedAt: z.date(),
  /** True when any alert at signing was overridden: the verification page shows each with its reason. */
  hasOverride: z.boolean(),
  openQuery: z.boolean(),
  verifiedAt: z.date().nullable(),
});
export type QueueItem = z.infer<typeof queueItemSchema>;
export const queueSchema = z.object({ items: z.array(queueItemSchema), nextCursor: z.string().nullable() });

export const verificationSchema = z.object({
  id: z.uuid(),
  prescriptionId: z.uuid(),
  decision: z.enum(VERIFICATION_DECISIONS),
  reason: z.string().nullable(),
  decidedBy: personSchema,
  decidedAt: z.date(),
});
export type VerificationDto = z.infer<typeof verificationSchema>;

export const pharmacyQuerySchema = z.object({
  id: z.uuid(),
  prescriptionId: z.uuid(),
  message: z.string(),
  askedBy: personSchema,
  askedAt: z.date(),
  answer: z.string().nullable(),
  answeredBy: personSchema.nullable(),
  answeredAt: z.date().nullable(),
});
export type PharmacyQueryDto = z.infer<typeof pharmacyQuerySchema>;

export const dispenseSchema = z.object({
  id: z.uuid(),
  prescriptionId: z.uuid(),
  quantity: amountSchema,
  lotNumber: z.string(),
  expiresOn: z.iso.date(),
  dispensedOn: z.iso.date(),
  dispensedBy: personSchema,
  dispensedAt: z.date(),
});
export type DispenseDto = z.infer<typeof dispenseSchema>;

export const dispenseListSchema = z.object({
  items: z.array(dispenseSchema),
  nextCursor: z.string().nullable(),
  /** What has been dispensed and what may be in all: quantity × (1 + refills), in the prescription's unit. */
  dispensedTotal: amountSchema.nullable(),
  allowedTotal: amountSchema.nullable(),
});

export const recentDispenseSchema = dispenseSchema.extend({
  patient: patientLabelSchema,
  product: z.object({ id: z.uuid(), name: z.string() }),
});
export type RecentDispenseDto = z.infer<typeof recentDispenseSchema>;
export const recentDispenseListSchema = z.object({ items: z.array(recentDispenseSchema), nextCursor: z.string().nullable() });

/** The pharmacist's view of one prescription: what was signed, its alerts and overrides, decision, queries, dispensed. */
export const pharmacyViewSchema = z.object({
  prescription: z.object({
    id: z.uuid(),
    status: z.enum(PRESCRIPTION_STATUSES),
    patient: patientLabelSchema,
    product: z.object({ id: z.uuid(), name: z.string() }),
    dose: amountSchema,
    route: z.enum(ROUTES),
    frequency: frequencySchema,
    quantity: amountSchema.nullable(),
    refills: z.number().int(),
    instructions: z.string().nullable(),
    prescriber: personSchema,
    signedAt: z.date().nullable(),
  }),
  alerts: z.array(recordedAlertSchema),
  verification: verificationSchema.nullable(),
  queries: z.array(pharmacyQuerySchema),
  dispensedTotal: amountSchema.nullable(),
  allowedTotal: amountSchema.nullable(),
});
export type PharmacyViewDto = z.infer<typeof pharmacyViewSchema>;

const reasonText = z.string().trim().min(3).max(2000);

export const verificationBodySchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('verified') }),
  z.strictObject({ decision: z.literal('rejected'), reason: reasonText }),
]);
export type VerificationInput = z.infer<typeof verificationBodySchema>;

export const queryBodySchema = z.strictObject({ message: reasonText });
export const answerBodySchema = z.strictObject({ answer: z.string().trim().min(1).max(2000) });
export const queryParamsSchema = z.object({ id: z.uuid(), queryId: z.uuid() });
export const dispenseParamsSchema = z.object({ id: z.uuid() });

export const dispenseBodySchema = z.strictObject({
  quantity: z.strictObject({
    value: z.number().positive().max(1_000_000).multipleOf(0.0001),
    unit: z.string().trim().min(1, 'Give the unit.').max(40).refine(isUcumUnit, 'Use a UCUM unit such as mg, mL or {tablet}.'),
  }),
  lotNumber: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/, 'Use letters, digits and punctuation as printed on the pack.'),
  expiresOn: z.iso.date(),
});
export type DispenseInput = z.infer<typeof dispenseBodySchema>;

export const dispensesQuerySchema = listQuerySchema;
