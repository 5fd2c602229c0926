import { z } from 'zod';
import { STAFF_ROLES, type Role } from '../../platform/auth/auth.tables.js';
import { listQuerySchema, listResponseSchema } from '../../platform/http/api-helpers.js';

/** A BCP 47 language tag as people type it: `en`, `es`, `pt-BR`, `zh-Hant`. */
export const languageTagSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Use a language code such as en, es or pt-BR')
  .transform((tag) => {
    const [primary, ...rest] = tag.split('-');
    return [primary!.toLowerCase(), ...rest].join('-');
  });

export type StaffRole = Exclude<Role, 'patient'>;
export const staffRoleSchema = z.enum(STAFF_ROLES as [StaffRole, ...StaffRole[]]);

export const departmentSchema = z.object({ id: z.uuid(), code: z.string(), name: z.string() });
export type Department = z.infer<typeof departmentSchema>;

export const specialtySchema = z.object({ id: z.uuid(), code: z.string(), name: z.string(), departmentId: z.uuid().nullable() });
export type Specialty = z.infer<typeof specialtySchema>;

const namedRefSchema = z.object({ id: z.uuid(), name: z.string() });

/**
 * The public directory entry: what any signed-in person (patients included, when they choose a
 * clinician) may see. Never an e-mail address or account internals.
 */
export const staffDirectoryEntrySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  title: z.string().nullable(),
  role: z.string(),
  department: namedRefSchema.nullable(),
  specialties: z.array(namedRefSchema),
  languages: z.array(z.string()),
  /** Where the photo is served (a staff.directory route), or null when there is none. */
  photoUrl: z.string().nullable(),
});
export type StaffDirectoryEntry = z.infer<typeof staffDirectoryEntrySchema>;

export const staffDirectoryQuerySchema = listQuerySchema.extend({
  department: z.uuid().optional(),
  specialty: z.uuid().optional(),
  language: languageTagSchema.optional(),
  role: staffRoleSchema.optional(),
  query: z.string().trim().min(1).max(100).optional(),
});
export type StaffDirectoryQuery = z.infer<typeof staffDirectoryQuerySchema>;

export const staffDirectoryListSchema = listResponseSchema(staffDirectoryEntrySchema);
export const staffIdParamsSchema = z.object({ id: z.uuid() });
export const specialtiesQuerySchema = z.object({ department: z.uuid().optional() });

/** Staff photos: PNG or JPEG up to 2 MiB, checked by their bytes. */
export const STAFF_PHOTO_TYPES = ['image/png', 'image/jpeg'] as const;
export const STAFF_PHOTO_MAX_BYTES = 2 * 1024 * 1024;

export const staffPhotoSchema = z.object({
  photoUrl: z.string(),
  contentType: z.enum(STAFF_PHOTO_TYPES),
  sizeBytes: z.number().int(),
  sha256: z.string(),
});
export type StaffPhoto = z.infer<typeof staffPhotoSchema>;
