import { z } from 'zod';
import { isUcumUnit } from '../prescriptions.schemas.js';
import { DOSE_STATUSES, NOT_GIVEN_REASONS } from './doses.tables.js';

export const doseParamsSchema = z.object({ id: z.uuid() });

const amount = z.object({ value: z.number(), unit: z.string() });
const figure = z.object({ due: z.number().int(), taken: z.number().int(), percent: z.number().int().nullable() });

export const doseSchema = z.object({
  id: z.uuid(),
  prescriptionId: z.uuid(),
  patientId: z.uuid(),
  medicine: z.string(),
  dose: amount,
  dueAt: z.string(),
  status: z.enum(DOSE_STATUSES),
  overdue: z.boolean(),
  snoozedUntil: z.string().nullable(),
  recordedAt: z.string().nullable(),
  administeredAt: z.string().nullable(),
  givenDose: amount.nullable(),
  notGivenReason: z.enum(NOT_GIVEN_REASONS).nullable(),
  note: z.string().nullable(),
});

export const medicineAdherenceSchema = z.object({
  prescriptionId: z.uuid(),
  productName: z.string(),
  last7Days: figure,
  last30Days: figure,
});

export const myDosesSchema = z.object({ items: z.array(doseSchema), adherence: z.array(medicineAdherenceSchema) });

export const departmentDosesSchema = z.object({
  departmentId: z.uuid().nullable(),
  patients: z.array(z.object({ id: z.uuid(), name: z.string(), mrn: z.string() })),
  items: z.array(doseSchema),
});

export const prescriptionAdherenceSchema = z.object({
  prescriptionId: z.uuid(),
  patientId: z.uuid(),
  medicine: z.string(),
  status: z.string(),
  adherence: z.object({ last7Days: figure, last30Days: figure }),
  monitoring: z.object({ active: z.boolean(), thresholdPercent: z.number().int(), alertOpen: z.boolean() }),
  recentDoses: z.array(doseSchema),
});

export const monitoringBodySchema = z.strictObject({
  active: z.boolean(),
  thresholdPercent: z.number().int().min(1).max(100).optional(),
});

const note = z.string().trim().max(500).optional();

export const givenBodySchema = z.strictObject({
  administeredAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  dose: z.strictObject({
    value: z.number().positive(),
    unit: z.string().trim().min(1, 'Give the unit.').max(40).refine(isUcumUnit, 'Use a UCUM unit such as mg, mL, ug or {tablet}.'),
  }),
  note,
});

export const notGivenBodySchema = z.strictObject({ reason: z.enum(NOT_GIVEN_REASONS), note });
