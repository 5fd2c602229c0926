import { z } from 'zod';
import { registerPatientBodySchema, updatePatientBodySchema } from './patients.schemas.js';

/**
 * HTML forms send flat strings; these schemas read them into the same inputs the API takes, so the
 * pages and the API validate alike. Empty fields arrive absent (normaliseForm).
 */

const reg = registerPatientBodySchema.shape;
const upd = updatePatientBodySchema.shape;

const addressFields = {
  addressLine1: z.string().max(200).optional(),
  city: z.string().max(100).optional(),
  postalCode: z.string().max(20).optional(),
  country: z.string().max(100).optional(),
};

function addressOf(v: { addressLine1?: string; city?: string; postalCode?: string; country?: string }) {
  const address = { line1: v.addressLine1, city: v.city, postalCode: v.postalCode, country: v.country };
  return Object.values(address).some(Boolean) ? Object.fromEntries(Object.entries(address).filter(([, x]) => x)) : undefined;
}

export const registerPatientFormSchema = z
  .object({
    givenName: reg.givenName,
    familyName: reg.familyName,
    birthDate: reg.birthDate,
    sex: reg.sex,
    phone: reg.phone,
    email: reg.email,
    preferredLanguage: reg.preferredLanguage,
    ...addressFields,
    confirmNotDuplicate: z.literal('true').optional(),
  })
  .transform(({ addressLine1, city, postalCode, country, confirmNotDuplicate, ...rest }) => ({
    ...rest,
    address: addressOf({ addressLine1, city, postalCode, country }),
    confirmNotDuplicate: confirmNotDuplicate === 'true',
  }));

/** The patient's own details form: an emptied field clears the value. */
export const selfProfileFormSchema = z
  .object({
    givenName: upd.givenName.unwrap(),
    familyName: upd.familyName.unwrap(),
    birthDate: upd.birthDate.unwrap(),
    sex: z.enum(['female', 'male', 'other', 'unknown']).optional(),
    phone: reg.phone,
    email: reg.email,
    preferredLanguage: reg.preferredLanguage,
    ...addressFields,
  })
  .transform(({ addressLine1, city, postalCode, country, ...v }) => ({
    givenName: v.givenName,
    familyName: v.familyName,
    birthDate: v.birthDate,
    sex: v.sex ?? null,
    phone: v.phone ?? null,
    email: v.email ?? null,
    preferredLanguage: v.preferredLanguage ?? null,
    address: addressOf({ addressLine1, city, postalCode, country }) ?? null,
  }));

export const healthStatusFormSchema = z
  .object({ healthStatus: z.string().trim().max(2000).optional() })
  .transform((v) => ({ healthStatus: v.healthStatus ?? null }));

export const clinicalStatusFormSchema = z.object({
  healthStatus: z.string().trim().max(2000).optional(),
  allergyStatus: z.enum(['not_recorded', 'no_known_allergies', 'has_allergies']),
});

/** The contact form's fields carry a prefix (unique ids on a page with the person's own phone). */
export const contactFormSchema = z
  .object({
    contactName: z.string().trim().min(1).max(200),
    contactRelationship: z.string().trim().min(1).max(100),
    contactPhone: z
      .string()
      .trim()
      .min(3)
      .max(40)
      .regex(/^[+0-9 ()./-]+$/, 'Use digits, spaces and + ( ) - . / only.'),
    contactEmail: z.email().max(254).optional(),
  })
  .transform((v) => ({
    name: v.contactName,
    relationship: v.contactRelationship,
    phone: v.contactPhone,
    ...(v.contactEmail ? { email: v.contactEmail } : {}),
  }));
