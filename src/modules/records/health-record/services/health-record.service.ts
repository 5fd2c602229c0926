import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { notFound } from '../../../../platform/errors.js';
import {
  accessAuditValues,
  auditAccess,
  auditDenied,
  resolvePatientAccess,
  type PatientAccess,
  toProfile,
} from '../../../patients/index.js';
import { availableSections, readRecordSections, type SectionName } from '../../chart/services/chart-sources.js';
import { renderHealthRecordPdf } from './health-record-pdf.pool.js';
import type { DeferredRead, PreparedReads, ReadResults } from '../../../../platform/db/read-together.js';
import type { HealthRecord } from '../health-record.types.js';

export type { HealthRecord } from '../health-record.types.js';

/**
 * The patient themself, or a clinician on the care team. Break-the-glass is for emergency care,
 * not for taking the whole record away: it is refused like anyone else (404, denied audit row).
 */
async function resolveHealthRecordAccess(db: Db, ctx: ServiceContext, patientId: string, action: string): Promise<PatientAccess> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action });
  if (access.tier !== 'self' && access.tier !== 'care_team') {
    await auditDenied(db, ctx, access, {
      action,
      resourceType: 'health_record',
      resourceId: patientId,
      category: 'clinical',
      detail: { reason: 'tier' },
    });
    throw notFound('The patient');
  }
  return access;
}

/** What the patient's record shows, in the order its audit row names them (never the notes). */
export const HEALTH_RECORD_SECTIONS: readonly SectionName[] = [
  'allergies',
  'conditions',
  'problems',
  'diagnoses',
  'summaries',
  'documents',
  'care_plans',
];

/**
 * Reads the record under ONE `health_record.read` row naming the sections (the section readers
 * take its token and write no row of their own; all in one statement); entries in error are left out.
 */
async function collect<X extends Record<string, DeferredRead<unknown>> = Record<never, never>, P extends string = never>(
  db: Db,
  ctx: ServiceContext,
  access: PatientAccess,
  purpose: 'view' | 'export',
  others?: PreparedReads<P, X>,
): Promise<HealthRecord & { with: ReadResults<X> }> {
  const sections = availableSections(HEALTH_RECORD_SECTIONS);
  // The audit row travels with every section: one statement, no transaction.
  const audit = accessAuditValues(ctx, access, {
    action: 'health_record.read',
    resourceType: 'health_record',
    resourceId: access.patient.id,
    category: 'clinical',
    detail: { sections, ...(purpose === 'export' ? { purpose } : {}) },
  });
  const read = await readRecordSections(db, access, sections, audit, others ? { with: others } : {});
  return {
    patient: toProfile(access.patient, access.tier),
    allergies: read.allergies.filter((a) => a.status !== 'entered-in-error'),
    conditions: read.conditions.filter((c) => c.status !== 'entered-in-error'),
    problems: read.problems,
    diagnoses: read.diagnoses,
    summaries: read.summaries,
    documents: read.documents,
    carePlans: read.carePlans,
    with: read.with,
  };
}

/** "My health record" (the page): one access decision, one audit row. */
export async function getHealthRecord(db: Db, ctx: ServiceContext, patientId: string): Promise<HealthRecord> {
  const access = await resolveHealthRecordAccess(db, ctx, patientId, 'health_record.read');
  const { with: _nothing, ...record } = await collect(db, ctx, access, 'view');
  return record;
}

/**
 * The record as `getHealthRecord` reads it, with the page's other parts (`others`: the viewer's
 * inbox, clinicians' names — reads that need no audit row, written with placeholders) in the same
 * statement as its sections.
 */
export async function getHealthRecordWith<X extends Record<string, DeferredRead<unknown>>, P extends string>(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  others: PreparedReads<P, X>,
): Promise<HealthRecord & { with: ReadResults<X> }> {
  const access = await resolveHealthRecordAccess(db, ctx, patientId, 'health_record.read');
  return collect(db, ctx, access, 'view', others);
}

export interface HealthRecordFile {
  filename: string;
  body: Uint8Array;
}

/**
 * The record as a PDF download. The read is audited like the page (one `health_record.read` row,
 * purpose `export`); the delivery as an export (`health_record.export`) once the generation
 * finishes; its detail carries the format and page count only.
 */
export async function exportHealthRecordPdf(db: Db, ctx: ServiceContext, patientId: string): Promise<HealthRecordFile> {
  const access = await resolveHealthRecordAccess(db, ctx, patientId, 'health_record.export');
  const { with: _nothing, ...record } = await collect(db, ctx, access, 'export');
  // Laid out in a worker thread: a long record must not stall every other request.
  const { bytes, pages } = await renderHealthRecordPdf({
    record,
    locale: ctx.actor.locale,
    timeZone: ctx.actor.timeZone,
    now: ctx.now,
    printedBy: ctx.actor.email,
  });
  await db.transaction(async (tx) => {
    await auditAccess(tx, ctx, access, {
      action: 'health_record.export',
      resourceType: 'health_record',
      resourceId: patientId,
      category: 'clinical',
      severity: 'medium',
      detail: { format: 'pdf', pages },
    });
  });
  return { filename: `health-record-${access.patient.mrn.replace(/[^A-Za-z0-9-]/g, '')}.pdf`, body: bytes };
}
