import { z } from 'zod';
import { ACVPU } from './news2.js';
import { CLINICAL_ALERT_KINDS, CLINICAL_ALERT_SEVERITIES } from '../clinical-alerts/index.js';
import { NEWS2_RESPONSES, NEWS2_RISKS, NEWS2_STATUSES, VITAL_SET_SOURCES } from './vitals.vocabulary.js';

const reading = z.number().finite();

/** Staff entry of one set (round, chart, API). Each value in its code's UCUM unit (docs/vitals.md). */
export const vitalSetInputSchema = z
  .object({
    /** When the set was taken; default now. Not in the future, not more than 24 hours back. */
    takenAt: z.iso.datetime({ offset: true }).optional(),
    respiratoryRate: reading.optional(),
    spo2: reading.optional(),
    /** Air (false) or supplemental oxygen (true): NEWS2 needs it for a complete set. */
    onOxygen: z.boolean().optional(),
    oxygenFlow: reading.optional(),
    systolicBp: reading.optional(),
    diastolicBp: reading.optional(),
    pulse: reading.optional(),
    consciousness: z.enum(ACVPU).optional(),
    temperature: reading.optional(),
    glucose: reading.optional(),
    weight: reading.optional(),
    height: reading.optional(),
    pain: reading.optional(),
    /** Required (true) to store a value outside its plausible range; it is then flagged. */
    confirmImplausible: z.boolean().optional(),
  })
  .strict();
export type VitalSetInput = z.infer<typeof vitalSetInputSchema>;

/** A patient's own home readings (the portal): no consciousness, oxygen or respiratory rate. */
export const homeVitalsInputSchema = vitalSetInputSchema
  .pick({
    takenAt: true,
    systolicBp: true,
    diastolicBp: true,
    pulse: true,
    spo2: true,
    temperature: true,
    glucose: true,
    weight: true,
    height: true,
    pain: true,
    confirmImplausible: true,
  })
  .strict();

export const vitalSettingsInputSchema = z
  .object({
    spo2Scale: z.union([z.literal(1), z.literal(2)]),
    /** Why (required): scale 2 is for hypercapnic respiratory failure with a prescribed target of 88–92 %. */
    spo2ScaleReason: z.string().trim().min(3).max(500).optional(),
    pregnant: z.boolean(),
    pregnancyReason: z.string().trim().min(3).max(500).optional(),
  })
  .strict();
export type VitalSettingsInput = z.infer<typeof vitalSettingsInputSchema>;

export const vitalSettingsSchema = z.object({
  spo2Scale: z.union([z.literal(1), z.literal(2)]),
  spo2ScaleReason: z.string().nullable(),
  pregnant: z.boolean(),
  pregnancyReason: z.string().nullable(),
  version: z.number().int().nullable(),
  updatedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type VitalSettingsDto = z.infer<typeof vitalSettingsSchema>;

export const vitalReadingSchema = z.object({
  code: z.string(),
  field: z.string(),
  value: z.number(),
  unit: z.string(),
  flag: z.enum(['implausible']).nullable(),
});

export const news2Schema = z.object({
  status: z.enum(NEWS2_STATUSES),
  total: z.number().int().nullable(),
  redScore: z.boolean(),
  scale: z.union([z.literal(1), z.literal(2)]),
  risk: z.enum(NEWS2_RISKS).nullable(),
  response: z.enum(NEWS2_RESPONSES).nullable(),
  nextDueAt: z.iso.datetime({ offset: true }).nullable(),
});

export const vitalSetSchema = z.object({
  id: z.uuid(),
  takenAt: z.iso.datetime({ offset: true }),
  source: z.enum(VITAL_SET_SOURCES),
  onOxygen: z.boolean().nullable(),
  consciousness: z.enum(ACVPU).nullable(),
  readings: z.array(vitalReadingSchema),
  news2: news2Schema,
  hasImplausible: z.boolean(),
});
export type VitalSetDto = z.infer<typeof vitalSetSchema>;

export const recordedVitalSetSchema = vitalSetSchema.extend({
  /** The clinical alert raised for the NEWS2 response, when one was. */
  alertId: z.uuid().nullable(),
  /** qSOFA as supplementary "things to consider" (never a diagnosis), when it reaches 2. */
  considerations: z.array(z.object({ text: z.string(), source: z.string() })),
});

export const patientVitalsSchema = z.object({
  patientId: z.uuid(),
  news2Applicable: z.boolean(),
  settings: vitalSettingsSchema,
  items: z.array(vitalSetSchema),
  nextCursor: z.null(),
});

export const roundSchema = z.object({
  departmentId: z.uuid().nullable(),
  items: z.array(
    z.object({
      patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
      lastTakenAt: z.iso.datetime({ offset: true }).nullable(),
      /** Absent when the patient has no set yet. */
      news2: news2Schema.optional(),
      overdue: z.boolean(),
    }),
  ),
  nextCursor: z.null(),
});

export const patientIdParamsSchema = z.object({ id: z.uuid() }).strict();

/** `?department=`: a department's id; blank (the page's "choose" option) means the viewer's own. */
export const boardQuerySchema = z.object({
  department: z.preprocess((v) => (v === '' ? undefined : v), z.uuid().optional()),
});

export const criticalBoardSchema = z.object({
  departmentId: z.uuid().nullable(),
  items: z.array(
    z.object({
      patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
      latest: z.array(z.object({ code: z.string(), value: z.number(), unit: z.string(), effectiveAt: z.iso.datetime({ offset: true }) })),
      lastTakenAt: z.iso.datetime({ offset: true }).nullable(),
      onOxygen: z.boolean().nullable(),
      /** Absent when the patient has no set yet. */
      news2: news2Schema.optional(),
      /** NEWS2 totals of the recent scored sets, oldest first. */
      trend: z.array(z.number().int()),
      direction: z.enum(['rising', 'falling', 'steady']).nullable(),
      overdue: z.boolean(),
      openAlerts: z.array(
        z.object({
          id: z.uuid(),
          kind: z.enum(CLINICAL_ALERT_KINDS),
          severity: z.enum(CLINICAL_ALERT_SEVERITIES),
          raisedAt: z.iso.datetime({ offset: true }),
          /** Whether the alert reached you: only then may you open or acknowledge it (404 otherwise). */
          onYourChain: z.boolean(),
        }),
      ),
    }),
  ),
  nextCursor: z.null(),
});
