import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { TelemedicineConfig } from '../../../platform/config.js';
import type { Db } from '../../../platform/db/database.js';
import { conflict } from '../../../platform/errors.js';
import { publishEvent } from '../../../platform/events/index.js';
import {
  insertVideoVisitMessage,
  selectVideoVisit,
  selectVideoVisitMessages,
  type VideoVisitMessageRow,
  type VideoVisitRow,
} from '../telemedicine.repository.js';
import type { ChatMessage, SignalBody } from '../telemedicine.schemas.js';
import { assertJoinable, auditVisit, resolveParticipant, type VisitParticipant } from './visit-access.js';
import { participantIds, VISIT_EVENTS } from './visit-events.js';

/** The most chat messages one call keeps on screen and in the API answer. */
export const CHAT_LIMIT = 500;

/**
 * Signals and chat flow only between the two participants of an admitted, open call: before the
 * clinician admits the patient, nothing the clinician's browser sends reaches the patient, and the
 * patient can send nothing.
 */
function assertInCall(participant: VisitParticipant, visit: VideoVisitRow | undefined): asserts visit is VideoVisitRow {
  if (!visit || visit.endedAt) throw conflict('This video visit is not under way.');
  if (!visit.admittedAt || visit.patientPresence !== 'in_call')
    throw conflict(
      participant.side === 'patient'
        ? 'Please wait: your clinician will let you in.'
        : 'Admit the patient first; they are not in the call.',
    );
}

/**
 * Relays one signalling message (offer/answer, ICE candidate, readiness, camera and microphone
 * state) to the other participant through the event stream. Checked on every message: the
 * caller is a participant, the call is open, the patient is admitted. Not audited one by one
 * (an ICE exchange is dozens of messages and carries no clinical content): joins, leaves and
 * admissions are.
 */
export async function relaySignal(
  db: Db,
  ctx: ServiceContext,
  appointmentId: string,
  signal: SignalBody,
  cfg: TelemedicineConfig,
): Promise<void> {
  const participant = await resolveParticipant(db, ctx, appointmentId, 'video_visit.signal', cfg.joinOpensMinutes);
  assertJoinable(participant, cfg.joinOpensMinutes, ctx.now);
  assertInCall(participant, await selectVideoVisit(db, appointmentId));
  if (!participant.peerUserId) throw conflict('The other participant has no account to reach.');
  await publishEvent(
    db,
    {
      type: VISIT_EVENTS.signal,
      audience: { userIds: [participant.peerUserId] },
      data: { appointmentId, from: participant.side, kind: signal.kind, ...('data' in signal ? { data: signal.data } : {}) },
    },
    ctx.now,
  );
}

const toChatMessage = (row: VideoVisitMessageRow): ChatMessage => ({
  id: row.id,
  from: row.senderRole,
  body: row.body,
  createdAt: row.createdAt,
});

/** A chat message in the call: stored with the appointment (clinical data, `telemedicine.chat_send`), sent to both pages. */
export async function sendChatMessage(
  db: Db,
  ctx: ServiceContext,
  appointmentId: string,
  body: string,
  cfg: TelemedicineConfig,
): Promise<ChatMessage> {
  const participant = await resolveParticipant(db, ctx, appointmentId, 'video_visit.chat_send', cfg.joinOpensMinutes);
  assertJoinable(participant, cfg.joinOpensMinutes, ctx.now);
  assertInCall(participant, await selectVideoVisit(db, appointmentId));
  return db.transaction(async (tx) => {
    const audited = await auditVisit(tx, ctx, participant, 'video_visit.chat_send');
    const row = await insertVideoVisitMessage(tx, audited, {
      appointmentId,
      senderUserId: ctx.actor.userId,
      senderRole: participant.side,
      body,
      createdAt: ctx.now,
    });
    const message = toChatMessage(row);
    await publishEvent(
      tx,
      {
        type: VISIT_EVENTS.chat,
        audience: { userIds: participantIds(participant) },
        data: { appointmentId, message: { ...message, createdAt: message.createdAt.toISOString() } },
      },
      ctx.now,
    );
    return message;
  });
}

/** The call's chat, oldest first, for its two participants (`telemedicine.chat_read`), during and after the call. */
export async function listChatMessages(
  db: Db,
  ctx: ServiceContext,
  appointmentId: string,
  cfg: TelemedicineConfig,
): Promise<ChatMessage[]> {
  const participant = await resolveParticipant(db, ctx, appointmentId, 'video_visit.chat_read', cfg.joinOpensMinutes);
  return db.transaction(async (tx) => {
    const audited = await auditVisit(tx, ctx, participant, 'video_visit.chat_read');
    return (await selectVideoVisitMessages(tx, audited, appointmentId, CHAT_LIMIT)).map(toChatMessage);
  });
}
