import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { notFound } from '../../../../platform/errors.js';
import { listPatientAllergies, listPatientConditions, auditAccess, auditDenied, resolvePatientAccess, type PatientAccess, toProfile } from '../../../patients/index.js';
import { chartSources, readSection, toProblemItem } from '../../chart/services/chart-sources.js';
import { renderHealthRecordPdf } from './health-record-pdf.pool.js';
import type { HealthRecord } from '../health-record.types.js';

export type { HealthRecord } from '../health-record.types.js';

/**
 * The patient themself, or a clinician on the care team. Break-the-glass is for emergency care,
 * not for taking the whole record away: it is refused like anyone else (404, denied audit row).
 */
async function resolveHealthRecordAccess(db: Db, ctx: ServiceContext, patientId: string, action: string): Promise<PatientAccess> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action });
  if (access.tier !== 'self' && access.tier !== 'care_team') {
    await auditDenied(db, ctx, access, { action, resourceType: 'health_record', resourceId: patientId, category: 'clinical', detail: { reason: 'tier' } });
    throw notFound('The patient');
  }
  return access;
}

async function collect(db: Db, ctx: ServiceContext, access: PatientAccess): Promise<HealthRecord> {
  const id = access.patient.id;
  const s = chartSources;
  return {
    patient: toProfile(access.patient, access.tier),
    allergies: (await listPatientAllergies(db, ctx, id)).filter((a) => a.status !== 'entered-in-error'),
    conditions: (await listPatientConditions(db, ctx, id)).filter((c) => c.status !== 'entered-in-error'),
    problems: (await readSection(s.listProblemList, db, ctx, id))?.map(toProblemItem) ?? null,
    diagnoses: await readSection(s.listDiagnosesForChart, db, ctx, id),
    summaries: await readSection(s.listSharedSummariesForPatient, db, ctx, id),
    documents: await readSection(s.listDocumentsForChart, db, ctx, id),
    carePlans: await readSection(s.listCarePlansForChart, db, ctx, id),
  };
}

/** "My health record" (the page). Audited as a read. */
export async function getHealthRecord(db: Db, ctx: ServiceContext, patientId: string): Promise<HealthRecord> {
  const access = await resolveHealthRecordAccess(db, ctx, patientId, 'health_record.read');
  await db.transaction(async (tx) => {
    await auditAccess(tx, ctx, access, { action: 'health_record.read', resourceType: 'health_record', resourceId: patientId, category: 'clinical' });
  });
  return collect(db, ctx, access);
}

export interface HealthRecordFile {
  filename: string;
  body: Uint8Array;
}

/**
 * The record as a PDF download. Audited as an export (`health_record.export`) in the same
 * transaction as the generation finishes; detail carries the format and page count only.
 */
export async function exportHealthRecordPdf(db: Db, ctx: ServiceContext, patientId: string): Promise<HealthRecordFile> {
  const access = await resolveHealthRecordAccess(db, ctx, patientId, 'health_record.export');
  const record = await collect(db, ctx, access);
  // Laid out in a worker thread: a long record must not stall every other request.
  const { bytes, pages } = await renderHealthRecordPdf({ record, locale: ctx.actor.locale, timeZone: ctx.actor.timeZone, now: ctx.now });
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
