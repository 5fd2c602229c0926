import { z } from 'zod';
import { APPEAL_REASON_MAX, CARD_SIDES, CLAIM_OUTCOMES, CLAIM_STATUSES, ELIGIBILITY_RESULTS } from './insurance.vocabulary.js';

const minorAmount = z.number().int().min(0);
const instant = z.string().describe('ISO 8601 instant (UTC)');

export const idParamsSchema = z.object({ id: z.uuid() }).strict();

export const eligibilityCheckBodySchema = z
  .object({
    /** The patient's insurance policy (`/api/v1/patients/{id}/insurance-policies`). */
    policyId: z.uuid(),
    /** The day of the service asked about; today in the hospital's zone when absent. */
    serviceDate: z.iso.date().optional(),
  })
  .strict();
export type EligibilityCheckInput = z.infer<typeof eligibilityCheckBodySchema>;

export const eligibilityCheckSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  policyId: z.uuid(),
  payer: z.string(),
  serviceDate: z.iso.date(),
  result: z.enum(ELIGIBILITY_RESULTS),
  coverageBp: z.number().int().nullable(),
  reasonCode: z.string().nullable(),
  checkedBy: z.uuid(),
  checkedAt: instant,
});
export type EligibilityCheckDto = z.infer<typeof eligibilityCheckSchema>;
export const eligibilityListSchema = z.object({ items: z.array(eligibilityCheckSchema) });

export const cardImageSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  side: z.enum(CARD_SIDES),
  contentType: z.string().optional(),
  uploadedAt: instant,
});
export type CardImageDto = z.infer<typeof cardImageSchema>;
export const cardImageListSchema = z.object({ items: z.array(cardImageSchema) });
export const cardSideQuerySchema = z.object({ side: z.enum(CARD_SIDES) }).strict();

export const createClaimBodySchema = z
  .object({
    /** The policy to claim from; the patient's newest active policy when absent. */
    policyId: z.uuid().optional(),
  })
  .strict();
export type CreateClaimInput = z.infer<typeof createClaimBodySchema>;

export const appealBodySchema = z.object({ reason: z.string().trim().min(1).max(APPEAL_REASON_MAX) }).strict();

export const claimEventSchema = z.object({
  status: z.enum(CLAIM_STATUSES),
  outcome: z.enum(CLAIM_OUTCOMES).nullable(),
  paidMinor: minorAmount.nullable(),
  reasonCode: z.string().nullable(),
  note: z.string().nullable(),
  /** Who moved the claim: billing staff, or the payer (null). */
  byStaff: z.boolean(),
  occurredAt: instant,
});

export const claimSummarySchema = z.object({
  id: z.uuid(),
  invoiceId: z.uuid(),
  invoiceNumber: z.string().nullable(),
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
  payer: z.string(),
  status: z.enum(CLAIM_STATUSES),
  outcome: z.enum(CLAIM_OUTCOMES).nullable(),
  currency: z.string(),
  claimedMinor: minorAmount,
  paidMinor: minorAmount.nullable(),
  reasonCode: z.string().nullable(),
  payerReference: z.string().nullable(),
  updatedAt: instant,
});
export type ClaimSummaryDto = z.infer<typeof claimSummarySchema>;

export const claimSchema = claimSummarySchema.extend({
  policyId: z.uuid(),
  memberNumber: z.string(),
  appealReason: z.string().nullable(),
  createdAt: instant,
  lines: z.array(
    z.object({ position: z.number().int(), invoiceLineId: z.uuid(), claimedMinor: minorAmount, paidMinor: minorAmount.nullable() }),
  ),
  timeline: z.array(claimEventSchema),
});
export type ClaimDto = z.infer<typeof claimSchema>;

export const claimListSchema = z.object({ items: z.array(claimSummarySchema) });
export const claimQueuesSchema = z.object({ toSubmit: z.array(claimSummarySchema), denials: z.array(claimSummarySchema) });
