import { z } from 'zod';
import { listQuerySchema } from '../../../platform/http/api-helpers.js';
import { WAITLIST_STATUSES } from './waitlist.tables.js';
import { appointmentSchema } from '../appointments/appointments.schemas.js';

/** The waitlist: join, list, leave, and answer an offer (docs/scheduling.md "Waitlist"). */

export const MAX_WAITLIST_DAYS = 180;

export const joinWaitlistBodySchema = z
  .strictObject({
    patientId: z.uuid().optional().describe('Staff: the patient to add. Patients: omit it, or give their own id'),
    specialtyId: z.uuid(),
    staffId: z.uuid().optional().describe('Only this clinician; anyone of the specialty when omitted'),
    visitTypeId: z.uuid(),
    earliestDate: z.iso.date().describe('First acceptable day (in your account time zone)'),
    latestDate: z.iso.date().describe('Last acceptable day, inclusive'),
  })
  .refine((b) => b.latestDate >= b.earliestDate, { path: ['latestDate'], message: 'The last day must not be before the first day.' });
export type JoinWaitlistInput = z.infer<typeof joinWaitlistBodySchema>;

export const waitlistParamsSchema = z.object({ id: z.uuid() });

export const listWaitlistQuerySchema = listQuerySchema.extend({
  patientId: z.uuid().optional(),
  status: z.enum(WAITLIST_STATUSES).optional(),
});
export type ListWaitlistQuery = z.infer<typeof listWaitlistQuerySchema>;

export const waitlistOfferSchema = z.object({
  staffId: z.uuid(),
  startsAt: z.date(),
  endsAt: z.date(),
  offeredAt: z.date(),
  expiresAt: z.date(),
});

/** One entry; no free text, so the same view for everyone allowed to see it. */
export const waitlistEntrySchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  specialtyId: z.uuid(),
  staffId: z.uuid().nullable(),
  visitTypeId: z.uuid(),
  earliestDate: z.string(),
  latestDate: z.string(),
  timeZone: z.string(),
  status: z.enum(WAITLIST_STATUSES),
  /** The slot held for the patient while `status` is `offered`. */
  offer: waitlistOfferSchema.nullable(),
  appointmentId: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type WaitlistEntry = z.infer<typeof waitlistEntrySchema>;

export const acceptOfferResponseSchema = z.object({ entry: waitlistEntrySchema, appointment: appointmentSchema });
export type AcceptOfferResponse = z.infer<typeof acceptOfferResponseSchema>;
