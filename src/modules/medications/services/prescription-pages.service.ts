import type { Placeholder } from 'drizzle-orm';
import { auditedViews } from '../../../platform/audit/audited-views.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead } from '../../../platform/db/read-together.js';
import { notFound } from '../../../platform/errors.js';
import { accessAuditValues, allergiesSection, resolvePatientAccess, type Allergy, type PatientAccess } from '../../patients/index.js';
import { buildProblemList, problemListReads, type Problem } from '../../records/index.js';
import { findAlerts, listPrescriptions, prescriptionQuery, type RecordedAlertRow } from '../prescriptions.repository.js';
import type { PrescriptionDetailDto, PrescriptionDto } from '../prescriptions.schemas.js';
import { toPrescriptionDto, toRecordedAlert } from './prescription-view.js';
import { prescriptionQueriesSection } from '../pharmacy/services/verification.service.js';
import type { PharmacyQueryDto } from '../pharmacy/pharmacy.schemas.js';
import { accessPrescription } from './prescriptions.service.js';

type PatientRow = PatientAccess['patient'];

/** What the staff pages read beyond the API's services: the banner's patient and allergies with the list. */

export const MEDICINES_PAGE_LIMIT = 100;

/**
 * The patient's prescriptions (newest first, at most 100) with the banner's facts, audited once:
 * the access facts, then the audit row with the list and the allergies in one statement (built once).
 */
export async function readMedicinesPage(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
): Promise<{ patient: PatientRow; allergies: Allergy[]; items: PrescriptionDto[] }> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action: 'prescription.list' });
  const audit = accessAuditValues(ctx, access, { action: 'prescription.list', resourceType: 'prescription', category: 'clinical' });
  const { items, allergies } = await medicinesPageViews(db, 'list', audit, (db, audited) => ({
    items: deferRead(listPrescriptions(db, audited, { limit: MEDICINES_PAGE_LIMIT }), (rows) => rows.map(toPrescriptionDto)),
    allergies: allergiesSection(db, audited),
  }));
  return { patient: access.patient, allergies, items };
}

/** The list's and one prescription's statements (the audit row with their reads) are built once (issue 11). */
const medicinesPageViews = auditedViews();

/**
 * The new prescription's form: the patient's banner and problem list (an indication is chosen from
 * it). ONE access decision, then ONE statement built once: the audit row (naming the problem list)
 * with the diagnoses and conditions it is built from (issue 11: three decisions, two audit rows and
 * two transactions before).
 */
export async function readNewPrescriptionPage(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
): Promise<{ patient: PatientRow; problems: Problem[] }> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action: 'prescription.create' });
  const audit = accessAuditValues(ctx, access, {
    action: 'diagnosis.list',
    resourceType: 'diagnosis',
    category: 'clinical',
    detail: { sections: ['problems'] },
  });
  const { diagnoses, conditions } = await medicinesPageViews(db, 'new', audit, (db, audited) => problemListReads(db, audited));
  return { patient: access.patient, problems: buildProblemList(diagnoses, conditions) };
}

/** What one prescription's page reads, as its audit row names them (the patient's access log labels each). */
export const PRESCRIPTION_PAGE_SECTIONS = ['prescription', 'allergies', 'pharmacy_queries'];

/**
 * One prescription with its recorded alerts, the banner's patient and allergies, and the pharmacy's
 * queries about it: ONE access decision, then ONE statement built once with ONE `prescription.read`
 * row naming the sections (issue 11: the queries were a second audit row and statement, built per
 * request). A draft has no queries yet (a pharmacist asks about a signed prescription), so the page
 * shows them for a signed one only.
 */
export async function readPrescriptionPage(
  db: Db,
  ctx: ServiceContext,
  prescriptionId: string,
): Promise<{ prescription: PrescriptionDetailDto; patient: PatientRow; allergies: Allergy[]; queries: PharmacyQueryDto[] | null }> {
  const access = await accessPrescription(db, ctx, prescriptionId, 'prescription.read');
  // The audit row travels with the reads: one statement, committed together or not at all.
  const audit = accessAuditValues(ctx, access, {
    action: 'prescription.read',
    resourceType: 'prescription',
    resourceId: prescriptionId,
    category: 'clinical',
    detail: { sections: PRESCRIPTION_PAGE_SECTIONS },
  });
  const { row, alerts, allergies, queries } = await medicinesPageViews(
    db,
    'one',
    audit,
    (db, audited, param: (name: 'prescriptionId') => Placeholder) => ({
      row: deferRead(prescriptionQuery(db, audited, param('prescriptionId')), ([first]) => first),
      alerts: deferRead(findAlerts(db, audited, param('prescriptionId')), (rows): RecordedAlertRow[] => rows),
      allergies: allergiesSection(db, audited),
      queries: prescriptionQueriesSection(db, audited, param('prescriptionId')),
    }),
    { prescriptionId },
  );
  if (!row) throw notFound('The prescription');
  return {
    prescription: { ...toPrescriptionDto(row), alerts: alerts.map(toRecordedAlert) },
    patient: access.patient,
    allergies,
    queries: row.status === 'draft' ? null : queries,
  };
}
