import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { auditAccess, readAllergies, resolvePatientAccess, type Allergy, type PatientAccess } from '../../patients/index.js';
import { listProblemList, type Problem } from '../../records/index.js';
import { findAlerts, listPrescriptions } from '../prescriptions.repository.js';
import type { PrescriptionDetailDto, PrescriptionDto } from '../prescriptions.schemas.js';
import { toPrescriptionDto, toRecordedAlert } from './prescription-view.js';
import { accessPrescription, loadPrescription } from './prescriptions.service.js';

type PatientRow = PatientAccess['patient'];

/** What the staff pages read beyond the API's services: the banner's patient and allergies with the list. */

export const MEDICINES_PAGE_LIMIT = 100;

/** The patient's prescriptions (newest first, at most 100) with the banner's facts, audited once. */
export async function readMedicinesPage(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
): Promise<{ patient: PatientRow; allergies: Allergy[]; items: PrescriptionDto[] }> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action: 'prescription.list' });
  const audited = await auditAccess(db, ctx, access, { action: 'prescription.list', resourceType: 'prescription', category: 'clinical' });
  const rows = await listPrescriptions(db, audited, { limit: MEDICINES_PAGE_LIMIT });
  const allergies = await readAllergies(db, audited);
  return { patient: access.patient, allergies, items: rows.map(toPrescriptionDto) };
}

/** The new-prescription form's facts: the patient (banner) and the problem list (indications). */
export async function readNewPrescriptionPage(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
): Promise<{ patient: PatientRow; problems: Problem[] }> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action: 'prescription.create' });
  return { patient: access.patient, problems: await listProblemList(db, ctx, patientId) };
}

/** One prescription with its recorded alerts, and the banner's patient and allergies, audited once. */
export async function readPrescriptionPage(
  db: Db,
  ctx: ServiceContext,
  prescriptionId: string,
): Promise<{ prescription: PrescriptionDetailDto; patient: PatientRow; allergies: Allergy[] }> {
  const access = await accessPrescription(db, ctx, prescriptionId, 'prescription.read');
  const audited = await auditAccess(db, ctx, access, {
    action: 'prescription.read',
    resourceType: 'prescription',
    resourceId: prescriptionId,
    category: 'clinical',
  });
  const row = await loadPrescription(db, audited, prescriptionId);
  const alerts = await findAlerts(db, audited, prescriptionId);
  const allergies = await readAllergies(db, audited);
  return { prescription: { ...toPrescriptionDto(row), alerts: alerts.map(toRecordedAlert) }, patient: access.patient, allergies };
}
