import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { serviceContext } from '../../../platform/http/context.js';
import {
  departmentDosesSchema,
  doseParamsSchema,
  doseSchema,
  givenBodySchema,
  monitoringBodySchema,
  myDosesSchema,
  notGivenBodySchema,
  prescriptionAdherenceSchema,
} from './doses.schemas.js';
import { listDepartmentDueDoses, recordAdministration } from './services/administration.service.js';
import { listMyDoses, recordMyDose, type PatientDoseAction } from './services/my-doses.service.js';
import { getPrescriptionAdherence, setAdherenceMonitoring } from './services/prescription-adherence.service.js';

const tags = ['Doses'];
const self = { permission: 'medications.doses.self' } as const;
const administer = { permission: 'medications.administer' } as const;

/** The patient's doses and adherence, the nurse's administration list, a prescription's adherence and monitoring flag. */
export function registerDosesApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/api/v1/me/doses',
    {
      config: self,
      schema: {
        tags,
        summary: "The signed-in patient's doses (last and next 24 hours) and adherence per medicine; audited",
        response: { 200: myDosesSchema },
      },
    },
    async (request) => {
      const { doses, adherence } = await listMyDoses(db, serviceContext(request));
      return { items: doses, adherence };
    },
  );

  const actions: Record<string, PatientDoseAction> = { taken: 'taken', skipped: 'skipped', snooze: 'snooze' };
  for (const [path, action] of Object.entries(actions)) {
    r.post(
      `/api/v1/me/doses/:id/${path}`,
      {
        config: self,
        schema: {
          tags,
          summary: `Mark one of your doses ${action === 'snooze' ? 'snoozed (reminded again in 15 minutes)' : action}; audited`,
          params: doseParamsSchema,
          response: { 200: doseSchema },
        },
      },
      async (request) => recordMyDose(db, serviceContext(request), request.params.id, action),
    );
  }

  registerAdministrationApi(app);
  registerAdherenceApi(app);
}

/** The nurse's round: due and overdue doses of the department, given / not given. */
function registerAdministrationApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/api/v1/department/doses',
    {
      config: administer,
      schema: {
        tags,
        summary: "Due and overdue doses of the nurse's department's patients; one audit row per patient",
        response: { 200: departmentDosesSchema },
      },
    },
    async (request) => {
      const result = await listDepartmentDueDoses(db, serviceContext(request));
      return { departmentId: result.departmentId, patients: result.patients, items: result.doses };
    },
  );

  r.post(
    '/api/v1/doses/:id/given',
    {
      config: administer,
      schema: {
        tags,
        summary: 'Record a dose as given (time, dose; by the signed-in nurse); audited',
        params: doseParamsSchema,
        body: givenBodySchema,
        response: { 200: doseSchema },
      },
    },
    async (request) => recordAdministration(db, serviceContext(request), request.params.id, { outcome: 'given', ...request.body }),
  );

  r.post(
    '/api/v1/doses/:id/not-given',
    {
      config: administer,
      schema: {
        tags,
        summary: 'Record a dose as not given, with a reason; audited',
        params: doseParamsSchema,
        body: notGivenBodySchema,
        response: { 200: doseSchema },
      },
    },
    async (request) => recordAdministration(db, serviceContext(request), request.params.id, { outcome: 'not_given', ...request.body }),
  );
}

/** A prescription's adherence for clinicians, and the prescriber's monitoring flag. */
function registerAdherenceApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/api/v1/prescriptions/:id/adherence',
    {
      config: { permission: 'prescriptions.read' },
      schema: {
        tags,
        summary: "A prescription's adherence over 7 and 30 days, monitoring flag and recent doses (clinical tier); audited",
        params: doseParamsSchema,
        response: { 200: prescriptionAdherenceSchema },
      },
    },
    async (request) => getPrescriptionAdherence(db, serviceContext(request), request.params.id),
  );

  r.put(
    '/api/v1/prescriptions/:id/adherence-monitoring',
    {
      config: { permission: 'prescriptions.write' },
      schema: {
        tags,
        summary: 'Flag (or unflag) a signed prescription for adherence monitoring with a threshold (default 80 % over 7 days); audited',
        params: doseParamsSchema,
        body: monitoringBodySchema,
        response: { 200: prescriptionAdherenceSchema },
      },
    },
    async (request) => setAdherenceMonitoring(db, serviceContext(request), request.params.id, request.body),
  );
}
