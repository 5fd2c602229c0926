import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { listCarePlansForChart } from './care-plans.service.js';
import { listDiagnosesForChart, listProblemList } from './diagnoses.service.js';
import { listDocumentsForChart } from './documents.service.js';
import { listSharedSummariesForPatient } from './encounters-summary.service.js';
import { listEncountersForChart } from './encounters.service.js';
import { listNotesForChart } from './notes-query.service.js';
import type { ChartCarePlan, ChartDiagnosis, ChartDocument, ChartEncounter, ChartNote, ProblemItem, Section, SharedSummary } from '../chart.types.js';

/**
 * The list functions of the other parts of the record (encounters, diagnoses, documents, care
 * plans), in one place. Each audits its own read. A part left undefined here renders its chart
 * section as "not available" instead of failing the whole chart.
 */
type Lister<T> = (db: Db, ctx: ServiceContext, patientId: string) => Promise<T[]>;
type LimitedLister<T> = (db: Db, ctx: ServiceContext, patientId: string, options: { limit: number }) => Promise<T[]>;

export interface ChartSources {
  listEncountersForChart?: LimitedLister<ChartEncounter>;
  listNotesForChart?: LimitedLister<ChartNote>;
  listSharedSummariesForPatient?: Lister<SharedSummary>;
  listDiagnosesForChart?: Lister<ChartDiagnosis>;
  listProblemList?: Lister<unknown>;
  listDocumentsForChart?: Lister<ChartDocument>;
  listCarePlansForChart?: Lister<ChartCarePlan>;
}

export const chartSources: ChartSources = {
  listEncountersForChart,
  listNotesForChart,
  listSharedSummariesForPatient,
  listDiagnosesForChart,
  listProblemList,
  listDocumentsForChart,
  listCarePlansForChart,
};

export const CHART_LIMIT = 50;

/** Calls a source when it exists; null (section not available) when it does not. */
export async function readSection<T>(source: Lister<T> | undefined, db: Db, ctx: ServiceContext, patientId: string): Promise<Section<T>> {
  return source ? source(db, ctx, patientId) : null;
}

export async function readLimitedSection<T>(source: LimitedLister<T> | undefined, db: Db, ctx: ServiceContext, patientId: string, limit = CHART_LIMIT): Promise<Section<T>> {
  return source ? source(db, ctx, patientId, { limit }) : null;
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
