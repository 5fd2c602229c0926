import type { ServiceContext } from '../../../platform/auth/actor.js';
import { auditActorOf, auditPatientAccess, writeAudit, type AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, conflict, notFound } from '../../../platform/errors.js';
import { findAppointmentForCheck, getVisitType } from '../../scheduling/index.js';
import { selectParticipantUserIds } from '../telemedicine.repository.js';

export type VisitSide = 'patient' | 'clinician';
export type VisitAppointment = NonNullable<Awaited<ReturnType<typeof findAppointmentForCheck>>>;

/** One participant of a telemedicine appointment, decided for this request. */
export interface VisitParticipant {
  appointment: VisitAppointment;
  side: VisitSide;
  /** The other participant's account: signals and chat go to them only (null: a patient without a portal account). */
  peerUserId: string | null;
  patientUserId: string | null;
  clinicianUserId: string | null;
  window: { opensAt: Date; closesAt: Date };
}

const MINUTE = 60_000;

/** When joining is possible: from `joinOpensMinutes` before the start until the appointment's end. */
export function joinWindow(appointment: Pick<VisitAppointment, 'startsAt' | 'endsAt'>, joinOpensMinutes: number) {
  return { opensAt: new Date(appointment.startsAt.getTime() - joinOpensMinutes * MINUTE), closesAt: appointment.endsAt };
}

/** Whether the appointment's video call can be joined now (its window, and a visit neither ended nor cancelled). */
export function isJoinable(
  appointment: Pick<VisitAppointment, 'startsAt' | 'endsAt' | 'status'>,
  joinOpensMinutes: number,
  now: Date,
): boolean {
  const { opensAt, closesAt } = joinWindow(appointment, joinOpensMinutes);
  return (appointment.status === 'booked' || appointment.status === 'checked_in') && now >= opensAt && now < closesAt;
}

async function deny(
  db: Db,
  ctx: ServiceContext,
  action: string,
  appointment: VisitAppointment | undefined,
  reason: string,
): Promise<never> {
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action,
      resourceType: 'video_visit',
      resourceId: appointment?.id ?? null,
      patientId: appointment?.patientId ?? null,
      category: 'clinical',
      outcome: 'denied',
      severity: 'medium',
      detail: { reason },
    },
    ctx.now,
  );
  throw notFound('The video visit');
}

/**
 * Only the appointment's own patient and its own clinician take part in its call: anyone else (a
 * colleague on the care team, the front desk, another patient) gets 404 and a denied audit row,
 * written with the ROOT handle (call this before any transaction). An appointment that is not a
 * telemedicine visit has no call (404 as well).
 */
export async function resolveParticipant(
  db: Db,
  ctx: ServiceContext,
  appointmentId: string,
  action: string,
  joinOpensMinutes: number,
): Promise<VisitParticipant> {
  const appointment = await findAppointmentForCheck(db, appointmentId);
  if (!appointment) return deny(db, ctx, action, undefined, 'unknown_appointment');
  const { actor } = ctx;
  const side: VisitSide | null =
    actor.role === 'patient' && actor.patientId === appointment.patientId
      ? 'patient'
      : actor.role !== 'patient' && actor.staffId !== null && actor.staffId === appointment.staffId
        ? 'clinician'
        : null;
  if (!side) return deny(db, ctx, action, appointment, 'not_a_participant');
  const visitType = await getVisitType(db, appointment.visitTypeId);
  if (visitType?.mode !== 'telemedicine') throw notFound('The video visit');
  const { patientUserId, clinicianUserId } = await selectParticipantUserIds(db, appointment.patientId, appointment.staffId);
  return {
    appointment,
    side,
    peerUserId: side === 'patient' ? clinicianUserId : patientUserId,
    patientUserId,
    clinicianUserId,
    window: joinWindow(appointment, joinOpensMinutes),
  };
}

/** Refuses work on a call outside its window, or of a visit already completed, cancelled or missed. */
export function assertJoinable(participant: VisitParticipant, joinOpensMinutes: number, now: Date): void {
  const { appointment } = participant;
  if (appointment.status === 'completed') throw conflict('This video visit has ended.');
  if (appointment.status === 'cancelled' || appointment.status === 'no_show') throw conflict('This appointment is no longer active.');
  if (!isJoinable(appointment, joinOpensMinutes, now))
    throw new AppError(
      'unprocessable',
      now < participant.window.opensAt ? 'The video visit is not open yet.' : 'The time of this video visit is over.',
      { opensAt: participant.window.opensAt.toISOString(), closesAt: participant.window.closesAt.toISOString() },
    );
}

/** The audit row of one step of the call (clinical data), in the step's transaction. */
export function auditVisit(
  tx: Db,
  ctx: ServiceContext,
  participant: VisitParticipant,
  action: string,
  detail: Record<string, unknown> = {},
): Promise<AuditedAccess> {
  return auditPatientAccess(
    tx,
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action,
      resourceType: 'video_visit',
      resourceId: participant.appointment.id,
      patientId: participant.appointment.patientId,
      category: 'clinical',
      detail: { side: participant.side, ...detail },
    },
    ctx.now,
  );
}
