import type { Bundle, DiagnosticReport, Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { readLabReportImport } from './lab-report-import.js';

const potassium = (over: Partial<Observation> = {}): Observation => ({
  resourceType: 'Observation',
  id: 'k',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '2823-3', display: 'Potassium' }] },
  valueQuantity: { value: 6.8, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
  effectiveDateTime: '2026-12-03T09:40:00Z',
  ...over,
});
const comment: Observation = {
  resourceType: 'Observation',
  id: 'c',
  status: 'preliminary',
  code: { coding: [{ system: 'http://loinc.org', code: '8251-1' }] },
  valueString: 'Sample slightly haemolysed',
};

const report = (over: Partial<DiagnosticReport> = {}): DiagnosticReport => ({
  resourceType: 'DiagnosticReport',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '51990-0', display: 'Basic metabolic panel' }] },
  identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'ACSN' }] }, value: 'L26-000123' }],
  subject: { identifier: { value: 'MRN-000042' } },
  effectiveDateTime: '2026-12-03T09:30:00Z',
  contained: [potassium(), comment],
  result: [{ reference: '#k' }, { reference: '#c' }],
  ...over,
});

async function issuesOf(body: unknown) {
  const error = await readLabReportImport(body).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(422);
  return ((error as AppError).extra.fhirIssues as { expression?: string[]; details?: { text?: string } }[]).map((i) => ({
    at: i.expression?.[0],
    text: i.details?.text,
  }));
}

describe('FHIR lab report import', () => {
  it('reads a DiagnosticReport with contained Observations: accession, MRN, each result by LOINC', async () => {
    expect(await readLabReportImport(report())).toEqual({
      accessionNumber: 'L26-000123',
      patientMrn: 'MRN-000042',
      results: [
        { loinc: '2823-3', status: 'final', value: 6.8, unit: 'mmol/L', observedAt: new Date('2026-12-03T09:40:00Z') },
        // No time of its own: the report's.
        { loinc: '8251-1', status: 'preliminary', text: 'Sample slightly haemolysed', observedAt: new Date('2026-12-03T09:30:00Z') },
      ],
    });
  });

  it('reads a Bundle holding the report and the Observations it references by fullUrl; corrected results stay corrected', async () => {
    const { contained: _contained, ...bare } = report({ result: [{ reference: 'urn:uuid:1b0c4a53-0000-4000-8000-000000000001' }] });
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: 'urn:uuid:1b0c4a53-0000-4000-8000-000000000002', resource: bare },
        { fullUrl: 'urn:uuid:1b0c4a53-0000-4000-8000-000000000001', resource: potassium({ id: undefined, status: 'corrected' }) },
      ],
    };
    const read = await readLabReportImport(bundle);
    expect(read.results).toEqual([expect.objectContaining({ loinc: '2823-3', status: 'corrected', value: 6.8 })]);
  });

  it("refuses what is not FHIR R4 with the validator's issues (a date that is not a date, an unknown property)", async () => {
    const issues = await issuesOf(report({ effectiveDateTime: 'yesterday', colour: 'blue' } as Partial<DiagnosticReport>));
    expect(issues.map((i) => i.at)).toEqual(expect.arrayContaining(['DiagnosticReport.effective[x]', 'DiagnosticReport.colour']));
  });

  it('never guesses: no accession number, no MRN, no LOINC code, a result that cannot be filed — every issue at once', async () => {
    const issues = await issuesOf(
      report({
        identifier: [{ value: 'L26-000123' }],
        subject: { reference: 'Patient/123' },
        contained: [potassium({ code: { text: 'K' } }), { ...comment, status: 'cancelled' }],
      }),
    );
    expect(issues.map((i) => i.at)).toEqual([
      'DiagnosticReport.identifier',
      'DiagnosticReport.subject.identifier',
      'Observation[0].code',
      'Observation[1].status',
    ]);
  });

  it('refuses other resources, a bundle without exactly one report, and results it cannot find', async () => {
    expect(await issuesOf({ resourceType: 'Patient' })).toEqual([expect.objectContaining({ at: 'resourceType' })]);
    expect(await issuesOf({ resourceType: 'Bundle', type: 'collection', entry: [] })).toEqual([
      { at: 'Bundle.entry', text: 'The bundle must hold exactly one DiagnosticReport (it holds 0).' },
    ]);
    expect(await issuesOf(report({ result: [{ reference: '#missing' }] }))).toEqual([
      expect.objectContaining({ at: 'DiagnosticReport.result[0]' }),
    ]);
  });
});
