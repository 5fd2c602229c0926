import { z } from 'zod';
import { languageTagSchema, staffRoleSchema } from '../staff/index.js';
import { issuableScope, type InviteStaffInput, type UpdateStaffInput } from './admin.schemas.js';

/**
 * HTML forms send strings: a checkbox is 'true' or absent, repeated fields are a string or an
 * array, and languages are typed as one comma-separated line. These schemas turn a posted form
 * into the same input the JSON API takes, so both go through one service.
 */
const name = z.string().trim().min(1).max(100);
const checkbox = z
  .literal('true')
  .optional()
  .transform((v) => v === 'true');
const repeated = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
const languagesLine = z
  .string()
  .max(200)
  .optional()
  .transform((line) => (line ?? '').split(/[\s,]+/).filter(Boolean))
  .pipe(z.array(languageTagSchema).max(20));

const staffFields = {
  role: staffRoleSchema,
  givenName: name,
  familyName: name,
  title: name.optional(),
  departmentId: z.uuid().optional(),
  specialtyIds: repeated.pipe(z.array(z.uuid()).max(20)),
  languages: languagesLine,
  nurseLead: checkbox,
  privacyOfficer: checkbox,
  dispatcher: checkbox,
};

export const inviteStaffFormSchema = z.object({ email: z.email().max(254), ...staffFields }).transform((f): InviteStaffInput => ({
  email: f.email,
  role: f.role,
  givenName: f.givenName,
  familyName: f.familyName,
  title: f.title ?? null,
  departmentId: f.departmentId ?? null,
  specialtyIds: f.specialtyIds,
  languages: f.languages,
  flags: { nurseLead: f.nurseLead, privacyOfficer: f.privacyOfficer, dispatcher: f.dispatcher },
}));

/** The edit form shows every field, so an empty one means "clear it". */
export const updateStaffFormSchema = z.object(staffFields).transform((f): UpdateStaffInput => ({
  role: f.role,
  givenName: f.givenName,
  familyName: f.familyName,
  title: f.title ?? null,
  departmentId: f.departmentId ?? null,
  specialtyIds: f.specialtyIds,
  languages: f.languages,
  flags: { nurseLead: f.nurseLead, privacyOfficer: f.privacyOfficer, dispatcher: f.dispatcher },
}));

export const createApiKeyFormSchema = z.object({
  name,
  scopes: repeated.pipe(z.array(issuableScope).min(1, 'Choose at least one scope')),
  /** From a date input: the key stops working at the start of that day (UTC). */
  expiresOn: z.iso.date().optional(),
});
