import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { noStore } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import {
  appointmentParamsSchema,
  chatBodySchema,
  chatListSchema,
  chatMessageSchema,
  endResultSchema,
  iceServersSchema,
  SIGNAL_BODY_LIMIT,
  signalBodySchema,
  visitStateSchema,
} from './telemedicine.schemas.js';
import { assertSameOrigin } from './telemedicine.origin.js';
import { endVisit } from './services/end-visit.service.js';
import { admitPatient, getIceServers, getVisitState, joinVisit, leaveVisit } from './services/visit-presence.service.js';
import { listChatMessages, relaySignal, sendChatMessage } from './services/visit-signal.service.js';

const join = { permission: 'telemedicine.join' } as const;
const tags = ['Telemedicine'];
const BASE = '/api/v1/telemedicine/appointments/:id';

/** The video visit of a telemedicine appointment (docs/telemedicine.md): state, presence, admission, end. */
export function registerTelemedicineApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.deps;
  const cfg = config.telemedicine;

  r.get(
    BASE,
    {
      config: join,
      schema: {
        tags,
        summary: 'The call’s state: who is there, admitted, ended, the join window',
        params: appointmentParamsSchema,
        response: { 200: visitStateSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return getVisitState(db, serviceContext(request), request.params.id, cfg);
    },
  );
  r.get(
    `${BASE}/ice-servers`,
    {
      config: join,
      schema: {
        tags,
        summary: 'STUN and TURN servers, with TURN credentials that expire (TURN REST)',
        params: appointmentParamsSchema,
        response: { 200: iceServersSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return getIceServers(db, serviceContext(request), request.params.id, cfg);
    },
  );
  const presence = [
    ['join', 'Come into the call (the patient waits until admitted)', joinVisit],
    ['leave', 'Leave the call (a participant may rejoin within the window)', leaveVisit],
    [
      'admit',
      'Let the waiting patient in (the clinician)',
      (_db: unknown, ctx: Parameters<typeof admitPatient>[1], id: string) => admitPatient(app.deps, ctx, id),
    ],
  ] as const;
  for (const [step, summary, run] of presence) {
    r.post(
      `${BASE}/${step}`,
      { config: join, schema: { tags, summary, params: appointmentParamsSchema, response: { 200: visitStateSchema } } },
      async (request, reply) => {
        noStore(reply);
        assertSameOrigin(app, request);
        return run(db, serviceContext(request), request.params.id, cfg);
      },
    );
  }
  registerSignallingApi(app);
}

function registerSignallingApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.deps;
  const cfg = config.telemedicine;

  r.post(
    `${BASE}/signal`,
    {
      config: join,
      bodyLimit: SIGNAL_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Relay one WebRTC signalling message (description, ICE candidate, readiness, media state) to the other participant',
        params: appointmentParamsSchema,
        body: signalBodySchema,
        response: { 202: z.object({ relayed: z.literal(true) }) },
      },
    },
    async (request, reply) => {
      noStore(reply);
      assertSameOrigin(app, request);
      await relaySignal(db, serviceContext(request), request.params.id, request.body, cfg);
      return reply.code(202).send({ relayed: true });
    },
  );
  r.get(
    `${BASE}/messages`,
    {
      config: join,
      schema: { tags, summary: 'The call’s text chat, oldest first', params: appointmentParamsSchema, response: { 200: chatListSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      return { items: await listChatMessages(db, serviceContext(request), request.params.id, cfg), nextCursor: null };
    },
  );
  r.post(
    `${BASE}/messages`,
    {
      config: join,
      bodyLimit: SIGNAL_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Write in the call’s chat (kept with the appointment)',
        params: appointmentParamsSchema,
        body: chatBodySchema,
        response: { 201: chatMessageSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      assertSameOrigin(app, request);
      return reply.code(201).send(await sendChatMessage(db, serviceContext(request), request.params.id, request.body.body, cfg));
    },
  );
  r.post(
    `${BASE}/end`,
    {
      config: join,
      schema: {
        tags,
        summary: 'End the call (the clinician): the visit is completed and its encounter opened for the note',
        params: appointmentParamsSchema,
        response: { 200: endResultSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      assertSameOrigin(app, request);
      return endVisit(app.deps, serviceContext(request), request.params.id);
    },
  );
}
