import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../../platform/http/context.js';
import { patientParamsSchema } from '../../patients/index.js';
import {
  createDiagnosisBodySchema,
  createProcedureBodySchema,
  diagnosisSchema,
  encounterDiagnosisParamsSchema,
  encounterParamsSchema,
  icd10CodeSchema,
  icd10QuerySchema,
  problemSchema,
  procedureSchema,
} from './diagnoses.schemas.js';
import { timelineQuerySchema, timelineSchema } from '../history/history.schemas.js';
import { addProcedure, listPatientProcedures } from './services/diagnoses-procedures.service.js';
import {
  addDiagnosis,
  listDiagnosesOfEncounter,
  listPatientDiagnoses,
  listProblemList,
  removeDiagnosis,
} from './services/diagnoses.service.js';
import { patientTimeline } from '../history/services/history.service.js';
import { searchIcd10 } from './services/icd10.service.js';

const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** ICD-10-CM search, diagnoses on encounters, the problem list, procedures and the timeline. */
export function registerDiagnosesApi(app: FastifyInstance): void {
  registerIcd10LookupRoute(app);
  registerDiagnosisRoutes(app);
  registerProcedureAndTimelineRoutes(app);
}

/** The ICD-10-CM code search the diagnosis forms use. */
function registerIcd10LookupRoute(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/api/v1/reference/icd10',
    {
      config: { permission: 'reference.read' },
      schema: {
        tags: ['Reference'],
        summary: 'Search ICD-10-CM (2021) by code or words: exact code, code prefix, then titles with every word (closest first)',
        querystring: icd10QuerySchema,
        response: { 200: items(icd10CodeSchema) },
      },
    },
    async (request) => ({ items: await searchIcd10(db, request.query.query, request.query.limit) }),
  );
}

/** An encounter's diagnoses, and the patient's diagnoses and problem list. */
function registerDiagnosisRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  const tags = ['Diagnoses'];
  r.post(
    '/api/v1/encounters/:encounterId/diagnoses',
    {
      config: { permission: 'records.write' },
      schema: {
        tags,
        summary: 'Add an ICD-10-CM diagnosis to an encounter (422 for a code not in the list); chronic ones join the problem list',
        params: encounterParamsSchema,
        body: createDiagnosisBodySchema,
        response: { 201: diagnosisSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addDiagnosis(db, serviceContext(request), request.params.encounterId, request.body)),
  );

  r.get(
    '/api/v1/encounters/:encounterId/diagnoses',
    {
      config: { permission: 'records.read' },
      schema: {
        tags,
        summary: "The encounter's diagnoses (clinicians)",
        params: encounterParamsSchema,
        response: { 200: items(diagnosisSchema) },
      },
    },
    async (request) => ({ items: await listDiagnosesOfEncounter(db, serviceContext(request), request.params.encounterId) }),
  );

  r.delete(
    '/api/v1/encounters/:encounterId/diagnoses/:diagnosisId',
    {
      config: { permission: 'records.write' },
      schema: {
        tags,
        summary: 'Mark a diagnosis entered-in-error (kept, out of every list)',
        params: encounterDiagnosisParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeDiagnosis(db, serviceContext(request), request.params.encounterId, request.params.diagnosisId);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/patients/:id/diagnoses',
    {
      config: { permission: 'records.read' },
      schema: {
        tags,
        summary: "The patient's active diagnoses, newest first (clinical tier)",
        params: patientParamsSchema,
        response: { 200: items(diagnosisSchema) },
      },
    },
    async (request) => ({ items: await listPatientDiagnoses(db, serviceContext(request), request.params.id) }),
  );

  r.get(
    '/api/v1/patients/:id/problem-list',
    {
      config: { permission: 'records.read' },
      schema: {
        tags,
        summary: 'The problem list: chronic diagnoses and active coded conditions (clinical tier)',
        params: patientParamsSchema,
        response: { 200: items(problemSchema) },
      },
    },
    async (request) => ({ items: await listProblemList(db, serviceContext(request), request.params.id) }),
  );
}

/** Procedures, and the patient's whole history as one timeline. */
function registerProcedureAndTimelineRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.post(
    '/api/v1/encounters/:encounterId/procedures',
    {
      config: { permission: 'records.write' },
      schema: {
        tags: ['Procedures'],
        summary: 'Record a procedure performed in an encounter',
        params: encounterParamsSchema,
        body: createProcedureBodySchema,
        response: { 201: procedureSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addProcedure(db, serviceContext(request), request.params.encounterId, request.body)),
  );

  r.get(
    '/api/v1/patients/:id/procedures',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['Procedures'],
        summary: "The patient's procedures, newest first (clinical tier)",
        params: patientParamsSchema,
        response: { 200: items(procedureSchema) },
      },
    },
    async (request) => ({ items: await listPatientProcedures(db, serviceContext(request), request.params.id) }),
  );

  r.get(
    '/api/v1/patients/:id/timeline',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['History'],
        summary:
          "The patient's history, newest first: encounters, notes, diagnoses, conditions, procedures, documents, care plans (clinicians on the clinical tier)",
        params: patientParamsSchema,
        querystring: timelineQuerySchema,
        response: { 200: timelineSchema },
      },
    },
    async (request) => patientTimeline(db, serviceContext(request), request.params.id, request.query),
  );
}
