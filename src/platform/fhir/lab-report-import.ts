import type { Bundle, DiagnosticReport, Observation, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { fhirInvalid, fhirIssue } from './operation-outcome.js';
import { validateFhirResource } from './fhir-validation.js';

/**
 * Reads a laboratory report sent as FHIR R4 — a DiagnosticReport whose results are contained
 * Observations, or a Bundle holding one DiagnosticReport and the Observations it references — into
 * what the laboratory files: the accession number and the patient's MRN (both required, never
 * guessed: the lab matches them to one order) and each result by LOINC code. Everything wrong is
 * reported at once, as OperationOutcome issues (422); nothing is filed from a report with issues.
 */
export interface InboundLabReport {
  accessionNumber: string;
  patientMrn: string;
  results: InboundLabResult[];
}

export interface InboundLabResult {
  loinc: string;
  value?: number;
  unit?: string;
  text?: string;
  status: 'preliminary' | 'final' | 'corrected';
  observedAt?: Date;
}

const LOINC = 'http://loinc.org';
const IDENTIFIER_TYPES = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const RESULT_STATUS: Partial<Record<Observation['status'], InboundLabResult['status']>> = {
  registered: 'preliminary',
  preliminary: 'preliminary',
  final: 'final',
  amended: 'corrected',
  corrected: 'corrected',
};
const REPORT_STATUSES: DiagnosticReport['status'][] = ['registered', 'partial', 'preliminary', 'final', 'amended', 'corrected', 'appended'];

export async function readLabReportImport(body: unknown): Promise<InboundLabReport> {
  const resourceType = (body as Resource | null)?.resourceType;
  if (resourceType !== 'DiagnosticReport' && resourceType !== 'Bundle') {
    throw fhirInvalid([
      fhirIssue('resourceType', 'Send a DiagnosticReport, or a Bundle holding one DiagnosticReport and its Observations.'),
    ]);
  }
  const structural = await validateFhirResource(body);
  if (structural.length > 0) throw fhirInvalid(structural);
  const { report, observations, issues } = resourceType === 'Bundle' ? fromBundle(body as Bundle) : fromReport(body as DiagnosticReport);
  if (!report) throw fhirInvalid(issues);
  const read = readReport(report, observations);
  const all = [...issues, ...read.issues];
  if (all.length > 0) throw fhirInvalid(all);
  return read.report!;
}

interface Gathered {
  report?: DiagnosticReport;
  observations: (Observation | undefined)[];
  issues: OperationOutcomeIssue[];
}

function fromReport(report: DiagnosticReport): Gathered {
  const contained = new Map((report.contained ?? []).map((r) => [`#${r.id ?? ''}`, r]));
  return gatherResults(report, (reference) => contained.get(reference), 'DiagnosticReport.result');
}

function fromBundle(bundle: Bundle): Gathered {
  const entries = bundle.entry ?? [];
  const reports = entries.filter((e) => e.resource?.resourceType === 'DiagnosticReport');
  if (reports.length !== 1) {
    return {
      observations: [],
      issues: [fhirIssue('Bundle.entry', `The bundle must hold exactly one DiagnosticReport (it holds ${reports.length}).`)],
    };
  }
  const byUrl = new Map(entries.flatMap((e) => (e.fullUrl && e.resource ? [[e.fullUrl, e.resource] as const] : [])));
  return gatherResults(
    reports[0]!.resource as DiagnosticReport,
    (reference) => byUrl.get(reference),
    'Bundle.entry.DiagnosticReport.result',
  );
}

function gatherResults(report: DiagnosticReport, find: (reference: string) => Resource | undefined, at: string): Gathered {
  const issues: OperationOutcomeIssue[] = [];
  const observations = (report.result ?? []).map((ref, i) => {
    const found = ref.reference ? find(ref.reference) : undefined;
    if (found?.resourceType === 'Observation') return found;
    issues.push(
      fhirIssue(`${at}[${i}]`, 'Each result must reference an Observation sent with the report (contained, or a fullUrl in the bundle).'),
    );
    return undefined;
  });
  if (observations.length === 0) issues.push(fhirIssue(at, 'The report has no results.', 'required'));
  return { report, observations, issues };
}

function readReport(
  report: DiagnosticReport,
  observations: (Observation | undefined)[],
): { report?: InboundLabReport; issues: OperationOutcomeIssue[] } {
  const issues: OperationOutcomeIssue[] = [];
  if (!REPORT_STATUSES.includes(report.status))
    issues.push(
      fhirIssue('DiagnosticReport.status', `A report with status "${report.status}" carries no results to file.`, 'code-invalid'),
    );
  const accession = report.identifier?.find((id) =>
    id.type?.coding?.some((c) => c.system === IDENTIFIER_TYPES && c.code === 'ACSN'),
  )?.value;
  if (!accession)
    issues.push(
      fhirIssue(
        'DiagnosticReport.identifier',
        `The accession number is required: an identifier whose type is ${IDENTIFIER_TYPES}#ACSN.`,
        'required',
      ),
    );
  const mrn = report.subject?.identifier?.value;
  if (!mrn)
    issues.push(
      fhirIssue('DiagnosticReport.subject.identifier', "The patient's medical record number is required (subject.identifier).", 'required'),
    );
  const reportTime = report.effectiveDateTime ?? report.effectivePeriod?.end;
  const results = observations.flatMap((observation, i) => {
    if (!observation) return [];
    const read = readObservation(observation, `Observation[${i}]`, reportTime);
    issues.push(...read.issues);
    return read.result ? [read.result] : [];
  });
  if (issues.length > 0 || !accession || !mrn) return { issues };
  return { report: { accessionNumber: accession, patientMrn: mrn, results }, issues };
}

function readObservation(
  o: Observation,
  at: string,
  reportTime: string | undefined,
): { result?: InboundLabResult; issues: OperationOutcomeIssue[] } {
  const issues: OperationOutcomeIssue[] = [];
  const loinc = o.code.coding?.find((c) => c.system === LOINC)?.code;
  if (!loinc) issues.push(fhirIssue(`${at}.code`, `Each result needs a LOINC code (coding with system ${LOINC}).`, 'required'));
  const status = RESULT_STATUS[o.status];
  if (!status) issues.push(fhirIssue(`${at}.status`, `A result with status "${o.status}" cannot be filed.`, 'code-invalid'));
  const quantity = o.valueQuantity;
  if (quantity && quantity.value === undefined)
    issues.push(fhirIssue(`${at}.valueQuantity.value`, 'A quantity needs its value.', 'required'));
  if (!quantity && o.valueString === undefined)
    issues.push(fhirIssue(`${at}.value[x]`, 'Each result needs valueQuantity or valueString.', 'required'));
  const when = o.effectiveDateTime ?? o.effectiveInstant ?? reportTime;
  if (issues.length > 0 || !loinc || !status) return { issues };
  return {
    issues,
    result: {
      loinc,
      status,
      ...(quantity
        ? { value: quantity.value!, ...(quantity.code || quantity.unit ? { unit: quantity.code ?? quantity.unit } : {}) }
        : { text: o.valueString! }),
      ...(when ? { observedAt: new Date(when) } : {}),
    },
  };
}
