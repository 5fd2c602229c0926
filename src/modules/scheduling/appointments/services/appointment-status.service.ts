import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { conflict, notFound, unprocessable } from '../../../../platform/errors.js';
import { findAppointmentById, lockAppointment, transitionAppointment, type AppointmentRow } from '../appointments.repository.js';
import type { AppointmentStatus } from '../appointments.tables.js';
import type { Appointment } from '../appointments.schemas.js';
import { auditAppointment, resolveAppointmentAccess, toAppointment } from './appointment-access.service.js';
import { runAppointmentHooks, type AppointmentHook } from './appointment-hooks.js';

/**
 * The visit's own progress, marked by staff: booked → checked_in → completed, or booked →
 * no_show (once the start time has passed). Anything else answers 409 with a sentence.
 */
export type StatusChange = 'check_in' | 'complete' | 'no_show';

const TRANSITIONS: Record<StatusChange, { from: AppointmentStatus; to: AppointmentStatus; verb: string }> = {
  check_in: { from: 'booked', to: 'checked_in', verb: 'checked in' },
  complete: { from: 'checked_in', to: 'completed', verb: 'completed' },
  no_show: { from: 'booked', to: 'no_show', verb: 'marked as a no-show' },
};

const STATUS_WORDS: Record<AppointmentStatus, string> = {
  booked: 'booked',
  checked_in: 'checked in',
  completed: 'completed',
  cancelled: 'cancelled',
  no_show: 'marked as a no-show',
};

function assertTransition(row: AppointmentRow, change: StatusChange): void {
  const { from, verb } = TRANSITIONS[change];
  if (row.status !== from) {
    const hint = change === 'complete' && row.status === 'booked' ? ' Check the patient in first.' : '';
    throw conflict(
      `This appointment is ${STATUS_WORDS[row.status]}, so it cannot be ${verb}; only a ${STATUS_WORDS[from]} appointment can.${hint}`,
    );
  }
}

export async function changeAppointmentStatus(
  db: Db,
  ctx: ServiceContext,
  appointmentId: string,
  change: StatusChange,
  options: { hooks?: AppointmentHook[] } = {},
): Promise<Appointment> {
  const row = await findAppointmentById(db, appointmentId);
  if (!row) throw notFound('The appointment');
  const access = await resolveAppointmentAccess(db, ctx, row, `appointment.${change}`);
  assertTransition(row, change);
  if (change === 'no_show' && ctx.now < row.startsAt)
    throw unprocessable('A patient can be marked as a no-show only once the appointment has started.');
  const { to } = TRANSITIONS[change];
  return db.transaction(async (tx) => {
    const current = await lockAppointment(tx, appointmentId);
    if (!current) throw notFound('The appointment');
    assertTransition(current, change);
    const changed = await transitionAppointment(
      tx,
      current.id,
      current,
      { status: to, ...(to === 'checked_in' ? { checkedInAt: ctx.now } : {}), ...(to === 'completed' ? { completedAt: ctx.now } : {}) },
      ctx.now,
    );
    if (!changed) throw conflict('Someone else changed this appointment at the same moment. Reload it and try again.');
    await auditAppointment(tx, ctx, changed, access, `appointment.${change}`, { from: current.status, to });
    await runAppointmentHooks(
      options.hooks,
      tx,
      { kind: to, appointment: changed },
      { now: ctx.now, actorUserId: ctx.actor.userId, origin: ctx.origin },
    );
    return toAppointment(changed, access.view);
  });
}
