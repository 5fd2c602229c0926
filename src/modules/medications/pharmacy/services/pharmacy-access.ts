import type { SQLWrapper } from 'drizzle-orm';
import type { ServiceContext } from '../../../../platform/auth/actor.js';
import {
  auditActorOf,
  auditPatientAccess,
  auditValues,
  pendingPatientAudit,
  writeAudit,
  type AuditedAccess,
  type AuditEntry,
} from '../../../../platform/audit/audit.service.js';
import type { ViewAudit } from '../../../../platform/audit/audited-views.js';
import { roleHasPermission } from '../../../../platform/authz/permissions.js';
import type { Db } from '../../../../platform/db/database.js';
import { notFound } from '../../../../platform/errors.js';
import { accessAuditValues, auditAccess, pendingAccessAudit, type PatientAccess } from '../../../patients/index.js';
import { accessPrescription } from '../../services/prescriptions.service.js';
import { findPrescriptionStage } from '../pharmacy.repository.js';

/**
 * Who may see a prescription for the pharmacy's work, in one place.
 *
 * Pharmacists are not on patients' care teams: their relationship to a patient is the prescription
 * that reached the pharmacy. A pharmacist may therefore read and act on any prescription that was
 * signed (signed, completed, stopped; not a draft, which is still the prescriber's, and not one
 * entered in error before signing), hospital-wide, and nothing else of the record beyond what the
 * verification needs (the banner and the allergies). Every such access is audited with
 * `basis: pharmacy`. Anyone else (the prescriber answering a query) goes through the patients
 * module's clinical-tier decision, as prescriptions do.
 */
export interface PrescriptionAccess {
  prescriptionId: string;
  patientId: string;
  /** Writes the access's audit row (in the caller's transaction) and returns the proof repositories need. */
  audit(tx: Db, entry: Omit<AuditEntry, 'patientId'>): Promise<AuditedAccess>;
  /** The same row and proof with the insert not yet sent: the caller sends it with its reads (`readTogether`). */
  pendingAudit(db: Db, entry: Omit<AuditEntry, 'patientId'>): { audited: AuditedAccess; write: SQLWrapper };
  /** The same row as a view's values, for a statement built once (`auditedViews`). */
  viewAudit(entry: Omit<AuditEntry, 'patientId'>): ViewAudit;
}

export const isPharmacist = (ctx: ServiceContext) => roleHasPermission(ctx.actor.role, 'pharmacy.verify');

const withBasis = (entry: Omit<AuditEntry, 'patientId'>, patientId: string) => ({
  category: 'clinical' as const,
  ...entry,
  patientId,
  detail: { basis: 'pharmacy', ...(entry.detail ?? {}) },
});

/** The pharmacy's access to a signed prescription, or 404 after a denied audit row (root handle, before any transaction). */
export async function resolvePharmacyAccess(
  db: Db,
  ctx: ServiceContext,
  prescriptionId: string,
  action: string,
): Promise<PrescriptionAccess> {
  const found = await findPrescriptionStage(db, prescriptionId);
  const reachable = found && isPharmacist(ctx) && found.status !== 'draft' && found.status !== 'entered_in_error';
  if (!found || !reachable) {
    await writeAudit(
      db,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action,
        resourceType: 'prescription',
        resourceId: prescriptionId,
        patientId: found?.patientId ?? null,
        category: 'clinical',
        outcome: 'denied',
        severity: 'medium',
        detail: { basis: 'pharmacy', reason: found ? 'not_in_pharmacy' : 'unknown_prescription' },
      },
      ctx.now,
    );
    throw notFound('The prescription');
  }
  const patientId = found.patientId;
  return {
    prescriptionId,
    patientId,
    audit: (tx, entry) => auditPatientAccess(tx, auditActorOf(ctx.actor), ctx.origin, withBasis(entry, patientId), ctx.now),
    pendingAudit: (db, entry) => pendingPatientAudit(db, auditActorOf(ctx.actor), ctx.origin, withBasis(entry, patientId), ctx.now),
    viewAudit: (entry) => ({
      audited: { patientId } as AuditedAccess,
      values: auditValues(auditActorOf(ctx.actor), ctx.origin, withBasis(entry, patientId), ctx.now),
    }),
  };
}

/** Pharmacists by the pharmacy's basis; everyone else (the prescriber) by the clinical tier. */
export async function resolveQueryAccess(db: Db, ctx: ServiceContext, prescriptionId: string, action: string): Promise<PrescriptionAccess> {
  if (isPharmacist(ctx)) return resolvePharmacyAccess(db, ctx, prescriptionId, action);
  return clinicalQueryAccess(ctx, await accessPrescription(db, ctx, prescriptionId, action), prescriptionId);
}

/** The prescriber's side of a query, on a clinical-tier access already decided (the prescription page's own). */
export function clinicalQueryAccess(ctx: ServiceContext, access: PatientAccess, prescriptionId: string): PrescriptionAccess {
  return {
    prescriptionId,
    patientId: access.patient.id,
    audit: (tx, entry) => auditAccess(tx, ctx, access, entry),
    pendingAudit: (db, entry) => pendingAccessAudit(db, ctx, access, entry),
    viewAudit: (entry) => accessAuditValues(ctx, access, entry),
  };
}
