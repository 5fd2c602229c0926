import ucum from '@lhncbc/ucum-lhc';
import { z } from 'zod';
import { ROUTES } from './medications.vocabulary.js';
import { frequencySchema } from './prescriptions.frequency.js';
import { ALERT_KINDS, ALERT_SEVERITIES, MAX_REFILLS, PRESCRIPTION_STATUSES } from './prescriptions.vocabulary.js';

/** Request and response schemas of prescriptions (API and pages share them). */

const ucumUtils = ucum.UcumLhcUtils.getInstance();
/** A UCUM code as @lhncbc/ucum-lhc validates it (case-sensitive: mg, mL, ug, [iU], {tablet}). */
export function isUcumUnit(unit: string): boolean {
  return ucumUtils.validateUnitString(unit, true).status === 'valid';
}
const ucumUnit = z.string().trim().min(1, 'Give the unit.').max(40).refine(isUcumUnit, 'Use a UCUM unit such as mg, mL, ug or {tablet}.');

const amount = z.strictObject({
  value: z.number().positive().max(1_000_000).multipleOf(0.0001),
  unit: ucumUnit,
});

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

const draftFields = {
  productId: z.uuid(),
  encounterId: z.uuid().optional(),
  dose: amount,
  route: z.enum(ROUTES).optional(),
  frequency: frequencySchema,
  startsAt: instant,
  durationDays: z.number().int().min(1).max(366).optional(),
  endsAt: instant.optional(),
  quantity: amount.optional(),
  refills: z.number().int().min(0).max(MAX_REFILLS).optional(),
  /** A problem-list entry of the patient: a chronic diagnosis or an active condition. */
  indicationId: z.uuid().optional(),
  instructions: z.string().trim().min(1).max(1000).optional(),
};

type Timing = { startsAt?: Date; endsAt?: Date; durationDays?: number };
/** End after start, and a duration or an end, not both: the path names the field to fix. */
export function timingIssues(v: Timing): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (v.endsAt && v.startsAt && v.endsAt.getTime() <= v.startsAt.getTime()) {
    issues.push({ path: 'endsAt', message: 'The end must come after the start.' });
  }
  if (v.endsAt && v.durationDays !== undefined) issues.push({ path: 'durationDays', message: 'Give a duration or an end, not both.' });
  return issues;
}
const refineTiming = (v: Timing, ctx: z.RefinementCtx) => {
  for (const issue of timingIssues(v)) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
};

export const createPrescriptionBodySchema = z
  .strictObject({ patientId: z.uuid(), ...draftFields, replaces: z.uuid().optional() })
  .superRefine(refineTiming);
export type CreatePrescriptionInput = z.infer<typeof createPrescriptionBodySchema>;

/** A draft's fields to change; `null` clears an optional one. */
export const updatePrescriptionBodySchema = z
  .strictObject({
    productId: draftFields.productId,
    encounterId: draftFields.encounterId.unwrap().nullable(),
    dose: draftFields.dose,
    route: draftFields.route.unwrap(),
    frequency: draftFields.frequency,
    startsAt: draftFields.startsAt,
    durationDays: draftFields.durationDays.unwrap().nullable(),
    endsAt: instant.nullable(),
    quantity: amount.nullable(),
    refills: draftFields.refills.unwrap(),
    indicationId: z.uuid().nullable(),
    instructions: draftFields.instructions.unwrap().nullable(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'Send at least one field to change.');
export type UpdatePrescriptionInput = z.infer<typeof updatePrescriptionBodySchema>;

export const signPrescriptionBodySchema = z.strictObject({
  overrides: z
    .array(z.strictObject({ key: z.string().min(1).max(200), reason: z.string().trim().min(3).max(500) }))
    .max(100)
    .default([]),
});
export type SignPrescriptionInput = z.infer<typeof signPrescriptionBodySchema>;

export const stopPrescriptionBodySchema = z.strictObject({ reason: z.string().trim().min(3).max(500) });

export const prescriptionParamsSchema = z.object({ id: z.uuid() });
export const patientPrescriptionsParamsSchema = z.object({ id: z.uuid() });
export const prescriptionListQuerySchema = z.object({
  status: z.enum(PRESCRIPTION_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export type PrescriptionListQuery = z.infer<typeof prescriptionListQuerySchema>;

export const alertSchema = z.object({
  key: z.string(),
  kind: z.enum(ALERT_KINDS),
  severity: z.enum(ALERT_SEVERITIES),
  requiresOverride: z.boolean(),
  source: z.string(),
  sourceEdition: z.string(),
  drug: z.string(),
  otherDrug: z.string().nullable(),
  otherPrescriptionId: z.uuid().nullable(),
  /** The other side when it is a medicine taken from outside (recorded at reconciliation). */
  otherOutsideMedicationId: z.uuid().nullable(),
  allergyId: z.uuid().nullable(),
  rule: z.string().nullable(),
  consequence: z.string().nullable(),
  consequenceReviewed: z.boolean().nullable(),
  /** Shown collapsed: an earlier override by the same prescriber stands for it (its reason and date); no new reason needed. */
  collapsed: z.object({ alertId: z.uuid(), reason: z.string(), overriddenAt: z.date() }).nullable(),
});
export type AlertDto = z.infer<typeof alertSchema>;

export const checkResultSchema = z.object({ alerts: z.array(alertSchema) });

export const recordedAlertSchema = alertSchema.extend({
  overrideReason: z.string().nullable(),
  overriddenBy: z.uuid().nullable(),
  overriddenAt: z.date().nullable(),
});

export const prescriptionSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  encounterId: z.uuid().nullable(),
  prescriberId: z.uuid(),
  product: z.object({ id: z.uuid(), name: z.string() }),
  dose: z.object({ value: z.number(), unit: z.string() }),
  route: z.enum(ROUTES),
  frequency: frequencySchema,
  startsAt: z.date(),
  durationDays: z.number().int().nullable(),
  endsAt: z.date().nullable(),
  quantity: z.object({ value: z.number(), unit: z.string() }).nullable(),
  refills: z.number().int(),
  indication: z.object({ id: z.uuid(), source: z.enum(['diagnosis', 'condition']) }).nullable(),
  instructions: z.string().nullable(),
  status: z.enum(PRESCRIPTION_STATUSES),
  replacesId: z.uuid().nullable(),
  replacedById: z.uuid().nullable(),
  signedAt: z.date().nullable(),
  stoppedAt: z.date().nullable(),
  stopReason: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type PrescriptionDto = z.infer<typeof prescriptionSchema>;

export const prescriptionDetailSchema = prescriptionSchema.extend({ alerts: z.array(recordedAlertSchema) });
export type PrescriptionDetailDto = z.infer<typeof prescriptionDetailSchema>;
export const prescriptionListSchema = z.object({ items: z.array(prescriptionSchema), nextCursor: z.string().nullable() });
