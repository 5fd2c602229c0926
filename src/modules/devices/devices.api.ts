import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { IntegrationContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { serviceContext, serviceOrIntegrationContext } from '../../platform/http/context.js';
import { patientParamsSchema } from '../patients/index.js';
import {
  boardSchema,
  deviceBatchBodySchema,
  deviceBatchResultSchema,
  deviceIdParamsSchema,
  deviceListSchema,
  deviceSchema,
  enrolBodySchema,
  enrolmentIdParamsSchema,
  enrolmentSchema,
  registerDeviceBodySchema,
  registeredDeviceSchema,
} from './devices.schemas.js';
import { ingestDeviceReadings } from './services/device-ingestion.service.js';
import { listPatientDevices, registerDevice, revokeDevice } from './services/device-registration.service.js';
import { endMonitoring, enrolInMonitoring } from './services/monitoring-enrolment.service.js';
import { readRemoteMonitoringBoard } from './services/remote-monitoring-board.service.js';

/** Only a device's own credential sends readings; the guard has already refused people (no role holds devices.ingest). */
export function deviceContext(request: FastifyRequest): IntegrationContext {
  const ctx = serviceOrIntegrationContext(request);
  if (ctx.actor.kind !== 'api_key') throw new AppError('forbidden', 'Only a device credential sends readings.');
  return ctx as IntegrationContext;
}

/** Devices (registration, revocation), the JSON ingestion batch, and remote-monitoring enrolment and board. */
export function registerDevicesApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['Devices and remote monitoring'];

  r.post(
    '/api/v1/patients/:id/devices',
    {
      config: { permission: 'devices.manage' },
      schema: {
        tags,
        summary:
          'Register a home device of the patient (the patient or their care team); its credential (scope devices:write) is in this answer only',
        params: patientParamsSchema,
        body: registerDeviceBodySchema,
        response: { 201: registeredDeviceSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await registerDevice(db, serviceContext(request), request.params.id, request.body)),
  );

  r.get(
    '/api/v1/patients/:id/devices',
    {
      config: { permission: 'devices.manage' },
      schema: {
        tags,
        summary: "The patient's devices, revoked ones included",
        params: patientParamsSchema,
        response: { 200: deviceListSchema },
      },
    },
    async (request) => ({ items: await listPatientDevices(db, serviceContext(request), request.params.id), nextCursor: null }),
  );

  r.post(
    '/api/v1/devices/:id/revoke',
    {
      config: { permission: 'devices.manage' },
      schema: {
        tags,
        summary: 'Revoke a device: its credential is refused from the next request on (its readings stay in the record)',
        params: deviceIdParamsSchema,
        response: { 200: deviceSchema },
      },
    },
    async (request) => revokeDevice(db, serviceContext(request), request.params.id),
  );

  r.post(
    '/api/v1/devices/observations',
    {
      config: { permission: 'devices.ingest', scopes: ['devices:write'] },
      schema: {
        tags,
        summary:
          "A batch of readings from a device (its credential as the bearer): valid ones stored for the device's patient, duplicates (same code and time) reported, invalid ones returned with their index and field",
        body: deviceBatchBodySchema,
        response: { 200: deviceBatchResultSchema },
      },
    },
    async (request) => {
      const body = request.body;
      const readings = body.readings.map((reading, index) => ({ ...reading, index, effectiveAt: new Date(reading.effectiveAt) }));
      return ingestDeviceReadings(db, deviceContext(request), readings, [], body.patientId ? [body.patientId] : []);
    },
  );

  r.post(
    '/api/v1/patients/:id/monitoring-enrolments',
    {
      config: { permission: 'remote-monitoring.manage' },
      schema: {
        tags,
        summary: "Enrol the patient in a remote-monitoring programme; thresholds come from the patient's active care-plan goals",
        params: patientParamsSchema,
        body: enrolBodySchema,
        response: { 201: enrolmentSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await enrolInMonitoring(db, serviceContext(request), request.params.id, request.body)),
  );

  r.post(
    '/api/v1/monitoring-enrolments/:id/end',
    {
      config: { permission: 'remote-monitoring.manage' },
      schema: { tags, summary: 'End a remote-monitoring enrolment', params: enrolmentIdParamsSchema, response: { 200: enrolmentSchema } },
    },
    async (request) => endMonitoring(db, serviceContext(request), request.params.id),
  );

  r.get(
    '/api/v1/remote-monitoring/board',
    {
      config: { permission: 'remote-monitoring.manage' },
      schema: {
        tags,
        summary: 'The remote-monitoring board: enrolled patients of your care teams with their last readings, flags and unreviewed alerts',
        response: { 200: boardSchema },
      },
    },
    async (request) => ({ items: await readRemoteMonitoringBoard(db, serviceContext(request)), nextCursor: null }),
  );
}
