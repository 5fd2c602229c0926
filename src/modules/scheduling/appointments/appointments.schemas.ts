import { z } from 'zod';
import { listQuerySchema } from '../../../platform/http/api-helpers.js';
import { idempotencyHeaderSchema } from '../../../platform/http/idempotency.js';
import { APPOINTMENT_STATUSES } from './appointments.tables.js';

/** Appointments: booking, rescheduling, cancelling, the visit's status, lists. */

const instant = z.iso.datetime({ offset: true }).describe('ISO 8601 instant with offset, e.g. 2026-11-30T09:00:00+01:00');
const freeText = z.string().trim().min(1).max(1000);

export const appointmentParamsSchema = z.object({ id: z.uuid() });

export const bookAppointmentBodySchema = z.strictObject({
  patientId: z.uuid().optional().describe('Staff: the patient to book for. Patients: omit it, or give their own id'),
  staffId: z.uuid(),
  visitTypeId: z.uuid(),
  startsAt: instant,
  reason: freeText.optional().describe('The reason for the visit in the patient’s words (clinical tier)'),
});
export type BookAppointmentInput = z.infer<typeof bookAppointmentBodySchema>;

export const rescheduleAppointmentBodySchema = z.strictObject({
  startsAt: instant,
  staffId: z.uuid().optional().describe('Another clinician; the same one when omitted'),
});
export type RescheduleAppointmentInput = z.infer<typeof rescheduleAppointmentBodySchema>;

export const cancelAppointmentBodySchema = z.strictObject({ reason: freeText.optional() }).nullish();
export type CancelAppointmentInput = z.infer<typeof cancelAppointmentBodySchema>;

export const bookingHeadersSchema = idempotencyHeaderSchema;
export const rescheduleHeadersSchema = idempotencyHeaderSchema.extend({ 'if-match': z.string().optional() });

export const listAppointmentsQuerySchema = listQuerySchema.extend({
  patientId: z.uuid().optional(),
  staffId: z.uuid().optional(),
  from: instant.optional().describe('Appointments that end after this instant'),
  to: instant.optional().describe('Appointments that start before this instant'),
  status: z.enum(APPOINTMENT_STATUSES).optional(),
  scope: z.enum(['upcoming', 'past']).optional().describe('upcoming: not yet ended, soonest first; past: ended, latest first'),
});
export type ListAppointmentsQuery = z.infer<typeof listAppointmentsQuerySchema>;

/**
 * One appointment as a viewer may see it. `reason` and `cancelReason` are the clinical tier: only
 * the patient and the clinicians who may see the record get them (the front desk does not).
 */
export const appointmentSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  staffId: z.uuid(),
  visitTypeId: z.uuid(),
  roomId: z.uuid().nullable(),
  startsAt: z.date(),
  endsAt: z.date(),
  status: z.enum(APPOINTMENT_STATUSES),
  reason: z.string().nullable().optional(),
  bookedBy: z.uuid().nullable(),
  cancelledAt: z.date().nullable(),
  cancelledBy: z.uuid().nullable(),
  cancelReason: z.string().nullable().optional(),
  rescheduledFromId: z.uuid().nullable(),
  checkedInAt: z.date().nullable(),
  completedAt: z.date().nullable(),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Appointment = z.infer<typeof appointmentSchema>;
