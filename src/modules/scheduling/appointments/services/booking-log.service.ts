import type { Db } from '../../../../platform/db/database.js';
import { registerConstraintMessages, translateConstraintViolation } from '../../../../platform/db/constraint-errors.js';
import { AppError } from '../../../../platform/errors.js';
import { findOverlappingActiveAppointment, type OverlapDimension } from '../appointments.repository.js';

/**
 * The structured log of a booking (or a reschedule), so an operator can see exactly where one
 * failed: `booking.slot_lookup` (the patient, the clinician and the visit type resolved),
 * `booking.validation` (the start is inside the clinician's availability), `booking.insert`, and
 * `booking.outcome`. On an exclusion violation the
 * lines name the constraint and the appointment the booking collided with. Ids and codes only:
 * never names, reasons or other PHI.
 */
export interface StepLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export type BookingStep = 'booking.slot_lookup' | 'booking.validation' | 'booking.insert' | 'booking.outcome';

export interface BookingLog {
  step(step: BookingStep, fields: Record<string, unknown>): void;
  warn(step: BookingStep, fields: Record<string, unknown>): void;
}

/** A booking log bound to one operation (`book` or `reschedule`) and its request id. */
export function bookingLog(
  logger: StepLogger,
  base: { operation: 'book' | 'reschedule'; requestId: string | null; appointmentId?: string },
): BookingLog {
  return {
    step: (step, fields) => logger.info({ ...base, step, ...fields }, step),
    warn: (step, fields) => logger.warn({ ...base, step, ...fields }, step),
  };
}

type ConflictCode = 'slot_taken' | 'room_taken' | 'patient_busy';
const CONSTRAINTS: Record<string, { dimension: OverlapDimension; code: ConflictCode; message: string }> = {
  appointments_clinician_no_overlap: {
    dimension: 'clinician',
    code: 'slot_taken',
    message: 'This time with the clinician has just been booked by someone else. Choose another time.',
  },
  appointments_room_no_overlap: {
    dimension: 'room',
    code: 'room_taken',
    message: 'The room for this visit is already booked at this time. Choose another time.',
  },
  appointments_patient_no_overlap: {
    dimension: 'patient',
    code: 'patient_busy',
    message: 'The patient already has another appointment at this time. Choose a time that does not overlap it.',
  },
};

/** The same answers by dimension, for the pre-check that finds a committed conflict before inserting. */
export const CONFLICTS = Object.fromEntries(
  Object.entries(CONSTRAINTS).map(([constraint, c]) => [c.dimension, { constraint, code: c.code, message: c.message }]),
) as Record<OverlapDimension, { constraint: string; code: ConflictCode; message: string }>;

registerConstraintMessages(
  Object.fromEntries(Object.entries(CONSTRAINTS).map(([name, c]) => [name, { code: c.code, message: c.message }])),
);

export interface AttemptedSlot {
  patientId: string;
  staffId: string;
  roomId: string | null;
  startsAt: Date;
  endsAt: Date;
  /** A reschedule's original appointment: it still overlaps after the rollback, and is not the conflict. */
  excludeId?: string;
}

/**
 * Turns an exclusion violation of the appointments into 409 slot_taken / room_taken /
 * patient_busy, after finding (with the root handle: the failed transaction is over) and logging
 * the appointment it collided with. Other errors come back unchanged.
 */
export async function explainBookingFailure(db: Db, error: unknown, attempt: AttemptedSlot, log: BookingLog): Promise<unknown> {
  const translated = translateConstraintViolation(error);
  const known = translated?.constraint ? CONSTRAINTS[translated.constraint] : undefined;
  if (!translated || !known) return error;
  const value = known.dimension === 'clinician' ? attempt.staffId : known.dimension === 'room' ? attempt.roomId : attempt.patientId;
  const conflictingAppointmentId = value
    ? ((await findOverlappingActiveAppointment(db, {
        dimension: known.dimension,
        value,
        startsAt: attempt.startsAt,
        endsAt: attempt.endsAt,
        ...(attempt.excludeId ? { excludeId: attempt.excludeId } : {}),
      })) ?? null)
    : null;
  log.warn('booking.insert', {
    outcome: 'rejected',
    constraint: translated.constraint,
    sqlState: translated.sqlState,
    conflictingAppointmentId,
    staffId: attempt.staffId,
    roomId: attempt.roomId,
  });
  return new AppError(known.code, known.message, { constraint: translated.constraint });
}

/** The final line of every booking attempt, whatever happened. */
export function logOutcome(log: BookingLog, error: unknown, fields: Record<string, unknown> = {}): void {
  if (!error) {
    log.step('booking.outcome', { outcome: 'booked', ...fields });
    return;
  }
  const appError = error instanceof AppError ? error : undefined;
  const outcome = !appError ? 'error' : appError.status === 409 ? 'conflict' : 'refused';
  log.warn('booking.outcome', {
    outcome,
    code: appError?.code ?? 'internal_error',
    status: appError?.status ?? 500,
    ...(appError?.extra.constraint ? { constraint: appError.extra.constraint } : {}),
    ...fields,
  });
}
