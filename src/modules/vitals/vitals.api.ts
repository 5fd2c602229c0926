import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { expectedVersion, noStore, setEtag } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import { recordVitalSet } from './services/record-vital-set.service.js';
import { updateVitalSettings } from './services/vital-settings.service.js';
import { getPatientVitals, listRound } from './services/vitals-queries.service.js';
import { boardItemOf, roundItemOf } from './services/round-view.js';
import { readCriticalBoard } from './services/critical-board.service.js';
import { ownPatientId } from './services/vitals-access.js';
import {
  boardQuerySchema,
  criticalBoardSchema,
  homeVitalsInputSchema,
  patientIdParamsSchema,
  patientVitalsSchema,
  recordedVitalSetSchema,
  roundSchema,
  vitalSetInputSchema,
  vitalSettingsInputSchema,
  vitalSettingsSchema,
} from './vitals.schemas.js';

/** Vital signs: a patient's sets and NEWS2, entering a set, the NEWS2 settings, the round, the patient's own. */
export function registerVitalsApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['Vital signs'];

  r.get(
    '/api/v1/patients/:id/vitals',
    {
      config: { permission: 'vitals.read' },
      schema: {
        tags,
        summary: "A patient's vital-sign sets (newest first, at most 100) with NEWS2, and the NEWS2 settings",
        params: patientIdParamsSchema,
        response: { 200: patientVitalsSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const v = await getPatientVitals(db, serviceContext(request), request.params.id);
      return { patientId: v.patient.id, news2Applicable: v.news2Applicable, settings: v.settings, items: v.sets, nextCursor: null };
    },
  );
  r.post(
    '/api/v1/patients/:id/vitals',
    {
      config: { permission: 'vitals.write' },
      schema: {
        tags,
        summary:
          'Record a set of vital signs: impossible values 400 naming the field; unusual ones 422 confirmation_required unless confirmImplausible; NEWS2 and its response (clinical alert)',
        params: patientIdParamsSchema,
        body: vitalSetInputSchema,
        response: { 201: recordedVitalSetSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const set = await recordVitalSet(db, serviceContext(request), request.params.id, request.body);
      return reply.status(201).send(set);
    },
  );
  r.put(
    '/api/v1/patients/:id/vital-settings',
    {
      config: { permission: 'vitals.settings' },
      schema: {
        tags,
        summary:
          "Set a patient's NEWS2 settings (SpO2 scale 2, recorded pregnancy), each with a reason; If-Match with the ETag when changing",
        params: patientIdParamsSchema,
        body: vitalSettingsInputSchema,
        response: { 200: vitalSettingsSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const settings = await updateVitalSettings(db, serviceContext(request), request.params.id, request.body, expectedVersion(request));
      if (settings.version !== null) setEtag(reply, settings.version);
      return settings;
    },
  );
  r.get(
    '/api/v1/vitals/round',
    {
      config: { permission: 'vitals.read' },
      schema: {
        tags,
        summary:
          "Your department's patients today (open encounter or appointment) with the last NEWS2 and whether observations are overdue",
        response: { 200: roundSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const round = await listRound(db, serviceContext(request));
      return { departmentId: round.departmentId, items: round.rows.map(roundItemOf), nextCursor: null };
    },
  );
  r.get(
    '/api/v1/vitals/board',
    {
      config: { permission: 'vitals.read' },
      schema: {
        tags,
        summary:
          'The board of critical patients of a department (yours by default): latest vitals, NEWS2 and its trend, overdue observations, open clinical alerts; riskiest first',
        querystring: boardQuerySchema,
        response: { 200: criticalBoardSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const board = await readCriticalBoard(db, serviceContext(request), request.query.department);
      return { departmentId: board.departmentId, items: board.rows.map(boardItemOf), nextCursor: null };
    },
  );
  registerOwnVitalsApi(app);
}

/** The patient's own vital signs (the portal's API). */
function registerOwnVitalsApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['Vital signs'];

  r.get(
    '/api/v1/me/vitals',
    {
      config: { permission: 'vitals.own' },
      schema: { tags, summary: 'Your own vital signs (home readings and those taken in hospital)', response: { 200: patientVitalsSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      const ctx = serviceContext(request);
      const v = await getPatientVitals(db, ctx, ownPatientId(ctx));
      return { patientId: v.patient.id, news2Applicable: v.news2Applicable, settings: v.settings, items: v.sets, nextCursor: null };
    },
  );
  r.post(
    '/api/v1/me/vitals',
    {
      config: { permission: 'vitals.own' },
      schema: {
        tags,
        summary: 'Record your own home readings (blood pressure, pulse, SpO2, temperature, glucose, weight, height, pain)',
        body: homeVitalsInputSchema,
        response: { 201: recordedVitalSetSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const ctx = serviceContext(request);
      const set = await recordVitalSet(db, ctx, ownPatientId(ctx), request.body);
      return reply.status(201).send(set);
    },
  );
}
