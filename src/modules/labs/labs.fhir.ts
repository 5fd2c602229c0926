import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { FHIR_JSON } from '../../platform/fhir/fhir-http.js';
import { readLabReportImport } from '../../platform/fhir/lab-report-import.js';
import { fhirInvalid, fhirIssue, informationOutcome, operationOutcomeResponseSchema } from '../../platform/fhir/operation-outcome.js';
import { noStore } from '../../platform/http/api-helpers.js';
import { serviceOrIntegrationContext } from '../../platform/http/context.js';
import { fileInboundResultsWith } from './services/lab-results.service.js';

/**
 * FHIR R4 import of a laboratory report (issue 13): a DiagnosticReport with contained
 * Observations, or a Bundle — what `readLabReportImport` reads. An integration key with the scope
 * `lab-results:write` (or a signed-in laboratory technician). Filed only when the accession number
 * AND the MRN match the same order (the HL7 rule); otherwise 422 OperationOutcome with the reason,
 * nothing filed. Errors are OperationOutcomes (platform/fhir).
 */
export function registerLabsFhir(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  r.post(
    '/fhir/r4/DiagnosticReport',
    {
      config: { permission: 'labs.results.import', scopes: ['lab-results:write'] },
      schema: {
        tags: ['FHIR'],
        summary:
          'Import a laboratory report (DiagnosticReport with contained Observations, or a Bundle); filed against the order its accession number and MRN both match',
        response: { 201: operationOutcomeResponseSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const report = await readLabReportImport(request.body);
      const ctx = serviceOrIntegrationContext(request);
      const outcome = await fileInboundResultsWith(db, ctx, report, 'fhir');
      if (outcome.outcome === 'unmatched') throw fhirInvalid([fhirIssue('DiagnosticReport', outcome.reason, 'not-found')]);
      return reply
        .code(201)
        .type(FHIR_JSON)
        .send(informationOutcome(`Filed against laboratory order ${outcome.orderId}.`));
    },
  );
}
