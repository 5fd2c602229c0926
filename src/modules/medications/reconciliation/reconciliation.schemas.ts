import { z } from 'zod';
import { isUcumUnit } from '../prescriptions.schemas.js';
import { OUTSIDE_MEDICATION_SOURCES, OUTSIDE_MEDICATION_STATUSES, RECONCILIATION_DECISIONS } from './reconciliation.vocabulary.js';

/** Request and response schemas of outside medicines and reconciliation (API and pages share them). */

export const patientParamsSchema = z.strictObject({ id: z.uuid() });
export const encounterParamsSchema = z.strictObject({ id: z.uuid() });

const isoDate = z.iso.date('Use a date such as 2026-05-01.');

/** A medicine taken from outside: a formulary product, or a free-text name with its catalogue ingredient. */
export const createOutsideMedicationBodySchema = z
  .strictObject({
    productId: z.uuid().optional(),
    name: z.string().trim().min(1).max(200).optional(),
    ingredientRxcui: z
      .string()
      .regex(/^\d{1,10}$/, 'Use an RxCUI from the catalogue (digits).')
      .optional(),
    dose: z
      .strictObject({
        value: z.number().positive().max(1_000_000).multipleOf(0.0001),
        unit: z.string().trim().min(1, 'Give the unit.').max(40).refine(isUcumUnit, 'Use a UCUM unit such as mg, mL, ug or {tablet}.'),
      })
      .optional(),
    frequencyText: z.string().trim().min(1).max(200).optional(),
    source: z.enum(OUTSIDE_MEDICATION_SOURCES),
    startedOn: isoDate.optional(),
    encounterId: z.uuid().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.productId && (v.name || v.ingredientRxcui)) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'Name a formulary product or a medicine by name, not both.' });
    }
    if (!v.productId && !v.name) ctx.addIssue({ code: 'custom', path: ['productId'], message: 'Choose a product or give a name.' });
    if (!v.productId && v.name && !v.ingredientRxcui) {
      ctx.addIssue({
        code: 'custom',
        path: ['ingredientRxcui'],
        message: 'Give the ingredient (from the catalogue) so the checks can read it.',
      });
    }
  });
export type CreateOutsideMedicationInput = z.infer<typeof createOutsideMedicationBodySchema>;

export const outsideMedicationSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  encounterId: z.uuid().nullable(),
  product: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  name: z.string(),
  ingredient: z.object({ rxcui: z.string(), name: z.string() }).nullable(),
  dose: z.object({ value: z.number(), unit: z.string() }).nullable(),
  frequencyText: z.string().nullable(),
  source: z.enum(OUTSIDE_MEDICATION_SOURCES),
  startedOn: z.string().nullable(),
  status: z.enum(OUTSIDE_MEDICATION_STATUSES),
  recordedBy: z.uuid(),
  stoppedAt: z.date().nullable(),
  stopReason: z.string().nullable(),
  createdAt: z.date(),
});
export type OutsideMedicationDto = z.infer<typeof outsideMedicationSchema>;
export const outsideMedicationListSchema = z.object({ items: z.array(outsideMedicationSchema) });
export const outsideMedicationListQuerySchema = z.strictObject({ status: z.enum(OUTSIDE_MEDICATION_STATUSES).optional() });

/** One decision per active medicine: continue, stop (with a reason) or change (prescriptions only: a replacing draft follows). */
const decisionSchema = z.strictObject({
  prescriptionId: z.uuid().optional(),
  outsideMedicationId: z.uuid().optional(),
  decision: z.enum(RECONCILIATION_DECISIONS),
  reason: z.string().trim().min(3, 'Give a reason of at least 3 characters.').max(500).optional(),
});

export const reconciliationBodySchema = z.strictObject({ decisions: z.array(decisionSchema).min(1).max(200) }).superRefine((v, ctx) => {
  const seen = new Set<string>();
  v.decisions.forEach((d, i) => {
    const target = d.prescriptionId ?? d.outsideMedicationId;
    if ((d.prescriptionId === undefined) === (d.outsideMedicationId === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['decisions', i, 'prescriptionId'], message: 'Name one prescription or one outside medicine.' });
    } else if (seen.has(target!)) {
      ctx.addIssue({ code: 'custom', path: ['decisions', i], message: 'This medicine already has a decision.' });
    }
    if (target) seen.add(target);
    if (d.decision === 'stop' && !d.reason) {
      ctx.addIssue({ code: 'custom', path: ['decisions', i, 'reason'], message: 'Give a reason to stop this medicine.' });
    }
    if (d.decision !== 'stop' && d.reason) {
      ctx.addIssue({ code: 'custom', path: ['decisions', i, 'reason'], message: 'A reason goes with a stop only.' });
    }
    if (d.decision === 'change' && d.outsideMedicationId) {
      ctx.addIssue({
        code: 'custom',
        path: ['decisions', i, 'decision'],
        message: 'An outside medicine is continued or stopped; prescribe a new one to change it.',
      });
    }
  });
});
export type ReconciliationInput = z.infer<typeof reconciliationBodySchema>;

export const reconciliationSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  encounterId: z.uuid(),
  performedBy: z.uuid(),
  createdAt: z.date(),
  items: z.array(
    z.object({
      prescriptionId: z.uuid().nullable(),
      outsideMedicationId: z.uuid().nullable(),
      medicineName: z.string(),
      decision: z.enum(RECONCILIATION_DECISIONS),
      stopReason: z.string().nullable(),
    }),
  ),
});
export type ReconciliationDto = z.infer<typeof reconciliationSchema>;
export const reconciliationListSchema = z.object({ items: z.array(reconciliationSchema) });
