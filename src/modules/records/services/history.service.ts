import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError } from '../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../platform/http/api-helpers.js';
import { auditAccess } from '../../patients/services/patient-access.service.js';
import { listPatientConditions } from '../../patients/services/conditions.service.js';
import { labelOf, type PatientLabel } from '../../patients/services/patient-profile.service.js';
import type { Instant } from '../chart.types.js';
import type { Timeline, TimelineItem } from '../history.schemas.js';
import { listCarePlansForChart } from './care-plans.service.js';
import { listPatientDiagnoses } from './diagnoses.service.js';
import { listPatientProcedures } from './diagnoses-procedures.service.js';
import { listDocumentsForChart } from './documents.service.js';
import { resolveRecordAccess } from './encounters-access.service.js';
import { listEncountersForChart } from './encounters.service.js';
import { listNotesForChart } from './notes-query.service.js';

/**
 * The patient's history in one time-ordered list (newest first): encounters, notes, diagnoses,
 * conditions, procedures, documents and care plans. Clinicians on the clinical tier only (the
 * patient reads their own record in "my health record"). Each part is read through its owner's
 * list function, which audits its own read; the timeline itself is audited as `timeline.read`.
 */
const SOURCE_LIMIT = 500;

const toDate = (value: Instant | undefined): Date | null => (value == null ? null : value instanceof Date ? value : new Date(value));

type Source = (db: Db, ctx: ServiceContext, patientId: string) => Promise<TimelineItem[]>;
const item = (kind: TimelineItem['kind'], id: string, at: Date | null, title: string, extra: Partial<TimelineItem> = {}): TimelineItem[] =>
  at ? [{ kind, id, at, title, code: null, status: null, encounterId: null, ...extra }] : [];

const SOURCES: Record<string, Source> = {
  encounters: (async (db, ctx, id) =>
    (await listEncountersForChart(db, ctx, id, { limit: SOURCE_LIMIT })).flatMap((e) => item('encounter', e.id, toDate(e.startedAt), e.type, { status: e.status }))),
  notes: (async (db, ctx, id) =>
    (await listNotesForChart(db, ctx, id, { limit: SOURCE_LIMIT })).flatMap((n) => item('note', n.id, toDate(n.signedAt), n.status, { status: n.status, encounterId: n.encounterId }))),
  diagnoses: async (db, ctx, id) =>
    (await listPatientDiagnoses(db, ctx, id)).flatMap((d) => item('diagnosis', d.id, d.recordedAt, d.description, { code: d.code, status: d.rank, encounterId: d.encounterId })),
  conditions: async (db, ctx, id) =>
    (await listPatientConditions(db, ctx, id))
      .filter((c) => c.status !== 'entered-in-error')
      .flatMap((c) => item('condition', c.id, toDate(c.onsetDate) ?? c.createdAt, c.description, { code: c.icd10Code, status: c.status })),
  procedures: async (db, ctx, id) =>
    (await listPatientProcedures(db, ctx, id)).flatMap((p) => item('procedure', p.id, p.performedAt, p.description, { code: p.code, encounterId: p.encounterId })),
  documents: (async (db, ctx, id) =>
    (await listDocumentsForChart(db, ctx, id)).flatMap((d) => item('document', d.id, toDate(d.uploadedAt), d.title, { status: d.category }))),
  carePlans: (async (db, ctx, id) =>
    (await listCarePlansForChart(db, ctx, id)).flatMap((p) => item('care_plan', p.id, toDate(p.nextReviewAt), p.title, { code: p.conditionCode, status: p.status }))),
};

/** Newest first; ties by kind then id so the order (and the cursor) is total. */
export function compareTimeline(a: TimelineItem, b: TimelineItem): number {
  return b.at.getTime() - a.at.getTime() || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id);
}

function afterCursor(cursor: string | undefined): ((i: TimelineItem) => boolean) | null {
  if (!cursor) return null;
  const values = decodeCursor(cursor);
  const [ms, kind, id] = values ?? [];
  if (typeof ms !== 'number' || typeof kind !== 'string' || typeof id !== 'string') throw new AppError('validation_failed', 400, 'The cursor is not valid.', { errors: [{ path: 'cursor', message: 'Invalid cursor' }] });
  const anchor = { at: new Date(ms), kind, id } as TimelineItem;
  return (i) => compareTimeline(anchor, i) < 0;
}

export async function patientTimeline(db: Db, ctx: ServiceContext, patientId: string, options: { limit: number; cursor?: string }): Promise<Timeline> {
  return (await timelineWithPatient(db, ctx, patientId, options)).timeline;
}

/** The same read with the patient it belongs to, for the page heading. */
export async function timelineWithPatient(db: Db, ctx: ServiceContext, patientId: string, options: { limit: number; cursor?: string }): Promise<{ timeline: Timeline; patient: PatientLabel }> {
  const access = await resolveRecordAccess(db, ctx, patientId, 'timeline.read', { staffOnly: true });
  const after = afterCursor(options.cursor);
  await db.transaction((tx) => auditAccess(tx, ctx, access, { action: 'timeline.read', resourceType: 'timeline', category: 'clinical' }));
  const parts: TimelineItem[][] = [];
  for (const source of Object.values(SOURCES)) parts.push(await source(db, ctx, patientId));
  const all = parts.flat().sort(compareTimeline).filter((i) => !after || after(i));
  const items = all.slice(0, options.limit);
  const last = items[items.length - 1];
  return { timeline: { items, nextCursor: all.length > options.limit && last ? encodeCursor([last.at.getTime(), last.kind, last.id]) : null }, patient: labelOf(access.patient) };
}
