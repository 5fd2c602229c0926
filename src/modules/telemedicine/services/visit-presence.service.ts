import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { TelemedicineConfig } from '../../../platform/config.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, conflict } from '../../../platform/errors.js';
import { appointmentHooksOf, changeAppointmentStatus } from '../../scheduling/index.js';
import type { AppDeps } from '../../../platform/http/context.js';
import { lockVideoVisit, selectVideoVisit, updateVideoVisit } from '../telemedicine.repository.js';
import type { VisitState } from '../telemedicine.schemas.js';
import { iceServersFor, type IceServers } from './ice-servers.js';
import { assertJoinable, auditVisit, resolveParticipant } from './visit-access.js';
import { publishPresence, toVisitState } from './visit-events.js';

/**
 * The call's state for one of its two participants. Not audited: it holds statuses only (who is
 * there, admitted, ended), and the pages poll it; every join, leave, admission and end is audited
 * where it happens. Outsiders still get 404 and a denied audit row.
 */
export async function getVisitState(db: Db, ctx: ServiceContext, appointmentId: string, cfg: TelemedicineConfig): Promise<VisitState> {
  const participant = await resolveParticipant(db, ctx, appointmentId, 'video_visit.join', cfg.joinOpensMinutes);
  return toVisitState(participant, await selectVideoVisit(db, appointmentId), cfg.joinOpensMinutes, ctx.now);
}

/** ICE servers for a participant of a call that is open now (fresh short-lived TURN credentials). */
export async function getIceServers(db: Db, ctx: ServiceContext, appointmentId: string, cfg: TelemedicineConfig): Promise<IceServers> {
  const participant = await resolveParticipant(db, ctx, appointmentId, 'video_visit.join', cfg.joinOpensMinutes);
  assertJoinable(participant, cfg.joinOpensMinutes, ctx.now);
  return iceServersFor(cfg, ctx.actor.userId, ctx.now);
}

/**
 * A participant comes into the call: the patient waits in the waiting room until the clinician
 * admits them (once admitted, a patient who dropped comes straight back in); the clinician is
 * marked present. Audited (`telemedicine.join`); both pages are told.
 */
export async function joinVisit(db: Db, ctx: ServiceContext, appointmentId: string, cfg: TelemedicineConfig): Promise<VisitState> {
  const participant = await resolveParticipant(db, ctx, appointmentId, 'video_visit.join', cfg.joinOpensMinutes);
  assertJoinable(participant, cfg.joinOpensMinutes, ctx.now);
  return db.transaction(async (tx) => {
    const current = await lockVideoVisit(tx, await auditVisit(tx, ctx, participant, 'video_visit.join'), appointmentId, ctx.now);
    if (current.endedAt) throw conflict('This video visit has ended.');
    const row = await updateVideoVisit(
      tx,
      current.id,
      participant.side === 'patient' ? { patientPresence: current.admittedAt ? 'in_call' : 'waiting' } : { clinicianPresent: true },
      ctx.now,
    );
    await publishPresence(tx, participant, row, ctx.now);
    return toVisitState(participant, row, cfg.joinOpensMinutes, ctx.now);
  });
}

/** A participant leaves (or their page closes): audited (`telemedicine.leave`); they may rejoin within the window. */
export async function leaveVisit(db: Db, ctx: ServiceContext, appointmentId: string, cfg: TelemedicineConfig): Promise<VisitState> {
  const participant = await resolveParticipant(db, ctx, appointmentId, 'video_visit.leave', cfg.joinOpensMinutes);
  return db.transaction(async (tx) => {
    const current = await lockVideoVisit(tx, await auditVisit(tx, ctx, participant, 'video_visit.leave'), appointmentId, ctx.now);
    const row = await updateVideoVisit(
      tx,
      current.id,
      participant.side === 'patient' ? { patientPresence: 'absent' } : { clinicianPresent: false },
      ctx.now,
    );
    await publishPresence(tx, participant, row, ctx.now);
    return toVisitState(participant, row, cfg.joinOpensMinutes, ctx.now);
  });
}

/**
 * The clinician lets the waiting patient in (`telemedicine.admit`). Until then nothing the
 * clinician's browser sends reaches the patient, and the patient can send nothing. A booked visit
 * is checked in (the patient has arrived), through scheduling's own status change.
 */
export async function admitPatient(deps: AppDeps, ctx: ServiceContext, appointmentId: string): Promise<VisitState> {
  const { db } = deps;
  const cfg = deps.config.telemedicine;
  const participant = await resolveParticipant(db, ctx, appointmentId, 'video_visit.admit', cfg.joinOpensMinutes);
  if (participant.side !== 'clinician') throw new AppError('forbidden', 'Only the clinician admits the patient.');
  assertJoinable(participant, cfg.joinOpensMinutes, ctx.now);
  const state = await db.transaction(async (tx) => {
    const current = await lockVideoVisit(tx, await auditVisit(tx, ctx, participant, 'video_visit.admit'), appointmentId, ctx.now);
    if (current.endedAt) throw conflict('This video visit has ended.');
    if (current.patientPresence === 'absent') throw conflict('The patient is not in the waiting room.');
    const row = await updateVideoVisit(
      tx,
      current.id,
      {
        patientPresence: 'in_call',
        clinicianPresent: true,
        ...(current.admittedAt ? {} : { admittedAt: ctx.now, admittedBy: ctx.actor.userId }),
      },
      ctx.now,
    );
    await publishPresence(tx, participant, row, ctx.now);
    return toVisitState(participant, row, cfg.joinOpensMinutes, ctx.now);
  });
  if (participant.appointment.status === 'booked')
    await changeAppointmentStatus(db, ctx, appointmentId, 'check_in', { hooks: appointmentHooksOf(deps) });
  return state;
}
