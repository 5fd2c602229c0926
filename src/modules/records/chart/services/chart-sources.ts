import type { Db } from '../../../../platform/db/database.js';
import type { DeferredRead, PreparedReads, ReadResults } from '../../../../platform/db/read-together.js';
import { auditedViews, type ViewAudit } from '../../../../platform/audit/audited-views.js';
import { carePlansSection } from '../../care-plans/services/care-plans.service.js';
import { buildProblemList, diagnosesSection, toChartDiagnosis } from '../../diagnoses/services/diagnoses.service.js';
import { documentsSection } from '../../documents/services/documents.service.js';
import { summariesSection } from '../../encounters/services/encounters-summary.service.js';
import { encountersSection } from '../../encounters/services/encounters.service.js';
import { notesSection } from '../../notes/services/notes-query.service.js';
import type { AuditedAccess } from '../../../../platform/audit/audit.service.js';
import { type Allergy, type Condition, allergiesSection, conditionsSection, type PatientAccess } from '../../../patients/index.js';
import type { Diagnosis } from '../../diagnoses/diagnoses.schemas.js';
import type {
  ChartCarePlan,
  ChartDiagnosis,
  ChartDocument,
  ChartEncounter,
  ChartNote,
  ProblemItem,
  Section,
  SharedSummary,
} from '../chart.types.js';

/**
 * The audited read model of a patient's record (the chart, "my health record"): the caller makes
 * ONE access decision and writes ONE audit row naming the sections, and every section is read
 * here with that row's token, after it. No section writes an audit row of its own (SECURITY.md
 * "Audited read models"). Every section's query is read in ONE statement (`readTogether`): one
 * round trip and one snapshot for the whole view, however many sections it shows.
 *
 * The readers of the other parts of the record are registered in one place; a part left undefined
 * renders its section as "not available" and is not named in the audit row.
 */
type Reader<T> = (tx: Db, audited: AuditedAccess, access: PatientAccess) => DeferredRead<T[]>;
type LimitedReader<T> = (tx: Db, audited: AuditedAccess, access: PatientAccess, options: { limit: number }) => DeferredRead<T[]>;

export interface ChartSources {
  encounters?: LimitedReader<ChartEncounter>;
  notes?: LimitedReader<ChartNote>;
  summaries?: Reader<SharedSummary>;
  /** Feeds both the diagnoses section and the problem list. */
  diagnoses?: Reader<Diagnosis>;
  documents?: Reader<ChartDocument>;
  carePlans?: Reader<ChartCarePlan>;
}

export const chartSources: ChartSources = {
  encounters: (tx, audited, _access, options) => encountersSection(tx, audited, options),
  notes: notesSection,
  summaries: (tx, audited) => summariesSection(tx, audited),
  diagnoses: (tx, audited) => diagnosesSection(tx, audited),
  documents: (tx, audited) => documentsSection(tx, audited),
  carePlans: carePlansSection,
};

export const CHART_LIMIT = 50;

/** The sections a record view may name in its audit row (and the audit viewer labels). */
export const RECORD_SECTIONS = [
  'allergies',
  'conditions',
  'problems',
  'diagnoses',
  'encounters',
  'notes',
  'summaries',
  'procedures',
  'documents',
  'care_plans',
] as const;
export type SectionName = (typeof RECORD_SECTIONS)[number];

const SOURCE_OF: Record<SectionName, keyof ChartSources | null> = {
  allergies: null,
  conditions: null,
  problems: 'diagnoses',
  diagnoses: 'diagnoses',
  encounters: 'encounters',
  notes: 'notes',
  summaries: 'summaries',
  procedures: null,
  documents: 'documents',
  care_plans: 'carePlans',
};

/** The wanted sections this build can read: the names the view's audit row carries. */
export function availableSections(wanted: readonly SectionName[]): SectionName[] {
  return wanted.filter((name) => {
    const source = SOURCE_OF[name];
    return source === null || chartSources[source] !== undefined;
  });
}

export interface RecordSections {
  allergies: Allergy[];
  conditions: Condition[];
  problems: Section<ProblemItem>;
  diagnoses: Section<ChartDiagnosis>;
  encounters: Section<ChartEncounter>;
  notes: Section<ChartNote>;
  summaries: Section<SharedSummary>;
  documents: Section<ChartDocument>;
  carePlans: Section<ChartCarePlan>;
}

/**
 * Reads the named sections under the view's ONE audit row (`audit`), in ONE statement that also
 * writes that row. Sections not named (or not available) are null — allergies and conditions are
 * then empty — and cost nothing. Each section keeps its own tier rule (the note excerpt for staff
 * only, the patient sees no draft care plan). The page's other parts (`with`: not patient data of
 * this record — the viewer's inbox, names) ride in the same statement.
 *
 * The statement is BUILT ONCE per shape (`auditedViews`: the tier, the sections, the limit, the
 * other parts' key), the sections reading the patient the audit row names.
 */
export async function readRecordSections<X extends Record<string, DeferredRead<unknown>> = Record<never, never>, P extends string = never>(
  db: Db,
  access: PatientAccess,
  sections: readonly SectionName[],
  audit: ViewAudit,
  options: { limit?: number; with?: PreparedReads<P, X> } = {},
): Promise<RecordSections & { with: ReadResults<X> }> {
  if (audit.audited.patientId !== access.patient.id) throw new Error('readRecordSections: the audit row must name the patient read');
  const limit = options.limit ?? CHART_LIMIT;
  const others = options.with as PreparedReads<string, Record<string, DeferredRead<unknown>>> | undefined;
  const key = `${access.tier}|${sections.join(',')}|${limit}|${others?.key ?? ''}`;
  const all: Record<string, unknown> = await readRecordView(
    db,
    key,
    audit,
    (db, audited, param) => {
      // The readers see the tier alone (their maps may depend on it, and it is in the key); a
      // reader reaching for anything else of the access fails at once, on its first build.
      const reads = sectionReads(db, audited, { tier: access.tier } as PatientAccess, sections, limit);
      const extra = Object.entries(others?.build(db, param) ?? {}).map(([name, r]) => [`with:${name}`, r] as const);
      return { ...reads, ...Object.fromEntries(extra) };
    },
    others?.values ?? {},
  );
  const wants = (name: SectionName) => sections.includes(name);
  const read = all as Partial<SectionRows>;
  const extra = Object.fromEntries(
    Object.keys(all).flatMap((key) => (key.startsWith('with:') ? [[key.slice(5), all[key]]] : [])),
  ) as ReadResults<X>;
  const conditions = read.conditions ?? [];
  const diagnoses = read.diagnoses ?? null;
  return {
    allergies: read.allergies ?? [],
    conditions: wants('conditions') ? conditions : [],
    problems: diagnoses && wants('problems') ? buildProblemList(diagnoses, conditions).map(toProblemItem) : null,
    diagnoses: diagnoses && wants('diagnoses') ? diagnoses.map(toChartDiagnosis) : null,
    encounters: read.encounters ?? null,
    notes: read.notes ?? null,
    summaries: read.summaries ?? null,
    documents: read.documents ?? null,
    carePlans: read.carePlans ?? null,
    with: extra,
  };
}

/** The record's views (the chart, my health record, the portal home), each built once per shape. */
const readRecordView = auditedViews();

/** Each wanted section's read (the problem list reads diagnoses and conditions). */
function sectionReads(
  db: Db,
  audited: AuditedAccess,
  access: PatientAccess,
  sections: readonly SectionName[],
  limit: number,
): Partial<Record<keyof SectionRows, DeferredRead<unknown[]>>> {
  const s = chartSources;
  const wants = (name: SectionName) => sections.includes(name);
  const reads: Partial<Record<keyof SectionRows, DeferredRead<unknown[]>>> = {};
  if (wants('allergies')) reads.allergies = allergiesSection(db, audited);
  if (wants('conditions') || wants('problems')) reads.conditions = conditionsSection(db, audited);
  if (s.diagnoses && (wants('diagnoses') || wants('problems'))) reads.diagnoses = s.diagnoses(db, audited, access);
  if (s.encounters && wants('encounters')) reads.encounters = s.encounters(db, audited, access, { limit });
  if (s.notes && wants('notes')) reads.notes = s.notes(db, audited, access, { limit });
  if (s.summaries && wants('summaries')) reads.summaries = s.summaries(db, audited, access);
  if (s.documents && wants('documents')) reads.documents = s.documents(db, audited, access);
  if (s.carePlans && wants('care_plans')) reads.carePlans = s.carePlans(db, audited, access);
  return reads;
}

/** What each section's query gives, before the problem list is built from diagnoses and conditions. */
interface SectionRows {
  allergies: Allergy[];
  conditions: Condition[];
  diagnoses: Diagnosis[];
  encounters: ChartEncounter[];
  notes: ChartNote[];
  summaries: SharedSummary[];
  documents: ChartDocument[];
  carePlans: ChartCarePlan[];
}

/** The problem list's shape is not fixed by the interface: read the usual field names. */
export function toProblemItem(value: unknown): ProblemItem {
  const v = (value ?? {}) as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === 'string' && x.length > 0 ? x : null);
  const since = v.since ?? v.onsetDate ?? v.recordedAt ?? v.createdAt ?? null;
  return {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- problem ids are strings or numbers
    id: String(v.id ?? ''),
    code: str(v.code) ?? str(v.icd10Code),
    description: str(v.description) ?? str(v.title) ?? str(v.code) ?? '',
    since: since instanceof Date || typeof since === 'string' ? since : null,
  };
}
