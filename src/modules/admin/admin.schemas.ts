import { z } from 'zod';
import { API_KEY_SCOPES, ISSUABLE_API_KEY_SCOPES, isApiKeyScope } from '../../platform/authz/permissions.js';
import { listQuerySchema, listResponseSchema } from '../../platform/http/api-helpers.js';
import { OUTBOX_CHANNELS, OUTBOX_STATUSES } from '../../platform/outbox/outbox.tables.js';
import { languageTagSchema, staffRoleSchema } from '../staff/index.js';

const name = z.string().trim().min(1).max(100);
const flagsInput = z.strictObject({
  nurseLead: z.boolean().optional(),
  privacyOfficer: z.boolean().optional(),
  dispatcher: z.boolean().optional(),
});
const flags = z.object({ nurseLead: z.boolean(), privacyOfficer: z.boolean(), dispatcher: z.boolean() });
const namedRef = z.object({ id: z.uuid(), name: z.string() });
export const idParamsSchema = z.object({ id: z.uuid() });
export const isoInstant = z.iso.datetime({ offset: true });

// ---- Staff accounts ------------------------------------------------------------------------

export const inviteStaffBodySchema = z.strictObject({
  email: z.email().max(254),
  role: staffRoleSchema,
  givenName: name,
  familyName: name,
  flags: flagsInput.optional(),
  departmentId: z.uuid().nullable().optional(),
  specialtyIds: z.array(z.uuid()).max(20).optional(),
  languages: z.array(languageTagSchema).max(20).optional(),
  title: name.nullable().optional(),
});
export type InviteStaffInput = z.infer<typeof inviteStaffBodySchema>;

export const updateStaffBodySchema = z.strictObject({
  role: staffRoleSchema.optional(),
  flags: flagsInput.optional(),
  givenName: name.optional(),
  familyName: name.optional(),
  departmentId: z.uuid().nullable().optional(),
  specialtyIds: z.array(z.uuid()).max(20).optional(),
  languages: z.array(languageTagSchema).max(20).optional(),
  title: name.nullable().optional(),
});
export type UpdateStaffInput = z.infer<typeof updateStaffBodySchema>;

export const STAFF_STATUSES = ['invited', 'active', 'disabled'] as const;

export const staffAccountSchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  title: z.string().nullable(),
  role: z.string(),
  flags,
  department: namedRef.nullable(),
  specialties: z.array(namedRef),
  languages: z.array(z.string()),
  photoUrl: z.string().nullable(),
  status: z.enum(STAFF_STATUSES),
  mfaEnrolled: z.boolean(),
  version: z.number().int(),
  createdAt: isoInstant,
});
export type StaffAccountDto = z.infer<typeof staffAccountSchema>;

export const staffAccountListQuerySchema = listQuerySchema.extend({
  query: z.string().trim().min(1).max(100).optional(),
  role: staffRoleSchema.optional(),
  status: z.enum(STAFF_STATUSES).optional(),
});
export const staffAccountListSchema = listResponseSchema(staffAccountSchema);

// ---- Audit trail ---------------------------------------------------------------------------

/** A full instant, or a calendar date (UTC): `from` is inclusive, a `to` date covers the whole day. */
const instantOrDate = z.union([isoInstant, z.iso.date()]);

/** A part of a person's name (given, family or both); never stored or logged. */
const nameSearch = z.string().trim().min(2, 'Type at least 2 letters').max(100);

const auditFilterFields = {
  actor: z.uuid().optional(),
  patient: z.uuid().optional(),
  actorName: nameSearch.optional(),
  patientName: nameSearch.optional(),
  action: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9_.\-*]+$/i, 'Use an action code such as patient.read or auth.*')
    .optional(),
  outcome: z.enum(['success', 'denied', 'failure']).optional(),
  from: instantOrDate.optional(),
  to: instantOrDate.optional(),
};

export const auditQuerySchema = listQuerySchema.extend(auditFilterFields);
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** The CSV export: a period is required, the other filters as for the search. */
export const auditExportQuerySchema = z.object({
  ...auditFilterFields,
  from: instantOrDate,
  to: instantOrDate,
});
export type AuditExportQuery = z.infer<typeof auditExportQuerySchema>;

/** The filter fields whose names (never values) an audit.search or audit.export row records. */
export const AUDIT_FILTER_NAMES = ['actor', 'patient', 'actorName', 'patientName', 'action', 'outcome', 'from', 'to'] as const;

export const auditEventSchema = z.object({
  id: z.number().int(),
  occurredAt: isoInstant,
  actorUserId: z.uuid().nullable(),
  actorRole: z.string().nullable(),
  actorApiKeyId: z.uuid().nullable(),
  /** The acting person's name (staff profile or patient record), when known. */
  actorName: z.string().nullable(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  patientId: z.uuid().nullable(),
  patientName: z.string().nullable(),
  category: z.string().nullable(),
  outcome: z.string(),
  severity: z.string(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  seq: z.number().int().nullable(),
});
export type AuditEventDto = z.infer<typeof auditEventSchema>;
export const auditListSchema = listResponseSchema(auditEventSchema);

export const chainVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  sealed: z.number().int(),
  unsealed: z.number().int(),
  firstBroken: z.object({ seq: z.number().int(), id: z.number().int(), reason: z.string() }).nullable(),
});
export type ChainVerificationDto = z.infer<typeof chainVerificationSchema>;

// ---- API keys ------------------------------------------------------------------------------

/** Only scopes some route accepts; a reserved one is named as such, so the caller knows it exists. */
export const issuableScope = z.enum(ISSUABLE_API_KEY_SCOPES, {
  error: (issue) => (isApiKeyScope(issue.input) ? 'No route accepts this scope yet' : 'Unknown scope'),
});

export const createApiKeyBodySchema = z.strictObject({
  name,
  scopes: z.array(issuableScope).min(1).max(API_KEY_SCOPES.length),
  expiresAt: isoInstant.optional(),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyBodySchema>;

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  status: z.enum(['active', 'expired', 'revoked']),
  createdBy: z.uuid().nullable(),
  createdAt: isoInstant,
  expiresAt: isoInstant.nullable(),
  lastUsedAt: isoInstant.nullable(),
  revokedAt: isoInstant.nullable(),
});
export type ApiKeyDto = z.infer<typeof apiKeySchema>;
export const createdApiKeySchema = apiKeySchema.extend({ key: z.string() });
export const apiKeyListSchema = listResponseSchema(apiKeySchema);

// ---- Outbox --------------------------------------------------------------------------------

export const outboxQuerySchema = listQuerySchema.extend({
  channel: z.enum(OUTBOX_CHANNELS).optional(),
  status: z.enum(OUTBOX_STATUSES).optional(),
});
export type OutboxQuery = z.infer<typeof outboxQuerySchema>;

export const outboxMessageSchema = z.object({
  id: z.uuid(),
  channel: z.enum(OUTBOX_CHANNELS),
  to: z.string(),
  subject: z.string(),
  /** Only in demo mode: elsewhere it could hand an administrator someone's reset link. */
  text: z.string().nullable(),
  template: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number().int(),
  createdAt: isoInstant,
});
export type OutboxMessageDto = z.infer<typeof outboxMessageSchema>;
export const outboxListSchema = listResponseSchema(outboxMessageSchema);
