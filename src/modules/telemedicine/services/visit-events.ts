import type { Db } from '../../../platform/db/database.js';
import { publishEvent } from '../../../platform/events/index.js';
import type { VisitState } from '../telemedicine.schemas.js';
import type { VideoVisitRow } from '../telemedicine.repository.js';
import { isJoinable, type VisitParticipant } from './visit-access.js';

/** Event types delivered to the two participants' browsers (src/platform/events; not audit actions). */
export const VISIT_EVENTS = { presence: 'telemedicine.presence', signal: 'telemedicine.signal', chat: 'telemedicine.chat' } as const;

export function participantIds(participant: VisitParticipant): string[] {
  return [participant.patientUserId, participant.clinicianUserId].filter((id): id is string => id !== null);
}

/** The call's state as one participant sees it (statuses only, no clinical content). */
export function toVisitState(
  participant: VisitParticipant,
  row: VideoVisitRow | undefined,
  joinOpensMinutes: number,
  now: Date,
): VisitState {
  const ended = Boolean(row?.endedAt) || participant.appointment.status === 'completed';
  return {
    appointmentId: participant.appointment.id,
    side: participant.side,
    opensAt: participant.window.opensAt,
    closesAt: participant.window.closesAt,
    joinable: !ended && isJoinable(participant.appointment, joinOpensMinutes, now),
    patientPresence: ended ? 'absent' : (row?.patientPresence ?? 'absent'),
    clinicianPresent: !ended && Boolean(row?.clinicianPresent),
    admitted: Boolean(row?.admittedAt),
    ended,
  };
}

/** Tells both participants the call's state changed (each page re-reads what it shows from the data). */
export async function publishPresence(tx: Db, participant: VisitParticipant, row: VideoVisitRow, now: Date): Promise<void> {
  await publishEvent(
    tx,
    {
      type: VISIT_EVENTS.presence,
      audience: { userIds: participantIds(participant) },
      data: {
        appointmentId: participant.appointment.id,
        patientPresence: row.endedAt ? 'absent' : row.patientPresence,
        clinicianPresent: !row.endedAt && row.clinicianPresent,
        admitted: Boolean(row.admittedAt),
        ended: Boolean(row.endedAt),
      },
    },
    now,
  );
}
