import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { conflict, notFound } from '../../../../platform/errors.js';
import { assertVersion } from '../../../../platform/http/api-helpers.js';
import { claimIdempotencyKey, findStoredResponse, storeResponse, type IdempotentOutcome } from '../../../../platform/http/idempotency.js';
import { addCareTeamMember } from '../../../patients/index.js';
import {
  findAppointmentById,
  insertAppointment,
  lockAppointment,
  transitionAppointment,
  type AppointmentRow,
} from '../appointments.repository.js';
import type { Appointment, RescheduleAppointmentInput } from '../appointments.schemas.js';
import { auditAppointment, resolveAppointmentAccess, toAppointment } from './appointment-access.service.js';
import { auditReplay, validateSlot, resolveClinician, type BookingOptions } from './book-appointment.service.js';
import { bookingLog, explainBookingFailure, logOutcome } from './booking-log.service.js';
import { assertPatientMayChangeOnline } from './cancel-appointment.service.js';
import { transactionWithRetry } from '../../../../platform/db/transactions.js';
import { runAppointmentHooks } from './appointment-hooks.js';

export interface RescheduleOptions extends BookingOptions {
  /** From If-Match; optional. */
  expectedVersion?: number | undefined;
  cancelCutoffHours: number;
}

/** Only a booked appointment moves: one checked in, completed, cancelled or missed stays where it was. */
function assertReschedulable(row: AppointmentRow): void {
  if (row.status !== 'booked') {
    throw conflict(`This appointment is ${row.status.replace('_', ' ')} and can no longer be rescheduled. Book a new appointment instead.`);
  }
}

/**
 * Moves a booked appointment to another start (and optionally another clinician), in one
 * transaction: the original becomes cancelled, and a new booked appointment points back to it
 * with `rescheduledFromId` (same patient, visit type and reason). The same checks, conflict codes
 * and step logs as a new booking; patients must do it before the cancellation cut-off.
 */
export async function rescheduleAppointment(
  db: Db,
  ctx: ServiceContext,
  appointmentId: string,
  input: RescheduleAppointmentInput,
  options: RescheduleOptions,
): Promise<IdempotentOutcome<Appointment>> {
  const log = bookingLog(options.logger, { operation: 'reschedule', requestId: ctx.origin.requestId, appointmentId });
  const startsAt = new Date(input.startsAt);
  let attempt: { patientId: string; staffId: string; roomId: string | null; endsAt: Date } | undefined;
  try {
    if (options.idempotency) {
      const stored = await findStoredResponse(db, options.idempotency, ctx.now);
      if (stored) {
        await auditReplay(db, ctx, stored, 'appointment.reschedule');
        log.step('booking.outcome', { outcome: 'replayed', status: stored.status });
        return { replayed: true, response: stored };
      }
    }
    const original = await findAppointmentById(db, appointmentId);
    if (!original) throw notFound('The appointment');
    const access = await resolveAppointmentAccess(db, ctx, original, 'appointment.reschedule');
    assertVersion(original.version, options.expectedVersion);
    assertReschedulable(original);
    assertPatientMayChangeOnline(ctx, original, options.cancelCutoffHours);
    const staffId = input.staffId ?? original.staffId;
    if (staffId !== original.staffId) await resolveClinician(db, staffId);
    log.step('booking.slot_lookup', { outcome: 'ok', staffId, visitTypeId: original.visitTypeId, tier: access.tier });
    const slot = await validateSlot(db, ctx, { staffId, visitTypeId: original.visitTypeId, startsAt }, log);
    attempt = { patientId: original.patientId, staffId, roomId: slot.roomId, endsAt: slot.endsAt };

    const outcome = await transactionWithRetry(db, async (tx): Promise<IdempotentOutcome<Appointment>> => {
      if (options.idempotency) {
        const stored = await claimIdempotencyKey(tx, options.idempotency, ctx.now);
        if (stored) return { replayed: true, response: stored };
      }
      const current = await lockAppointment(tx, appointmentId);
      if (!current) throw notFound('The appointment');
      assertVersion(current.version, options.expectedVersion);
      assertReschedulable(current);
      // The original lets go of its time first, so the new one may overlap it (moving by 15 minutes).
      const cancelled = await transitionAppointment(
        tx,
        current.id,
        current,
        { status: 'cancelled', cancelledAt: ctx.now, cancelledBy: ctx.actor.userId },
        ctx.now,
      );
      if (!cancelled) throw conflict('Someone else changed this appointment at the same moment. Reload it and try again.');
      const row = await insertAppointment(tx, {
        patientId: current.patientId,
        staffId,
        visitTypeId: current.visitTypeId,
        roomId: slot.roomId,
        startsAt,
        endsAt: slot.endsAt,
        status: 'booked',
        bookedBy: ctx.actor.userId,
        reason: current.reason,
        rescheduledFromId: current.id,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      });
      log.step('booking.insert', {
        outcome: 'inserted',
        appointmentId: row.id,
        rescheduledFromId: current.id,
        staffId,
        roomId: row.roomId,
      });
      await auditAppointment(tx, ctx, row, access, 'appointment.reschedule', {
        rescheduledFromId: current.id,
        staffId,
        previousStaffId: current.staffId,
      });
      if (staffId !== current.staffId)
        await addCareTeamMember(
          tx,
          { patientId: current.patientId, staffId, addedBy: ctx.actor.userId, addedByRole: ctx.actor.role },
          ctx.now,
          ctx.origin,
        );
      await runAppointmentHooks(
        options.hooks,
        tx,
        { kind: 'rescheduled', appointment: row, previous: cancelled },
        { now: ctx.now, actorUserId: ctx.actor.userId, origin: ctx.origin },
      );
      const appointment = toAppointment(row, access.view);
      if (options.idempotency) await storeResponse(tx, options.idempotency, { status: 201, body: appointment }, ctx.now);
      return { replayed: false, status: 201, body: appointment };
    });
    if (outcome.replayed) log.step('booking.outcome', { outcome: 'replayed', status: outcome.response.status });
    else logOutcome(log, null, { appointmentId: outcome.body.id, rescheduledFromId: appointmentId });
    return outcome;
  } catch (error) {
    const explained = attempt ? await explainBookingFailure(db, error, { ...attempt, startsAt, excludeId: appointmentId }, log) : error;
    logOutcome(log, explained);
    throw explained;
  }
}
