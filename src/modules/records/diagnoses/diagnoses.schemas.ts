import { z } from 'zod';
import { DIAGNOSIS_RANKS, DIAGNOSIS_STATUSES } from './diagnoses.tables.js';

export const icd10QuerySchema = z.object({
  query: z.string().trim().min(1).max(100),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const icd10CodeSchema = z.object({ code: z.string(), description: z.string(), billable: z.boolean() });
export type Icd10Code = z.infer<typeof icd10CodeSchema>;

export const encounterParamsSchema = z.object({ encounterId: z.uuid() });
export const encounterDiagnosisParamsSchema = z.object({ encounterId: z.uuid(), diagnosisId: z.uuid() });

/** ICD-10-CM code as typed: "E11.9", "e119" — normalised to upper case; existence checked in the service. */
export const codeInputSchema = z
  .string()
  .trim()
  .min(3)
  .max(8)
  .regex(/^[A-Za-z][0-9][0-9A-Za-z](\.?[0-9A-Za-z]{1,4})?$/, 'Enter an ICD-10-CM code such as E11.9.');

export const createDiagnosisBodySchema = z.strictObject({
  code: codeInputSchema,
  /** Left out: primary for the encounter's first (active) diagnosis, secondary afterwards. */
  rank: z.enum(DIAGNOSIS_RANKS).optional(),
  chronic: z.boolean().default(false),
});
export type CreateDiagnosisInput = z.infer<typeof createDiagnosisBodySchema>;

export const diagnosisSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  encounterId: z.uuid(),
  code: z.string(),
  description: z.string(),
  rank: z.enum(DIAGNOSIS_RANKS),
  chronic: z.boolean(),
  status: z.enum(DIAGNOSIS_STATUSES),
  recordedAt: z.date(),
  removedAt: z.date().nullable(),
});
export type Diagnosis = z.infer<typeof diagnosisSchema>;

export const problemSchema = z.object({
  id: z.uuid(),
  source: z.enum(['diagnosis', 'condition']),
  code: z.string().nullable(),
  description: z.string(),
  since: z.union([z.date(), z.string()]).nullable(),
  encounterId: z.uuid().nullable(),
});
export type Problem = z.infer<typeof problemSchema>;

export const createProcedureBodySchema = z.strictObject({
  code: z.string().trim().min(1).max(20).optional(),
  description: z.string().trim().min(1).max(300),
  performedAt: z.coerce.date(),
});
export type CreateProcedureInput = z.infer<typeof createProcedureBodySchema>;

export const procedureSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  encounterId: z.uuid(),
  code: z.string().nullable(),
  description: z.string(),
  performedAt: z.date(),
  recordedAt: z.date(),
});
export type Procedure = z.infer<typeof procedureSchema>;
