import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, conflict } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/context.js';
import { findEncounterByAppointment, openEncounter } from '../../records/index.js';
import { appointmentHooksOf, changeAppointmentStatus } from '../../scheduling/index.js';
import { lockVideoVisit, updateVideoVisit } from '../telemedicine.repository.js';
import { auditVisit, resolveParticipant } from './visit-access.js';
import { publishPresence } from './visit-events.js';

/** Where the clinician writes the visit's note: the encounter page (its notes section). */
export const noteUrlOf = (encounterId: string) => `/staff/encounters/${encounterId}`;

/**
 * The clinician ends the call: the visit's encounter is opened (or the one already open is
 * used), the appointment is checked in if it was not and then completed, through scheduling's
 * own status change (its audit rows and hooks), and the call is marked ended
 * (`telemedicine.end`) — both pages are told, and the clinician goes on to the note. Each step
 * is its own service's transaction; repeating the end after a failure picks up where it stopped.
 */
export async function endVisit(
  deps: AppDeps,
  ctx: ServiceContext,
  appointmentId: string,
): Promise<{ encounterId: string; noteUrl: string }> {
  const { db } = deps;
  const cfg = deps.config.telemedicine;
  const participant = await resolveParticipant(db, ctx, appointmentId, 'video_visit.end', cfg.joinOpensMinutes);
  if (participant.side !== 'clinician') throw new AppError('forbidden', 'Only the clinician ends the video visit.');
  const { appointment } = participant;
  if (appointment.status === 'cancelled' || appointment.status === 'no_show') throw conflict('This appointment is no longer active.');
  const encounterId = await visitEncounter(db, ctx, appointment);
  const hooks = appointmentHooksOf(deps);
  if (appointment.status === 'booked') await changeAppointmentStatus(db, ctx, appointmentId, 'check_in', { hooks });
  if (appointment.status !== 'completed') await changeAppointmentStatus(db, ctx, appointmentId, 'complete', { hooks });
  await db.transaction(async (tx) => {
    const current = await lockVideoVisit(
      tx,
      await auditVisit(tx, ctx, participant, 'video_visit.end', { encounterId }),
      appointmentId,
      ctx.now,
    );
    if (current.endedAt) return;
    const row = await updateVideoVisit(
      tx,
      current.id,
      { endedAt: ctx.now, endedBy: ctx.actor.userId, patientPresence: 'absent', clinicianPresent: false },
      ctx.now,
    );
    await publishPresence(tx, participant, row, ctx.now);
  });
  return { encounterId, noteUrl: noteUrlOf(encounterId) };
}

async function visitEncounter(
  db: Db,
  ctx: ServiceContext,
  appointment: { id: string; patientId: string; status: string },
): Promise<string> {
  const existing = await findEncounterByAppointment(db, appointment.id);
  if (existing) return existing.id;
  if (appointment.status === 'completed') throw conflict('This visit was completed without an encounter; open one from the chart.');
  return (await openEncounter(db, ctx, appointment.patientId, { type: 'telemedicine', appointmentId: appointment.id })).id;
}
