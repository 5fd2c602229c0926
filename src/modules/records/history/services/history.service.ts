import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { AppError } from '../../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../../platform/http/api-helpers.js';
import { mapRead, type DeferredRead } from '../../../../platform/db/read-together.js';
import { auditedViews } from '../../../../platform/audit/audited-views.js';
import { accessAuditValues, conditionsSection, type PatientAccess, labelOf, type PatientLabel } from '../../../patients/index.js';
import type { Instant } from '../../chart/chart.types.js';
import type { Timeline, TimelineItem } from '../history.schemas.js';
import { carePlansSection } from '../../care-plans/services/care-plans.service.js';
import { diagnosesSection } from '../../diagnoses/services/diagnoses.service.js';
import { proceduresSection } from '../../diagnoses/services/diagnoses-procedures.service.js';
import { documentsSection } from '../../documents/services/documents.service.js';
import { resolveRecordAccess } from '../../encounters/services/encounters-access.service.js';
import { encountersSection } from '../../encounters/services/encounters.service.js';
import { notesSection } from '../../notes/services/notes-query.service.js';
import type { AuditedAccess } from '../../../../platform/audit/audit.service.js';
import type { SectionName } from '../../chart/services/chart-sources.js';

/**
 * The patient's history in one time-ordered list (newest first): encounters, notes, diagnoses,
 * conditions, procedures, documents and care plans. Clinicians on the clinical tier only (the
 * patient reads their own record in "my health record"). An audited read model: one access
 * decision and ONE `timeline.read` row naming the sections; each part is read with that row's
 * token through its owner's section reader (which writes no row of its own).
 */
const SOURCE_LIMIT = 500;

const toDate = (value: Instant | undefined): Date | null => (value == null ? null : value instanceof Date ? value : new Date(value));

type Source = (tx: Db, audited: AuditedAccess, access: PatientAccess) => DeferredRead<TimelineItem[]>;
const item = (kind: TimelineItem['kind'], id: string, at: Date | null, title: string, extra: Partial<TimelineItem> = {}): TimelineItem[] =>
  at ? [{ kind, id, at, title, code: null, status: null, encounterId: null, ...extra }] : [];

const SOURCES: Partial<Record<SectionName, Source>> = {
  encounters: (tx, audited) =>
    mapRead(encountersSection(tx, audited, { limit: SOURCE_LIMIT }), (rows) =>
      rows.flatMap((e) => item('encounter', e.id, toDate(e.startedAt), e.type, { status: e.status })),
    ),
  notes: (tx, audited, access) =>
    mapRead(notesSection(tx, audited, access, { limit: SOURCE_LIMIT }), (rows) =>
      rows.flatMap((n) => item('note', n.id, toDate(n.signedAt), n.status, { status: n.status, encounterId: n.encounterId })),
    ),
  diagnoses: (tx, audited) =>
    mapRead(diagnosesSection(tx, audited), (rows) =>
      rows.flatMap((d) =>
        item('diagnosis', d.id, d.recordedAt, d.description, { code: d.code, status: d.rank, encounterId: d.encounterId }),
      ),
    ),
  conditions: (tx, audited) =>
    mapRead(conditionsSection(tx, audited), (rows) =>
      rows
        .filter((c) => c.status !== 'entered-in-error')
        .flatMap((c) =>
          item('condition', c.id, toDate(c.onsetDate) ?? c.createdAt, c.description, { code: c.icd10Code, status: c.status }),
        ),
    ),
  procedures: (tx, audited) =>
    mapRead(proceduresSection(tx, audited), (rows) =>
      rows.flatMap((p) => item('procedure', p.id, p.performedAt, p.description, { code: p.code, encounterId: p.encounterId })),
    ),
  documents: (tx, audited) =>
    mapRead(documentsSection(tx, audited), (rows) =>
      rows.flatMap((d) => item('document', d.id, toDate(d.uploadedAt), d.title, { status: d.category })),
    ),
  care_plans: (tx, audited, access) =>
    mapRead(carePlansSection(tx, audited, access), (rows) =>
      rows.flatMap((p) => item('care_plan', p.id, toDate(p.nextReviewAt), p.title, { code: p.conditionCode, status: p.status })),
    ),
};

const readTimelineView = auditedViews();

/** Newest first; ties by kind then id so the order (and the cursor) is total. */
export function compareTimeline(a: TimelineItem, b: TimelineItem): number {
  return b.at.getTime() - a.at.getTime() || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id);
}

function afterCursor(cursor: string | undefined): ((i: TimelineItem) => boolean) | null {
  if (!cursor) return null;
  const values = decodeCursor(cursor);
  const [ms, kind, id] = values ?? [];
  if (typeof ms !== 'number' || typeof kind !== 'string' || typeof id !== 'string')
    throw new AppError('validation_failed', 'The cursor is not valid.', { errors: [{ path: 'cursor', message: 'Invalid cursor' }] });
  const anchor = { at: new Date(ms), kind, id } as TimelineItem;
  return (i) => compareTimeline(anchor, i) < 0;
}

export async function patientTimeline(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  options: { limit: number; cursor?: string },
): Promise<Timeline> {
  return (await timelineWithPatient(db, ctx, patientId, options)).timeline;
}

/** The same read with the patient it belongs to, for the page heading. */
export async function timelineWithPatient(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  options: { limit: number; cursor?: string },
): Promise<{ timeline: Timeline; patient: PatientLabel }> {
  const access = await resolveRecordAccess(db, ctx, patientId, 'timeline.read', { staffOnly: true });
  const after = afterCursor(options.cursor);
  const sections = Object.keys(SOURCES) as SectionName[];
  // The audit row travels with every part: one statement built once per tier, no transaction.
  const audit = accessAuditValues(ctx, access, {
    action: 'timeline.read',
    resourceType: 'timeline',
    category: 'clinical',
    detail: { sections },
  });
  const parts = await readTimelineView(db, access.tier, audit, (db, audited) =>
    // The sources see the tier alone, which is the view's key (the notes' and care plans' rules).
    Object.fromEntries(
      Object.entries(SOURCES).map(([name, source]) => [name, source(db, audited, { tier: access.tier } as PatientAccess)]),
    ),
  );
  const all = Object.values(parts)
    .flat()
    .sort(compareTimeline)
    .filter((i) => !after || after(i));
  const items = all.slice(0, options.limit);
  const last = items[items.length - 1];
  return {
    timeline: { items, nextCursor: all.length > options.limit && last ? encodeCursor([last.at.getTime(), last.kind, last.id]) : null },
    patient: labelOf(access.patient),
  };
}
