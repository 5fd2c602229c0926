import { z } from 'zod';
import { idempotencyHeaderSchema } from '../../../platform/http/idempotency.js';
import { appointmentSchema } from '../appointments/appointments.schemas.js';

/** Automated assignment: `POST /api/v1/appointments/auto-assign` (docs/scheduling.md). */

const dateOrInstant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .describe('An ISO date (whole days in your account time zone) or an instant with offset');

export const REASON_CODES = ['earliest', 'language', 'preferred', 'seen_before', 'lighter_load'] as const;

export const autoAssignBodySchema = z.strictObject({
  patientId: z
    .uuid()
    .optional()
    .describe('Staff: the patient (needed to book, and for their language and previous clinicians). Patients: omit it'),
  specialtyId: z.uuid(),
  visitTypeId: z.uuid(),
  from: dateOrInstant.optional().describe('Default: now'),
  to: dateOrInstant.optional().describe('Default: 14 days after `from` (a date is inclusive); at most 62 days'),
  preferredLanguage: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Use a language tag such as ar or es-MX.')
    .optional()
    .describe("Default: the patient's preferred language"),
  preferredStaffId: z.uuid().optional().describe('A clinician to favour (not a filter)'),
  book: z.boolean().optional().describe('Book the chosen slot at once (Idempotency-Key honoured); default false'),
  reason: z.string().trim().min(1).max(1000).optional().describe('The reason for the visit, when booking (clinical tier)'),
});
export type AutoAssignInput = z.infer<typeof autoAssignBodySchema>;

export const autoAssignHeadersSchema = idempotencyHeaderSchema;

const choiceSchema = z.object({
  staffId: z.uuid(),
  staffName: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  roomId: z.uuid().nullable(),
  timeZone: z.string(),
  score: z.number(),
  reasonCodes: z.array(z.enum(REASON_CODES)),
});

export const autoAssignResponseSchema = choiceSchema.extend({
  visitTypeId: z.uuid(),
  /** Why this clinician, in plain words in the caller's language ("earliest available", "speaks Arabic"…). */
  reasons: z.array(z.string()),
  /** The next best choices, best first (at most four). */
  alternatives: z.array(choiceSchema),
  /** The booked appointment with `book: true`, else null. */
  appointment: appointmentSchema.nullable(),
});
export type AutoAssignment = z.infer<typeof autoAssignResponseSchema>;
export type AssignmentChoice = z.infer<typeof choiceSchema>;
