import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { conflict, notFound, unprocessable } from '../../../../platform/errors.js';
import { findAppointmentById, lockAppointment, transitionAppointment, type AppointmentRow } from '../appointments.repository.js';
import type { Appointment, CancelAppointmentInput } from '../appointments.schemas.js';
import { auditAppointment, resolveAppointmentAccess, toAppointment } from './appointment-access.service.js';
import { runAppointmentHooks, type AppointmentHook } from './appointment-hooks.js';

const HOUR_MS = 3_600_000;

/**
 * Patients cancel or reschedule online only until the cut-off (APPOINTMENT_CANCEL_CUTOFF_HOURS
 * before the start, default 24); after it they call the clinic, so the front desk knows the slot
 * is free and can offer it. Staff are not bound by it.
 */
export function assertPatientMayChangeOnline(ctx: ServiceContext, row: Pick<AppointmentRow, 'startsAt'>, cutoffHours: number): void {
  if (ctx.actor.role !== 'patient') return;
  if (row.startsAt.getTime() - ctx.now.getTime() < cutoffHours * HOUR_MS) {
    throw unprocessable(
      `This appointment starts in less than ${cutoffHours} hours, so it can no longer be changed online. Please call the clinic to cancel or move it.`,
    );
  }
}

/**
 * Cancels a booked appointment (its time is free again at once: the exclusion constraints only
 * hold active appointments). The reason is optional free text (clinical tier).
 */
export async function cancelAppointment(
  db: Db,
  ctx: ServiceContext,
  appointmentId: string,
  input: CancelAppointmentInput,
  options: { cancelCutoffHours: number; hooks?: AppointmentHook[] },
): Promise<Appointment> {
  const row = await findAppointmentById(db, appointmentId);
  if (!row) throw notFound('The appointment');
  const access = await resolveAppointmentAccess(db, ctx, row, 'appointment.cancel');
  const assertCancellable = (current: AppointmentRow) => {
    if (current.status !== 'booked')
      throw conflict(`This appointment is ${current.status.replace('_', ' ')} and can no longer be cancelled.`);
  };
  assertCancellable(row);
  assertPatientMayChangeOnline(ctx, row, options.cancelCutoffHours);
  return db.transaction(async (tx) => {
    const current = await lockAppointment(tx, appointmentId);
    if (!current) throw notFound('The appointment');
    assertCancellable(current);
    const cancelled = await transitionAppointment(
      tx,
      current.id,
      current,
      { status: 'cancelled', cancelledAt: ctx.now, cancelledBy: ctx.actor.userId, cancelReason: input?.reason ?? null },
      ctx.now,
    );
    if (!cancelled) throw conflict('Someone else changed this appointment at the same moment. Reload it and try again.');
    await runAppointmentHooks(
      options.hooks,
      tx,
      { kind: 'cancelled', appointment: cancelled },
      { now: ctx.now, actorUserId: ctx.actor.userId, origin: ctx.origin },
    );
    await auditAppointment(tx, ctx, cancelled, access, 'appointment.cancel', {
      staffId: cancelled.staffId,
      insideCutoff: cancelled.startsAt.getTime() - ctx.now.getTime() < options.cancelCutoffHours * HOUR_MS,
    });
    return toAppointment(cancelled, access.view);
  });
}
