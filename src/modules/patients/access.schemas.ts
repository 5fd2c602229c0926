import { z } from 'zod';

/** Care team, break-the-glass, privacy review and access log shapes. */

export const membershipParamsSchema = z.object({ id: z.uuid(), membershipId: z.uuid() });

export const addCareTeamBodySchema = z.strictObject({
  staffId: z.uuid(),
  teamRole: z.string().trim().min(1).max(100).optional(),
  endsAt: z.iso.datetime({ offset: true }).optional(),
});
export type AddCareTeamInput = z.infer<typeof addCareTeamBodySchema>;

export const careTeamMemberSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  staffId: z.uuid(),
  name: z.string(),
  role: z.string(),
  teamRole: z.string().nullable(),
  startsAt: z.date(),
  endsAt: z.date().nullable(),
  createdAt: z.date(),
});
export type CareTeamMember = z.infer<typeof careTeamMemberSchema>;

export const breakGlassBodySchema = z.strictObject({
  reason: z.string().trim().min(10, 'Give the reason in at least 10 characters.').max(1000),
  password: z.string().min(1).max(200),
});
export const breakGlassResponseSchema = z.object({ expiresAt: z.date() });

export const reviewTaskParamsSchema = z.object({ id: z.uuid() });
export const reviewTaskQuerySchema = z.object({
  status: z.enum(['open', 'closed', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export const closeReviewTaskBodySchema = z.strictObject({ note: z.string().trim().min(1).max(2000) });

export const reviewTaskSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['break_glass', 'mfa_reset']),
  status: z.enum(['open', 'closed']),
  patientId: z.uuid().nullable(),
  subjectUserId: z.uuid().nullable(),
  breakGlass: z
    .object({
      userId: z.uuid(),
      staffName: z.string().nullable(),
      role: z.string(),
      reason: z.string(),
      createdAt: z.date(),
      expiresAt: z.date(),
    })
    .nullable(),
  reviewNote: z.string().nullable(),
  createdAt: z.date(),
  closedAt: z.date().nullable(),
});
export type ReviewTask = z.infer<typeof reviewTaskSchema>;

export const accessLogEntrySchema = z.object({
  id: z.string(),
  occurredAt: z.date(),
  actor: z.object({ kind: z.enum(['you', 'patient', 'staff', 'system']), name: z.string().nullable(), role: z.string().nullable() }),
  action: z.string(),
  outcome: z.enum(['success', 'denied', 'failure']),
  breakGlass: z.boolean(),
  /** The parts of the record one view read (chart, health record), when the row names them. */
  sections: z.array(z.string()).optional(),
});
export type AccessLogEntry = z.infer<typeof accessLogEntrySchema>;

export const substanceQuerySchema = z.object({ query: z.string().trim().max(100).default('') });
export const substanceSchema = z.object({ rxcui: z.string(), name: z.string() });
