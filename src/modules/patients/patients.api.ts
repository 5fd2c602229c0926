import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext, serviceOrIntegrationContext } from '../../platform/http/context.js';
import { expectedVersion, listResponseSchema, setEtag } from '../../platform/http/api-helpers.js';
import {
  patientParamsSchema,
  patientProfileSchema,
  patientSummarySchema,
  registerPatientBodySchema,
  registerPatientResponseSchema,
  searchQuerySchema,
  updatePatientBodySchema,
} from './patients.schemas.js';
import { getPatientProfile, updatePatientProfile } from './services/patient-profile.service.js';
import { findPatients, registerPatient } from './services/patient-registration.service.js';

const tags = ['Patients'];

/** Registration, search and the profile. */
export function registerPatientsApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.post(
    '/api/v1/patients',
    {
      config: { permission: 'patients.register' },
      schema: {
        tags,
        summary: 'Register a walk-in patient (409 possible_duplicate unless confirmNotDuplicate)',
        body: registerPatientBodySchema,
        response: { 201: registerPatientResponseSchema },
      },
    },
    async (request, reply) => {
      const result = await registerPatient(db, serviceContext(request), request.body);
      setEtag(reply, result.patient.version);
      return reply.status(201).send(result);
    },
  );

  r.get(
    '/api/v1/patients',
    {
      // Integration keys search too (registration-tier fields only, as for the front desk).
      config: { permission: 'patients.search', scopes: ['patients:read'] },
      schema: {
        tags,
        summary: 'Find patients by name, MRN or birth date (YYYY-MM-DD); registration-tier fields only',
        querystring: searchQuerySchema,
        response: { 200: listResponseSchema(patientSummarySchema) },
      },
    },
    async (request) => findPatients(db, serviceOrIntegrationContext(request), request.query),
  );

  r.get(
    '/api/v1/patients/:id',
    {
      // A key gets the registration tier only: it has no care team, so never clinical fields.
      config: { permission: 'patients.read', scopes: ['patients:read'] },
      schema: {
        tags,
        summary: 'A patient profile (clinical fields only for the patient and the care team)',
        params: patientParamsSchema,
        response: { 200: patientProfileSchema },
      },
    },
    async (request, reply) => {
      const profile = await getPatientProfile(db, serviceOrIntegrationContext(request), request.params.id);
      setEtag(reply, profile.version);
      return profile;
    },
  );

  r.patch(
    '/api/v1/patients/:id',
    {
      config: { permission: 'patients.update' },
      schema: {
        tags,
        summary: 'Change a patient profile (If-Match optional; fields by role and tier)',
        params: patientParamsSchema,
        headers: z.object({ 'if-match': z.string().optional() }),
        body: updatePatientBodySchema,
        response: { 200: patientProfileSchema },
      },
    },
    async (request, reply) => {
      const profile = await updatePatientProfile(db, serviceContext(request), request.params.id, request.body, expectedVersion(request));
      setEtag(reply, profile.version);
      return profile;
    },
  );
}
