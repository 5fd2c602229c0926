import { z } from 'zod';
import { PATIENT_PRESENCE } from './telemedicine.tables.js';

export const CHAT_MAX = 2000;
/** An SDP of a 1:1 audio+video(+screen) call is a few kilobytes; anything far larger is not one. */
export const SDP_MAX = 20_000;
/** The largest signalling body a route accepts (bytes): the SDP plus its JSON. */
export const SIGNAL_BODY_LIMIT = 32_768;

export const appointmentParamsSchema = z.object({ id: z.uuid() });

export const visitStateSchema = z.object({
  appointmentId: z.uuid(),
  side: z.enum(['patient', 'clinician']),
  opensAt: z.date(),
  closesAt: z.date(),
  joinable: z.boolean(),
  patientPresence: z.enum(PATIENT_PRESENCE),
  clinicianPresent: z.boolean(),
  admitted: z.boolean(),
  ended: z.boolean(),
});
export type VisitState = z.infer<typeof visitStateSchema>;

export const iceServersSchema = z.object({
  iceServers: z.array(z.object({ urls: z.array(z.string()), username: z.string().optional(), credential: z.string().optional() })),
  expiresAt: z.date().nullable(),
});

const sdp = z.strictObject({ type: z.enum(['offer', 'answer']), sdp: z.string().min(1).max(SDP_MAX) });
const candidate = z.strictObject({
  candidate: z.string().max(1000),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});
/** What the page shows of the other side: camera and microphone on or off, and the call's mode after a fallback. */
const media = z.strictObject({
  audio: z.boolean(),
  video: z.boolean(),
  screen: z.boolean(),
  mode: z.enum(['video', 'audio', 'chat']),
});

/** One signalling message, relayed to the other participant only; the kind decides the shape of `data`. */
export const signalBodySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ready') }),
  z.strictObject({ kind: z.literal('description'), data: sdp }),
  z.strictObject({ kind: z.literal('candidate'), data: candidate }),
  z.strictObject({ kind: z.literal('media'), data: media }),
]);
export type SignalBody = z.infer<typeof signalBodySchema>;

export const chatBodySchema = z.strictObject({ body: z.string().trim().min(1).max(CHAT_MAX) });

export const chatMessageSchema = z.object({
  id: z.uuid(),
  from: z.enum(['patient', 'clinician']),
  body: z.string(),
  createdAt: z.date(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const chatListSchema = z.object({ items: z.array(chatMessageSchema), nextCursor: z.null() });

export const endResultSchema = z.object({ encounterId: z.uuid(), noteUrl: z.string() });
