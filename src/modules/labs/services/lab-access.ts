import { eq } from 'drizzle-orm';
import {
  auditActorOf,
  auditPatientAccess,
  auditValues,
  type AuditedAccess,
  type AuditEntry,
} from '../../../platform/audit/audit.service.js';
import type { ViewAudit } from '../../../platform/audit/audited-views.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { notFound } from '../../../platform/errors.js';
import { accessAuditValues, auditAccess, patients, resolvePatientAccess } from '../../patients/index.js';

export interface LabPatient {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  sex: string | null;
  birthDate: string;
}

export interface LabAccess {
  patient: LabPatient;
  /** Writes the access's audit row in the caller's transaction. */
  audit(tx: Db, entry: Omit<AuditEntry, 'patientId'>): Promise<void>;
  /** The same row as the values of a view built once (`auditedViews`). */
  viewAudit(entry: Omit<AuditEntry, 'patientId'>): ViewAudit;
}

const patientColumns = {
  id: patients.id,
  mrn: patients.mrn,
  givenName: patients.givenName,
  familyName: patients.familyName,
  sex: patients.sex,
  birthDate: patients.birthDate,
};

export async function findLabPatient(db: Db, patientId: string): Promise<LabPatient | undefined> {
  const [row] = await db.select(patientColumns).from(patients).where(eq(patients.id, patientId));
  return row;
}

/**
 * Who may work with a patient's laboratory orders:
 * - laboratory technicians: any patient whose orders reach the laboratory (the lab's work is not a
 *   care-team relationship, like the pharmacy's), every access audited with `relationship: laboratory`;
 * - other clinicians: the patients module's decision (care team or break-the-glass), else 404
 *   with a denied audit row.
 */
export async function labAccess(db: Db, ctx: ServiceContext, patientId: string, action: string): Promise<LabAccess> {
  if (ctx.actor.role === 'lab_technician') {
    const patient = await findLabPatient(db, patientId);
    if (!patient) throw notFound('The patient');
    const ofLaboratory = (entry: Omit<AuditEntry, 'patientId'>) => ({
      ...entry,
      patientId,
      detail: { ...entry.detail, relationship: 'laboratory' },
    });
    return {
      patient,
      audit: async (tx, entry) => {
        await auditPatientAccess(tx, auditActorOf(ctx.actor), ctx.origin, ofLaboratory(entry), ctx.now);
      },
      viewAudit: (entry) => ({
        audited: { patientId } as AuditedAccess,
        values: auditValues(auditActorOf(ctx.actor), ctx.origin, ofLaboratory(entry), ctx.now),
      }),
    };
  }
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action });
  const p = access.patient;
  return {
    patient: { id: p.id, mrn: p.mrn, givenName: p.givenName, familyName: p.familyName, sex: p.sex ?? null, birthDate: p.birthDate },
    audit: async (tx, entry) => {
      await auditAccess(tx, ctx, access, entry);
    },
    viewAudit: (entry) => accessAuditValues(ctx, access, entry),
  };
}
