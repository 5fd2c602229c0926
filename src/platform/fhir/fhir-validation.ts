import { readFileSync } from 'node:fs';
import type { Bundle, OperationOutcomeIssue } from '@medplum/fhirtypes';

/**
 * FHIR R4 structural validation through Medplum's validator (@medplum/core): cardinality, data
 * types, formats of dates and ids, unknown properties, invariants. It does not check codes against
 * value sets; the readers of each resource (e.g. lab-report-import.ts) check the codes they use.
 *
 * The validator and its StructureDefinitions (r4-definitions.json, written by
 * scripts/extract-fhir-definitions.mjs) load on first use, not at start-up: about a tenth of a
 * second once, and nothing for a deployment that takes no FHIR.
 */
type Validator = (resource: unknown) => void;
let validator: Promise<Validator> | undefined;

async function loadValidator(): Promise<Validator> {
  // @medplum/core reads globalThis.WebSocket when it loads; Node 20 has none and nothing here uses it.
  (globalThis as { WebSocket?: unknown }).WebSocket ??= class {};
  const core = await import('@medplum/core');
  const definitions = JSON.parse(readFileSync(new URL('./r4-definitions.json', import.meta.url), 'utf8')) as Bundle;
  core.indexStructureDefinitionBundle(definitions);
  return (resource) => core.validateResource(resource as Parameters<typeof core.validateResource>[0]);
}

/** The issues of a resource against FHIR R4 (an empty list: valid). */
export async function validateFhirResource(resource: unknown): Promise<OperationOutcomeIssue[]> {
  validator ??= loadValidator().catch((error: unknown) => {
    validator = undefined; // a failed load is tried again on the next request
    throw error;
  });
  const validate = await validator;
  try {
    validate(resource);
    return [];
  } catch (error) {
    const outcome = (error as { outcome?: { issue?: OperationOutcomeIssue[] } }).outcome;
    if (!outcome?.issue) throw error;
    return outcome.issue.filter((issue) => issue.severity === 'error' || issue.severity === 'fatal');
  }
}
