import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { AppError, notFound } from '../../../../platform/errors.js';
import { randomUUID } from 'node:crypto';
import { translateConstraintViolation } from '../../../../platform/db/constraint-errors.js';
import {
  claimIdempotencyKeyInOneStatement,
  findStoredResponse,
  storedResponseAmong,
  storeResponseInsert,
  type IdempotentOutcome,
  type IdempotentRequest,
  type StoredResponse,
} from '../../../../platform/http/idempotency.js';
import { addCareTeamMember, joinCareTeamAlongside } from '../../../patients/index.js';
import { findStaffById } from '../../../staff/index.js';
import { insertAppointmentWith, type AppointmentRow } from '../appointments.repository.js';
import type { Appointment, BookAppointmentInput } from '../appointments.schemas.js';
import {
  auditAppointment,
  auditAppointmentInsert,
  bookingPatientOf,
  settleBookingPatient,
  toAppointment,
  type AppointmentAccess,
} from './appointment-access.service.js';
import { checkBookable, checkNotice } from '../../availability/services/availability.service.js';
import type { VisitTypeRow } from '../../availability/availability.repository.js';
import { readBookingFacts, readTakenTogether, type BookingFacts } from './booking-facts.service.js';
import { bookingLog, CONFLICTS, explainBookingFailure, logOutcome, type BookingLog, type StepLogger } from './booking-log.service.js';
import { bookingQueueKey, inBookingQueue } from './booking-gate.js';
import { statementWithRetry, transactionWithRetry } from '../../../../platform/db/transactions.js';
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
 * holds the time, asks the availability side whether the slot may be booked (422 slot_in_past /
 * outside_availability), then writes it with its audit row, the clinician's care-team membership
 * and the idempotency record. The database's exclusion constraints decide any race the pre-check
 * cannot see: 409 slot_taken / room_taken / patient_busy, with the collided-with appointment in
 * the log. Every step is logged (see booking-log.service.ts). Everything that must happen when an
 * appointment is booked happens here, in this one function.
 *
 * Round trips (issue 11): every fact the decision needs — the stored answer to the key, a booking
 * already at that instant, the patient and the viewer's relationships, the clinician and their
 * specialties, the visit type, a committed conflict, the schedule version, the clinician's place
 * on the care team — is read in ONE statement built once (booking-facts.service.ts), and the write is ONE statement
 * (`insertAppointmentWith`: the row, its audit, the care-team membership and its audit, the key's
 * answer), after the key's lock when there is a key, with the hooks in the same transaction.
 * Attempts on the same clinician and start wait for each other in this process (booking-gate.ts),
 * and those that waited learn together, from one light statement, that the slot went: no
 * transaction and no facts read for a burst's losers.
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
    const named = bookingPatientOf(ctx, input.patientId);
    const outcome = await inBookingQueue(
      bookingQueueKey(input.staffId, startsAt),
      { ask: options.idempotency, askTogether: (keys) => readTakenTogether(db, ctx, { staffId: input.staffId, startsAt }, keys) },
      async (afterFirst): Promise<IdempotentOutcome<Appointment>> => {
        // Behind another attempt on this slot, which has most likely taken it: one small indexed
        // query answered every attempt that waited, so a burst's losers cost one light statement
        // between them. (That the clinician is booked at that time is what the slot search shows
        // anyone who may book.)
        if (afterFirst) {
          const stored = options.idempotency ? storedResponseAmong(afterFirst.storedRows, options.idempotency) : undefined;
          if (stored) return replay(db, ctx, stored, log);
          refuseTakenStart(afterFirst.taken, input.staffId, log);
        }
        const facts = await readBookingFacts(db, ctx, input, { named, startsAt, idempotency: options.idempotency });
        if (facts.stored) return replay(db, ctx, facts.stored, log);
        // First, before the parties are resolved: in a burst on one slot, every attempt after the
        // winner learns it lost here.
        refuseTakenStart(facts.taken, input.staffId, log);
        const { patientId, access, visitType, clinician } = await settleBookingParties(db, ctx, input, named, facts, log);
        refuseTooSoon(ctx, { staffId: input.staffId, visitTypeId: input.visitTypeId, startsAt }, options.minNoticeMinutes ?? 0, log);
        refuseCommittedConflict(facts.conflict, input.staffId, log);
        const slot = await validateSlot(db, ctx, { staffId: input.staffId, visitTypeId: input.visitTypeId, startsAt }, log, {
          visitType,
          clinicianSpecialtyIds: clinician.specialtyIds,
          scheduleVersions: facts.scheduleVersions,
        });
        attempt = { patientId, roomId: slot.roomId, endsAt: slot.endsAt };
        return insertBooking(db, ctx, input, { patientId, access, startsAt, slot, careTeam: facts.careTeam }, options, log);
      },
    );
    if (!outcome.replayed) logOutcome(log, null, { appointmentId: outcome.body.id });
    return outcome;
  } catch (error) {
    // A request with this key that committed while this one ran (another instance) makes this
    // one's write fail on the key or on the slot: its answer is this request's answer.
    if (attempt && options.idempotency && translateConstraintViolation(error)) {
      const stored = await findStoredResponse(db, options.idempotency, ctx.now);
      if (stored) return replay(db, ctx, stored, log);
    }
    const explained = attempt ? await explainBookingFailure(db, error, { ...attempt, staffId: input.staffId, startsAt }, log) : error;
    logOutcome(log, explained);
    throw explained;
  }
}

async function replay(db: Db, ctx: ServiceContext, stored: StoredResponse, log: BookingLog): Promise<IdempotentOutcome<Appointment>> {
  await auditReplay(db, ctx, stored, 'appointment.book');
  log.step('booking.outcome', { outcome: 'replayed', status: stored.status });
  return { replayed: true, response: stored };
}

/**
 * The winning path's write. The row, its audit row, the clinician's care-team membership (with
 * its audit row) and the key's answer are ONE statement; with a key, the key's lock (and a
 * re-read of it) comes first, and hooks follow, in one transaction. Without a key or hooks the
 * one statement is the whole write, atomic on its own. The answer is built before the write, so
 * the key's stored answer is exactly what is sent.
 */
async function insertBooking(
  db: Db,
  ctx: ServiceContext,
  input: BookAppointmentInput,
  booking: {
    patientId: string;
    access: AppointmentAccess;
    startsAt: Date;
    slot: { endsAt: Date; roomId: string | null };
    careTeam: 'active' | 'absent' | 'other';
  },
  options: BookingOptions,
  log: BookingLog,
): Promise<IdempotentOutcome<Appointment>> {
  const { patientId, access, startsAt, slot, careTeam } = booking;
  const values: AppointmentRow = {
    id: randomUUID(),
    patientId,
    staffId: input.staffId,
    visitTypeId: input.visitTypeId,
    roomId: slot.roomId,
    startsAt,
    endsAt: slot.endsAt,
    status: 'booked',
    bookedBy: ctx.actor.userId,
    reason: input.reason ?? null,
    cancelledAt: null,
    cancelledBy: null,
    cancelReason: null,
    rescheduledFromId: null,
    checkedInAt: null,
    completedAt: null,
    version: 1,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  const appointment = toAppointment(values, access.view);
  const addedBy = { addedBy: ctx.actor.userId, addedByRole: ctx.actor.role };
  const write = async (handle: Db): Promise<IdempotentOutcome<Appointment>> => {
    const row = await insertAppointmentWith(handle, values, {
      appointment_audit: auditAppointmentInsert(handle, ctx, values, access, 'appointment.book', {
        staffId: values.staffId,
        visitTypeId: values.visitTypeId,
      }),
      // A booked visit opens the record to the clinician (nothing to do for an active member).
      ...(careTeam === 'absent'
        ? joinCareTeamAlongside({ id: randomUUID(), patientId, staffId: values.staffId, ...addedBy }, ctx.now, ctx.origin)
        : {}),
      ...(options.idempotency
        ? { idempotency_key: storeResponseInsert(handle, options.idempotency, { status: 201, body: appointment }, ctx.now) }
        : {}),
    });
    log.step('booking.insert', { outcome: 'inserted', appointmentId: row.id, staffId: row.staffId, roomId: row.roomId });
    // A membership ended or not yet started still holds its place: the full path retires it.
    if (careTeam === 'other') await addCareTeamMember(handle, { patientId, staffId: row.staffId, ...addedBy }, ctx.now, ctx.origin);
    await runAppointmentHooks(
      options.hooks,
      handle,
      { kind: 'booked', appointment: row },
      { now: ctx.now, actorUserId: ctx.actor.userId, origin: ctx.origin },
    );
    return { replayed: false, status: 201, body: appointment };
  };
  const alone = !options.idempotency && careTeam !== 'other' && (options.hooks ?? []).length === 0;
  if (alone) return statementWithRetry(() => write(db));
  return transactionWithRetry(db, async (tx): Promise<IdempotentOutcome<Appointment>> => {
    if (options.idempotency) {
      const stored = await claimIdempotencyKeyInOneStatement(tx, options.idempotency, ctx.now);
      if (stored) {
        log.step('booking.outcome', { outcome: 'replayed', status: stored.status });
        return { replayed: true, response: stored };
      }
    }
    return write(tx);
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
 * "Losers learn they lost cheaply": a committed appointment already holding the clinician or the
 * patient at that time (read with the booking's other facts) answers 409 before any transaction.
 * The room is not known yet (it comes from the working hours): the database still checks it.
 */
function refuseCommittedConflict(conflict: { id: string; staffId: string } | undefined, staffId: string, log: BookingLog): void {
  if (!conflict) return;
  const known = CONFLICTS[conflict.staffId === staffId ? 'clinician' : 'patient'];
  log.warn('booking.insert', {
    outcome: 'rejected',
    precheck: true,
    constraint: known.constraint,
    conflictingAppointmentId: conflict.id,
    staffId,
  });
  throw new AppError(known.code, known.message, { constraint: known.constraint });
}

/** The clinician already booked at this instant: 409 slot_taken at once. */
function refuseTakenStart(taken: { id: string } | undefined, staffId: string, log: BookingLog): void {
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

/** The patient (access decided, a refusal audited), the clinician and the visit type, from the facts read. */
async function settleBookingParties(
  db: Db,
  ctx: ServiceContext,
  input: BookAppointmentInput,
  named: { patientId: string; asked: string },
  facts: BookingFacts,
  log: BookingLog,
): Promise<{ patientId: string; access: AppointmentAccess; visitType: VisitTypeRow; clinician: { specialtyIds: string[] } }> {
  try {
    const booking = await settleBookingPatient(db, ctx, named, facts.access, 'appointment.book');
    const clinician = facts.clinician;
    if (!clinician || !clinician.active || clinician.role === 'patient') throw notFound('The clinician');
    const visitType = facts.visitType;
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
