import { z } from 'zod';
import { isoDate } from './patients.schemas.js';

/** The collections under a patient: allergies and conditions (clinical), contacts and insurance (registration). */

export const itemParamsSchema = z.object({ id: z.uuid(), itemId: z.uuid() });

const text = (max: number) => z.string().trim().min(1).max(max);

// --- allergies -------------------------------------------------------------------------------
export const ALLERGY_SEVERITIES = ['mild', 'moderate', 'severe', 'unknown'] as const;
export const ALLERGY_STATUSES_EDITABLE = ['active', 'inactive', 'resolved'] as const;

export const createAllergyBodySchema = z
  .strictObject({
    rxcui: z
      .string()
      .trim()
      .regex(/^\d{1,10}$/, 'An RxNorm code is digits only.')
      .optional(),
    substance: text(200).optional(),
    reaction: text(500).optional(),
    severity: z.enum(ALLERGY_SEVERITIES).optional(),
    status: z.enum(ALLERGY_STATUSES_EDITABLE).optional(),
  })
  .refine((v) => v.rxcui !== undefined || v.substance !== undefined, {
    path: ['substance'],
    message: 'Name the substance, or choose one from the list.',
  });
export type CreateAllergyInput = z.infer<typeof createAllergyBodySchema>;

export const updateAllergyBodySchema = z
  .strictObject({
    reaction: text(500).nullable(),
    severity: z.enum(ALLERGY_SEVERITIES),
    status: z.enum(ALLERGY_STATUSES_EDITABLE),
    verification: z.enum(['confirmed', 'unconfirmed']),
  })
  .partial();
export type UpdateAllergyInput = z.infer<typeof updateAllergyBodySchema>;

export const allergySchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  substance: z.string(),
  rxcui: z.string().nullable(),
  reaction: z.string().nullable(),
  severity: z.enum(ALLERGY_SEVERITIES),
  status: z.enum(['active', 'inactive', 'resolved', 'entered-in-error']),
  verification: z.enum(['confirmed', 'unconfirmed']),
  source: z.enum(['patient', 'staff']),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Allergy = z.infer<typeof allergySchema>;

// --- conditions ------------------------------------------------------------------------------
export const CONDITION_CATEGORIES = ['condition', 'surgery', 'family_history'] as const;
/** ICD-10-CM code shape (U codes are reserved for special purposes and not used here). */
export const ICD10_PATTERN = /^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$/;

const icd10 = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(ICD10_PATTERN, 'Use an ICD-10-CM code such as E11.9.'));

export const createConditionBodySchema = z.strictObject({
  category: z.enum(CONDITION_CATEGORIES),
  description: text(500),
  icd10Code: icd10.optional(),
  onsetDate: isoDate.optional(),
  status: z.enum(['active', 'resolved']).optional(),
  relationship: text(100).optional(),
});
export type CreateConditionInput = z.infer<typeof createConditionBodySchema>;

export const updateConditionBodySchema = z
  .strictObject({
    description: text(500),
    icd10Code: icd10.nullable(),
    onsetDate: isoDate.nullable(),
    status: z.enum(['active', 'resolved']),
    relationship: text(100).nullable(),
  })
  .partial();
export type UpdateConditionInput = z.infer<typeof updateConditionBodySchema>;

export const conditionSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  category: z.enum(CONDITION_CATEGORIES),
  description: z.string(),
  icd10Code: z.string().nullable(),
  onsetDate: z.string().nullable(),
  status: z.enum(['active', 'resolved', 'entered-in-error']),
  relationship: z.string().nullable(),
  source: z.enum(['patient', 'staff']),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Condition = z.infer<typeof conditionSchema>;

// --- emergency contacts ----------------------------------------------------------------------
const phone = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[+0-9 ()./-]+$/, 'Use digits, spaces and + ( ) - . / only.');

export const createContactBodySchema = z.strictObject({
  name: text(200),
  relationship: text(100),
  phone,
  email: z.email().max(254).optional(),
  isPrimary: z.boolean().optional(),
});
export type CreateContactInput = z.infer<typeof createContactBodySchema>;

export const updateContactBodySchema = z
  .strictObject({ name: text(200), relationship: text(100), phone, email: z.email().max(254).nullable(), isPrimary: z.boolean() })
  .partial();
export type UpdateContactInput = z.infer<typeof updateContactBodySchema>;

export const contactSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  name: z.string(),
  relationship: z.string(),
  phone: z.string(),
  email: z.string().nullable(),
  isPrimary: z.boolean(),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type EmergencyContact = z.infer<typeof contactSchema>;

// --- insurance policies ----------------------------------------------------------------------
const validity = <T extends { validFrom?: string | null; validTo?: string | null }>(v: T) =>
  !v.validFrom || !v.validTo || v.validTo >= v.validFrom;
const validityIssue = { path: ['validTo'], message: 'The end date must be on or after the start date.' };

export const createPolicyBodySchema = z
  .strictObject({
    payer: text(200),
    memberNumber: text(100),
    groupNumber: text(100).optional(),
    planName: text(200).optional(),
    validFrom: isoDate.optional(),
    validTo: isoDate.optional(),
  })
  .refine(validity, validityIssue);
export type CreatePolicyInput = z.infer<typeof createPolicyBodySchema>;

export const updatePolicyBodySchema = z
  .strictObject({
    payer: text(200),
    memberNumber: text(100),
    groupNumber: text(100).nullable(),
    planName: text(200).nullable(),
    validFrom: isoDate.nullable(),
    validTo: isoDate.nullable(),
    status: z.enum(['active', 'inactive']),
  })
  .partial()
  .refine(validity, validityIssue);
export type UpdatePolicyInput = z.infer<typeof updatePolicyBodySchema>;

export const policySchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  payer: z.string(),
  memberNumber: z.string(),
  groupNumber: z.string().nullable(),
  planName: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  status: z.enum(['active', 'inactive']),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type InsurancePolicy = z.infer<typeof policySchema>;
