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
import { insertAppointment } from '../appointments.repository.js';
import type { Appointment, BookAppointmentInput } from '../appointments.schemas.js';
import { auditAppointment, resolveBookingPatient, toAppointment, type AppointmentAccess } from './appointment-access.service.js';
import { checkBookable, getVisitType } from '../../availability/services/availability.service.js';
import { bookingLog, explainBookingFailure, logOutcome, type BookingLog, type StepLogger } from './booking-log.service.js';
import { transactionWithRetry } from '../../../../platform/db/transactions.js';
import { runAppointmentHooks, type AppointmentHook } from './appointment-hooks.js';

export interface BookingOptions {
  idempotency?: IdempotentRequest | undefined;
  logger: StepLogger;
  /** What else happens on a change (appointment-hooks.ts), run inside the transaction. */
  hooks?: AppointmentHook[];
}

/** The clinician must exist and be active (a disabled account takes no new bookings). */
export async function resolveClinician(db: Db, staffId: string): Promise<void> {
  const clinician = await findStaffById(db, staffId);
  if (!clinician || !clinician.active || clinician.role === 'patient') throw notFound('The clinician');
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
 * Books an appointment: resolves the patient and the clinician (404), asks the availability side
 * whether the slot may be booked (422 slot_in_past / outside_availability), then inserts it with
 * its audit row, the clinician's care-team membership and the idempotency record in one
 * transaction. The database's exclusion constraints decide any race: 409 slot_taken /
 * room_taken / patient_busy, with the collided-with appointment in the log. Every step is logged
 * (see booking-log.service.ts). Everything that must happen when an appointment is booked
 * happens here, in this one function.
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

    const { patientId, access } = await resolveBookingParties(db, ctx, input, log);
    const slot = await validateSlot(db, ctx, { staffId: input.staffId, visitTypeId: input.visitTypeId, startsAt }, log);
    attempt = { patientId, roomId: slot.roomId, endsAt: slot.endsAt };

    const outcome = await transactionWithRetry(db, async (tx): Promise<IdempotentOutcome<Appointment>> => {
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
    if (outcome.replayed) log.step('booking.outcome', { outcome: 'replayed', status: outcome.response.status });
    else logOutcome(log, null, { appointmentId: outcome.body.id });
    return outcome;
  } catch (error) {
    const explained = attempt ? await explainBookingFailure(db, error, { ...attempt, staffId: input.staffId, startsAt }, log) : error;
    logOutcome(log, explained);
    throw explained;
  }
}

async function resolveBookingParties(
  db: Db,
  ctx: ServiceContext,
  input: BookAppointmentInput,
  log: BookingLog,
): Promise<{ patientId: string; access: AppointmentAccess }> {
  try {
    const booking = await resolveBookingPatient(db, ctx, input.patientId, 'appointment.book');
    await resolveClinician(db, input.staffId);
    const visitType = await getVisitType(db, input.visitTypeId);
    if (!visitType || !visitType.active) throw notFound('The visit type');
    log.step('booking.slot_lookup', { outcome: 'ok', staffId: input.staffId, visitTypeId: input.visitTypeId, tier: booking.access.tier });
    return booking;
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
): Promise<{ endsAt: Date; roomId: string | null }> {
  try {
    const slot = await checkBookable(db, { ...wanted, now: ctx.now });
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
