import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { AppError } from '../../platform/errors.js';
import { readDeviceObservations } from '../../platform/fhir/device-observation-import.js';
import { FHIR_JSON } from '../../platform/fhir/fhir-http.js';
import { fhirInvalid, fhirIssue, informationOutcome, operationOutcomeResponseSchema } from '../../platform/fhir/operation-outcome.js';
import { noStore } from '../../platform/http/api-helpers.js';
import { deviceContext } from './devices.api.js';
import type { DeviceBatchResult } from './devices.schemas.js';
import { ingestDeviceReadings } from './services/device-ingestion.service.js';

const refusedIssues = (rejected: DeviceBatchResult['rejected']): OperationOutcomeIssue[] =>
  rejected.map((r) => fhirIssue(r.path, r.message));

/**
 * FHIR R4 ingestion of device readings: one Observation or a Bundle of them, with a device's
 * credential (scope devices:write). The answer is an OperationOutcome: an information issue with
 * what was stored and how many were duplicates, and one error issue per refused entry (its
 * location in `expression`). Nothing storable: 422 with the issues.
 */
export function registerDevicesFhir(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  r.post(
    '/fhir/r4/Observation',
    {
      config: { permission: 'devices.ingest', scopes: ['devices:write'] },
      schema: {
        tags: ['FHIR'],
        summary:
          "Device readings as an Observation or a Bundle of Observations, stored for the device's patient (idempotent per device, code and time)",
        response: { 200: operationOutcomeResponseSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const ctx = deviceContext(request);
      const read = await readDeviceObservations(request.body);
      let result: DeviceBatchResult;
      try {
        result = await ingestDeviceReadings(db, ctx, read.readings, read.refused, read.subjects);
      } catch (error) {
        if (error instanceof AppError && error.code === 'unprocessable' && Array.isArray(error.extra.rejected))
          throw fhirInvalid(refusedIssues(error.extra.rejected as DeviceBatchResult['rejected']));
        throw error;
      }
      const note = `Stored ${result.stored} reading(s); ${result.duplicates.length} entr${result.duplicates.length === 1 ? 'y was' : 'ies were'} already received.`;
      return reply
        .code(200)
        .type(FHIR_JSON)
        .send(informationOutcome(note, refusedIssues(result.rejected)));
    },
  );
}
