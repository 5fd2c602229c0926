import type { Placeholder } from 'drizzle-orm';
import { auditedViews } from '../../../../platform/audit/audited-views.js';
import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead } from '../../../../platform/db/read-together.js';
import { notFound } from '../../../../platform/errors.js';
import { accessAuditValues, resolveOwnedAccess, resolvePatientAccess, type PatientAccess } from '../../../patients/index.js';
import type { Route } from '../../medications.vocabulary.js';
import { prescriptionOwner } from '../../prescriptions.repository.js';
import {
  selectMyMedicine,
  selectMyMedicines,
  selectPatientRenewals,
  type MedicineRow,
  type PatientRenewalRow,
} from '../patient-medicines.repository.js';
import type { MyMedicineDto, RenewalRequestDto } from '../patient-medicines.schemas.js';
import type { RenewalRequestRow } from '../patient-medicines.tables.js';

/**
 * "My medicines": the patient's own signed, completed and stopped prescriptions (never drafts or
 * entries in error), as audited read models (docs/security.md): one access decision, one audit
 * row naming the sections, sent in the same statement as the reads.
 */

/** The signed-in patient's own record (staff have none here: 404). */
export async function resolveOwnRecord(db: Db, ctx: ServiceContext, action: string): Promise<PatientAccess> {
  if (ctx.actor.role !== 'patient' || !ctx.actor.patientId) throw notFound('Your medicines');
  return resolvePatientAccess(db, ctx, ctx.actor.patientId, { need: 'clinical', action });
}

/**
 * The access to the patient a prescription belongs to, for its patient only: another patient's
 * (or an unknown id) is refused like any record they may not see (404 and a denied audit row).
 */
export async function resolveOwnPrescription(db: Db, ctx: ServiceContext, prescriptionId: string, action: string): Promise<PatientAccess> {
  if (ctx.actor.role !== 'patient' || !ctx.actor.patientId) throw notFound('The medicine');
  return resolveOwnedAccess(db, ctx, prescriptionOwner, prescriptionId, { need: 'clinical', action });
}

export function toRenewalDto(row: RenewalRequestRow): RenewalRequestDto {
  return {
    id: row.id,
    prescriptionId: row.prescriptionId,
    status: row.status,
    note: row.note,
    createdAt: row.createdAt,
    decidedAt: row.decidedAt,
    denialReason: row.denialReason,
    newPrescriptionId: row.newPrescriptionId,
  };
}

export function prescriberName(row: { prescriberGivenName: string | null; prescriberFamilyName: string | null }): string | null {
  return row.prescriberGivenName === null ? null : `${row.prescriberGivenName} ${row.prescriberFamilyName ?? ''}`.trim();
}

/**
 * A renewal may be asked for an active or completed medicine, unless one is pending, or one was
 * approved and its new prescription is still a draft (the prescriber is on it).
 */
export const renewable = (status: string, latest: PatientRenewalRow | undefined) =>
  (status === 'signed' || status === 'completed') &&
  latest?.status !== 'pending' &&
  !(latest?.status === 'approved' && latest.newPrescriptionStatus === 'draft');

export function toMyMedicine(row: MedicineRow, renewals: PatientRenewalRow[]): MyMedicineDto {
  const latest = renewals.find((r) => r.prescriptionId === row.id);
  return {
    id: row.id,
    product: { id: row.productId, name: row.productName },
    dose: { value: Number(row.doseValue), unit: row.doseUnit },
    route: row.route as Route,
    frequency: row.frequency,
    startsAt: row.startsAt,
    durationDays: row.durationDays,
    endsAt: row.endsAt,
    quantity: row.quantityValue === null || row.quantityUnit === null ? null : { value: Number(row.quantityValue), unit: row.quantityUnit },
    refills: row.refills,
    instructions: row.instructions,
    status: row.status as MyMedicineDto['status'],
    active: row.status === 'signed',
    signedAt: row.signedAt,
    stoppedAt: row.stoppedAt,
    prescriber: { id: row.prescriberId, name: prescriberName(row) },
    renewal: latest ? toRenewalDto(latest) : null,
    canRequestRenewal: renewable(row.status, latest),
  };
}

/** The list's and one medicine's statements (the audit row with both reads) are built once (issue 11). */
const medicineViews = auditedViews();

/** The patient's medicines (active first, then past, newest signed first), one `prescription.patient_list` row. */
export async function listMyMedicines(db: Db, ctx: ServiceContext): Promise<MyMedicineDto[]> {
  const access = await resolveOwnRecord(db, ctx, 'prescription.patient_list');
  const audit = accessAuditValues(ctx, access, {
    action: 'prescription.patient_list',
    resourceType: 'prescription',
    category: 'clinical',
    detail: { sections: ['prescriptions', 'renewal_requests'] },
  });
  const read = await medicineViews(db, 'list', audit, (db, audited) => ({
    medicines: deferRead(selectMyMedicines(db, audited), (rows) => rows),
    renewals: deferRead(selectPatientRenewals(db, audited), (rows) => rows),
  }));
  const items = read.medicines.map((row) => toMyMedicine(row, read.renewals));
  return [...items.filter((m) => m.active), ...items.filter((m) => !m.active)];
}

/** One of the patient's medicines with its latest renewal request: 404 for a draft, one in error, or another's. */
export async function getMyMedicine(
  db: Db,
  ctx: ServiceContext,
  prescriptionId: string,
): Promise<MyMedicineDto & { renewals: RenewalRequestDto[] }> {
  const access = await resolveOwnPrescription(db, ctx, prescriptionId, 'prescription.patient_read');
  const audit = accessAuditValues(ctx, access, {
    action: 'prescription.patient_read',
    resourceType: 'prescription',
    resourceId: prescriptionId,
    category: 'clinical',
    detail: { sections: ['prescriptions', 'renewal_requests'] },
  });
  const read = await medicineViews(
    db,
    'one',
    audit,
    (db, audited, param: (name: 'prescriptionId') => Placeholder) => ({
      medicine: deferRead(selectMyMedicine(db, audited, param('prescriptionId')), (rows) => rows[0]),
      renewals: deferRead(selectPatientRenewals(db, audited, param('prescriptionId')), (rows) => rows),
    }),
    { prescriptionId },
  );
  if (!read.medicine) throw notFound('The medicine');
  return { ...toMyMedicine(read.medicine, read.renewals), renewals: read.renewals.map(toRenewalDto) };
}
