import type { FastifyInstance, FastifyRequest } from 'fastify';

/** FHIR's own media type; its JSON is read like any other (same body limit, same prototype guards). */
export const FHIR_JSON = 'application/fhir+json';

/** Requests under /fhir/ are FHIR: their errors are OperationOutcomes (http/error-handler.ts). */
export const isFhirRequest = (request: FastifyRequest): boolean => request.url.startsWith('/fhir/');

export function installFhirContentType(app: FastifyInstance): void {
  app.addContentTypeParser(FHIR_JSON, { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
}
