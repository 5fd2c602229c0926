import { z } from 'zod';
import { ALLERGY_STATUSES } from './patients.tables.js';

/** Request and response shapes of the patient profile, registration and search. */

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export const ACCESS_TIERS = ['self', 'care_team', 'break_glass', 'registration'] as const;

const name = z.string().trim().min(1).max(100);
export const isoDate = z.iso.date();
const phone = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[+0-9 ()./-]+$/, 'Use digits, spaces and + ( ) - . / only.');
const language = z
  .string()
  .trim()
  .min(2)
  .max(35)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Use a language tag such as en or es-MX.');

export const addressSchema = z.strictObject({
  line1: z.string().trim().max(200).optional(),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().max(100).optional(),
  region: z.string().trim().max(100).optional(),
  postalCode: z.string().trim().max(20).optional(),
  country: z.string().trim().max(100).optional(),
});

export const patientParamsSchema = z.object({ id: z.uuid() });

export const registerPatientBodySchema = z.strictObject({
  givenName: name,
  familyName: name,
  birthDate: isoDate,
  sex: z.enum(SEXES).optional(),
  phone: phone.optional(),
  email: z.email().max(254).optional(),
  address: addressSchema.optional(),
  preferredLanguage: language.optional(),
  confirmNotDuplicate: z.boolean().optional(),
});
export type RegisterPatientInput = z.infer<typeof registerPatientBodySchema>;

/** Everything a PATCH may name; the service decides which of them the caller may change. */
export const updatePatientBodySchema = z
  .strictObject({
    givenName: name,
    familyName: name,
    birthDate: isoDate,
    sex: z.enum(SEXES).nullable(),
    phone: phone.nullable(),
    email: z.email().max(254).nullable(),
    address: addressSchema.nullable(),
    preferredLanguage: language.nullable(),
    healthStatus: z.string().trim().max(2000).nullable(),
    allergyStatus: z.enum(ALLERGY_STATUSES),
    deceased: z.boolean(),
    deceasedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .partial();
export type UpdatePatientInput = z.infer<typeof updatePatientBodySchema>;

/** Who may change which profile field (SECURITY.md, two tiers). */
export const DEMOGRAPHIC_FIELDS = [
  'givenName',
  'familyName',
  'birthDate',
  'sex',
  'phone',
  'email',
  'address',
  'preferredLanguage',
] as const;
export const CLINICAL_PROFILE_FIELDS = ['healthStatus', 'allergyStatus', 'deceased', 'deceasedAt'] as const;
export const SELF_EDITABLE_FIELDS = [...DEMOGRAPHIC_FIELDS, 'healthStatus', 'allergyStatus'] as const;

export const patientProfileSchema = z.object({
  id: z.uuid(),
  mrn: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  birthDate: z.string(),
  sex: z.enum(SEXES).nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: addressSchema.nullable(),
  preferredLanguage: z.string().nullable(),
  deceased: z.boolean(),
  deceasedAt: z.date().nullable(),
  /** Clinical tier only: null for registration-tier viewers. */
  allergyStatus: z.enum(ALLERGY_STATUSES).nullable(),
  healthStatus: z.string().nullable(),
  hasPortalAccount: z.boolean(),
  /** Registered in the emergency department before being identified (docs/emergency.md); null once identified. */
  unidentified: z.object({ sex: z.enum(SEXES).nullable(), approximateAge: z.int(), since: z.date() }).nullable(),
  /** How the viewer reaches this record: what they may see and do follows from it. */
  access: z.enum(ACCESS_TIERS),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type PatientProfile = z.infer<typeof patientProfileSchema>;

export const registerPatientResponseSchema = z.object({ patient: patientProfileSchema, linkCode: z.string() });

export const duplicateCandidateSchema = z.object({ id: z.uuid(), mrn: z.string(), name: z.string(), birthDate: z.string() });
export type DuplicateCandidate = z.infer<typeof duplicateCandidateSchema>;

export const searchQuerySchema = z.object({
  query: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

/** Registration-tier fields only: search never returns clinical data. */
export const patientSummarySchema = z.object({
  id: z.uuid(),
  mrn: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  birthDate: z.string(),
  sex: z.enum(SEXES).nullable(),
  /** An unidentified arrival (docs/emergency.md): the facts of its placeholder name; null once identified or never. */
  unidentified: z.object({ sex: z.enum(SEXES).nullable(), approximateAge: z.int(), since: z.date() }).nullable(),
});
export type PatientSummary = z.infer<typeof patientSummarySchema>;
