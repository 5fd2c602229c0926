import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { AppError, notFound } from '../../../../platform/errors.js';
import {
  claimIdempotencyKey,
  findStoredResponse,
  storeResponse,
  type IdempotentOutcome,
  type IdempotentRequest,
  type StoredResponse,
} from '../../../../platform/http/idempotency.js';
import { addCareTeamMember } from '../../../patients/index.js';
import { findStaffById } from '../../../staff/index.js';
import { findClinicianBookingAt, findCommittedConflict, insertAppointment } from '../appointments.repository.js';
import type { Appointment, BookAppointmentInput } from '../appointments.schemas.js';
import { auditAppointment, resolveBookingPatient, toAppointment, type AppointmentAccess } from './appointment-access.service.js';
import { checkBookable, checkNotice, getVisitType } from '../../availability/services/availability.service.js';
import type { VisitTypeRow } from '../../availability/availability.repository.js';
import { bookingLog, CONFLICTS, explainBookingFailure, logOutcome, type BookingLog, type StepLogger } from './booking-log.service.js';
import { bookingQueueKey, inBookingQueue } from './booking-gate.js';
import { transactionWithRetry } from '../../../../platform/db/transactions.js';
import { runAppointmentHooks, type AppointmentHook } from './appointment-hooks.js';

export interface BookingOptions {
  idempotency?: IdempotentRequest | undefined;
  logger: StepLogger;
  /** What else happens on a change (appointment-hooks.ts), run inside the transaction. */
  hooks?: AppointmentHook[];
  /**
   * No start sooner than this many minutes after now (BOOKING_MIN_NOTICE_MINUTES): the API and the
   * pages pass the configured notice, so both refuse what the slot search does not offer.
   */
  minNoticeMinutes?: number;
}

/**
 * The clinician must exist and be active (a disabled account takes no new bookings). Answers their
 * specialties, which decide the visit types they offer.
 */
export async function resolveClinician(db: Db, staffId: string): Promise<{ specialtyIds: string[] }> {
  const clinician = await findStaffById(db, staffId);
  if (!clinician || !clinician.active || clinician.role === 'patient') throw notFound('The clinician');
  return { specialtyIds: clinician.specialties.map((s) => s.id) };
}

/** A replayed answer is still an access to the appointment: it is audited like a read. */
export async function auditReplay(db: Db, ctx: ServiceContext, stored: StoredResponse, action: string): Promise<void> {
  const body = JSON.parse(stored.body) as { id?: string; patientId?: string; reason?: unknown };
  if (!body.id || !body.patientId) return;
  const view = 'reason' in body ? 'clinical' : 'registration';
  await db.transaction((tx) =>
    auditAppointment(tx, ctx, { id: body.id!, patientId: body.patientId! }, { view, tier: 'replay' }, action, { replayed: true }).then(
      () => undefined,
    ),
  );
}

/**
 * Books an appointment: refuses a start in the past or inside the minimum notice (422), resolves
 * the patient and the clinician (404), answers 409 at once when a committed appointment already
 * holds the time (the cheap pre-check: one indexed query, no transaction), asks the availability
 * side whether the slot may be booked (422 slot_in_past / outside_availability), then inserts it
 * with its audit row, the clinician's care-team membership and the idempotency record in one
 * transaction. The database's exclusion constraints decide any race the pre-check cannot see:
 * 409 slot_taken / room_taken / patient_busy, with the collided-with appointment in the log.
 * Attempts on the same clinician and start wait for each other in this process (booking-gate.ts),
 * so a burst's losers learn they lost from the pre-check rather than from a blocked insert. Every
 * step is logged (see booking-log.service.ts). Everything that must happen when an appointment is
 * booked happens here, in this one function.
 */
export async function bookAppointment(
  db: Db,
  ctx: ServiceContext,
  input: BookAppointmentInput,
  options: BookingOptions,
): Promise<IdempotentOutcome<Appointment>> {
  const log = bookingLog(options.logger, { operation: 'book', requestId: ctx.origin.requestId });
  const startsAt = new Date(input.startsAt);
  let attempt: { patientId: string; roomId: string | null; endsAt: Date } | undefined;
  try {
    if (options.idempotency) {
      const stored = await findStoredResponse(db, options.idempotency, ctx.now);
      if (stored) {
        await auditReplay(db, ctx, stored, 'appointment.book');
        log.step('booking.outcome', { outcome: 'replayed', status: stored.status });
        return { replayed: true, response: stored };
      }
    }
    const outcome = await inBookingQueue(bookingQueueKey(input.staffId, startsAt), async () => {
      // First in the queue, before the parties are resolved: in a burst on one slot, every attempt
      // after the winner learns it lost from this one indexed query. (That the clinician is booked
      // at that time is what the slot search shows anyone who may book.)
      await refuseTakenStart(db, input.staffId, startsAt, log);
      const { patientId, access, visitType, clinician } = await resolveBookingParties(db, ctx, input, log);
      refuseTooSoon(ctx, { staffId: input.staffId, visitTypeId: input.visitTypeId, startsAt }, options.minNoticeMinutes ?? 0, log);
      await refuseCommittedConflict(db, { patientId, staffId: input.staffId, startsAt, visitType }, log);
      const slot = await validateSlot(db, ctx, { staffId: input.staffId, visitTypeId: input.visitTypeId, startsAt }, log, {
        visitType,
        clinicianSpecialtyIds: clinician.specialtyIds,
      });
      attempt = { patientId, roomId: slot.roomId, endsAt: slot.endsAt };
      return insertBooking(db, ctx, input, { patientId, access, startsAt, slot }, options, log);
    });
    if (outcome.replayed) log.step('booking.outcome', { outcome: 'replayed', status: outcome.response.status });
    else logOutcome(log, null, { appointmentId: outcome.body.id });
    return outcome;
  } catch (error) {
    const explained = attempt ? await explainBookingFailure(db, error, { ...attempt, staffId: input.staffId, startsAt }, log) : error;
    logOutcome(log, explained);
    throw explained;
  }
}

/** The winning path's one transaction: the key, the row, its audit, the care team, the hooks, the answer. */
async function insertBooking(
  db: Db,
  ctx: ServiceContext,
  input: BookAppointmentInput,
  booking: { patientId: string; access: AppointmentAccess; startsAt: Date; slot: { endsAt: Date; roomId: string | null } },
  options: BookingOptions,
  log: BookingLog,
): Promise<IdempotentOutcome<Appointment>> {
  const { patientId, access, startsAt, slot } = booking;
  return transactionWithRetry(db, async (tx): Promise<IdempotentOutcome<Appointment>> => {
    if (options.idempotency) {
      const stored = await claimIdempotencyKey(tx, options.idempotency, ctx.now);
      if (stored) return { replayed: true, response: stored };
    }
    const row = await insertAppointment(tx, {
      patientId,
      staffId: input.staffId,
      visitTypeId: input.visitTypeId,
      roomId: slot.roomId,
      startsAt,
      endsAt: slot.endsAt,
      status: 'booked',
      bookedBy: ctx.actor.userId,
      reason: input.reason ?? null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    log.step('booking.insert', { outcome: 'inserted', appointmentId: row.id, staffId: row.staffId, roomId: row.roomId });
    await auditAppointment(tx, ctx, row, access, 'appointment.book', { staffId: row.staffId, visitTypeId: row.visitTypeId });
    // A booked visit opens the record to the clinician (idempotent for an existing member).
    await addCareTeamMember(
      tx,
      { patientId, staffId: row.staffId, addedBy: ctx.actor.userId, addedByRole: ctx.actor.role },
      ctx.now,
      ctx.origin,
    );
    await runAppointmentHooks(
      options.hooks,
      tx,
      { kind: 'booked', appointment: row },
      { now: ctx.now, actorUserId: ctx.actor.userId, origin: ctx.origin },
    );
    const appointment = toAppointment(row, access.view);
    if (options.idempotency) await storeResponse(tx, options.idempotency, { status: 201, body: appointment }, ctx.now);
    return { replayed: false, status: 201, body: appointment };
  });
}

/** A start in the past or inside the minimum notice is refused before the slot is looked at (422). */
function refuseTooSoon(
  ctx: ServiceContext,
  wanted: { staffId: string; visitTypeId: string; startsAt: Date },
  minNoticeMinutes: number,
  log: BookingLog,
): void {
  try {
    checkNotice(wanted.startsAt, ctx.now, minNoticeMinutes);
  } catch (error) {
    log.warn('booking.validation', {
      outcome: 'refused',
      code: (error as AppError).code,
      staffId: wanted.staffId,
      visitTypeId: wanted.visitTypeId,
      startsAt: wanted.startsAt.toISOString(),
    });
    throw error;
  }
}

/**
 * "Losers learn they lost cheaply": a committed appointment already holding the clinician, the
 * room of the clinician's hours or the patient at that time answers 409 before any transaction.
 * The room is not known yet (it comes from the working hours): the database still checks it.
 */
async function refuseCommittedConflict(
  db: Db,
  wanted: { patientId: string; staffId: string; startsAt: Date; visitType: VisitTypeRow },
  log: BookingLog,
): Promise<void> {
  const endsAt = new Date(wanted.startsAt.getTime() + wanted.visitType.durationMinutes * 60_000);
  const conflict = await findCommittedConflict(db, {
    staffId: wanted.staffId,
    roomId: null,
    patientId: wanted.patientId,
    startsAt: wanted.startsAt,
    endsAt,
  });
  if (!conflict) return;
  const known = CONFLICTS[conflict.dimension];
  log.warn('booking.insert', {
    outcome: 'rejected',
    precheck: true,
    constraint: known.constraint,
    conflictingAppointmentId: conflict.id,
    staffId: wanted.staffId,
  });
  throw new AppError(known.code, known.message, { constraint: known.constraint });
}

/** The clinician already booked at this instant: 409 slot_taken at once. */
async function refuseTakenStart(db: Db, staffId: string, startsAt: Date, log: BookingLog): Promise<void> {
  const taken = await findClinicianBookingAt(db, staffId, startsAt);
  if (!taken) return;
  const known = CONFLICTS.clinician;
  log.warn('booking.insert', {
    outcome: 'rejected',
    precheck: true,
    constraint: known.constraint,
    conflictingAppointmentId: taken.id,
    staffId,
  });
  throw new AppError(known.code, known.message, { constraint: known.constraint });
}

async function resolveBookingParties(
  db: Db,
  ctx: ServiceContext,
  input: BookAppointmentInput,
  log: BookingLog,
): Promise<{ patientId: string; access: AppointmentAccess; visitType: VisitTypeRow; clinician: { specialtyIds: string[] } }> {
  try {
    const booking = await resolveBookingPatient(db, ctx, input.patientId, 'appointment.book');
    const clinician = await resolveClinician(db, input.staffId);
    const visitType = await getVisitType(db, input.visitTypeId);
    if (!visitType || !visitType.active) throw notFound('The visit type');
    log.step('booking.slot_lookup', { outcome: 'ok', staffId: input.staffId, visitTypeId: input.visitTypeId, tier: booking.access.tier });
    return { ...booking, visitType, clinician };
  } catch (error) {
    log.warn('booking.slot_lookup', {
      outcome: 'refused',
      code: error instanceof AppError ? error.code : 'internal_error',
      staffId: input.staffId,
      visitTypeId: input.visitTypeId,
    });
    throw error;
  }
}

/** Asks the availability side whether this start may be booked; it does not look at other appointments. */
export async function validateSlot(
  db: Db,
  ctx: ServiceContext,
  wanted: { staffId: string; visitTypeId: string; startsAt: Date },
  log: BookingLog,
  known: Parameters<typeof checkBookable>[2] = {},
): Promise<{ endsAt: Date; roomId: string | null }> {
  try {
    const slot = await checkBookable(db, { ...wanted, now: ctx.now }, known);
    log.step('booking.validation', {
      outcome: 'ok',
      staffId: wanted.staffId,
      visitTypeId: wanted.visitTypeId,
      startsAt: wanted.startsAt.toISOString(),
      endsAt: slot.endsAt.toISOString(),
      roomId: slot.roomId,
    });
    return slot;
  } catch (error) {
    log.warn('booking.validation', {
      outcome: 'refused',
      code: error instanceof AppError ? error.code : 'internal_error',
      staffId: wanted.staffId,
      visitTypeId: wanted.visitTypeId,
      startsAt: wanted.startsAt.toISOString(),
    });
    throw error;
  }
}
