import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { z } from 'zod';
import { AppError, type ErrorCode } from '../errors.js';

/**
 * FHIR answers its errors with an OperationOutcome, not problem+json: every /fhir/ route's error
 * (thrown anywhere as an AppError) is written as one by the error handler (http/error-handler.ts).
 */

/** The FHIR issue type of each of our error codes (http://hl7.org/fhir/issue-type). */
const ISSUE_TYPE: Partial<Record<ErrorCode, OperationOutcomeIssue['code']>> = {
  validation_failed: 'invalid',
  unprocessable: 'processing',
  not_authenticated: 'login',
  forbidden: 'forbidden',
  not_found: 'not-found',
  conflict: 'conflict',
  version_mismatch: 'conflict',
  payload_too_large: 'too-long',
  unsupported_media_type: 'not-supported',
  method_not_allowed: 'not-supported',
  rate_limited: 'throttled',
  database_unavailable: 'transient',
  service_unavailable: 'transient',
  internal_error: 'exception',
};

/** A FHIR request refused for the issues found in it (422, or 400 when not FHIR at all). */
export function fhirInvalid(issues: OperationOutcomeIssue[], code: 'validation_failed' | 'unprocessable' = 'unprocessable'): AppError {
  const first = issues[0]?.details?.text ?? issues[0]?.diagnostics ?? 'The resource is not valid FHIR R4.';
  return new AppError(code, first, { fhirIssues: issues });
}

/** One error issue at a FHIRPath-like location, e.g. `DiagnosticReport.subject`. */
export function fhirIssue(expression: string, text: string, code: OperationOutcomeIssue['code'] = 'invalid'): OperationOutcomeIssue {
  return { severity: 'error', code, details: { text }, expression: [expression] };
}

/** The OperationOutcome of an error: the issues it carries, or one issue from its code and detail. */
export function operationOutcomeOf(error: AppError, detail: string): OperationOutcome {
  const issues = error.extra.fhirIssues as OperationOutcomeIssue[] | undefined;
  return {
    resourceType: 'OperationOutcome',
    issue: issues?.length ? issues : [{ severity: 'error', code: ISSUE_TYPE[error.code] ?? 'processing', details: { text: detail } }],
  };
}

/** The OperationOutcome of a request that succeeded, with a note of what was done (and any entries refused). */
export function informationOutcome(text: string, refused: OperationOutcomeIssue[] = []): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', details: { text } }, ...refused] };
}

/** The response schema of a FHIR write answered with an OperationOutcome (what the OpenAPI document shows). */
export const operationOutcomeResponseSchema = z.object({
  resourceType: z.literal('OperationOutcome'),
  issue: z.array(
    z.object({
      severity: z.string(),
      code: z.string(),
      details: z.object({ text: z.string().optional() }).optional(),
      expression: z.array(z.string()).optional(),
    }),
  ),
});
