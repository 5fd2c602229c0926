import { and, asc, desc, eq, getTableColumns, inArray, sql, type Placeholder } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AuditedAccess, AuditedPatients } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { staffProfiles } from '../../staff/index.js';
import { medicationProducts } from '../medications.tables.js';
import { prescriptionDispenses } from '../pharmacy/pharmacy.tables.js';
import { prescriptions } from '../prescriptions.tables.js';
import type { PrescriptionStatus } from '../prescriptions.vocabulary.js';
import {
  prescriptionRenewalRequests,
  prescriptionVerificationCodes,
  type RenewalRequestRow,
  type RenewalStatus,
} from './patient-medicines.tables.js';

/** SQL for the patient's medicines, verification codes and renewal requests. */

/** What the patient sees of their medicines: never drafts, never entries in error. */
export const PATIENT_VISIBLE_STATUSES: PrescriptionStatus[] = ['signed', 'completed', 'stopped'];
export const MY_MEDICINES_LIMIT = 200;

const prescriber = alias(staffProfiles, 'prescriber');

const medicineFields = {
  id: prescriptions.id,
  patientId: prescriptions.patientId,
  prescriberId: prescriptions.prescriberId,
  prescriberGivenName: prescriber.givenName,
  prescriberFamilyName: prescriber.familyName,
  productId: prescriptions.productId,
  productName: medicationProducts.name,
  doseValue: prescriptions.doseValue,
  doseUnit: prescriptions.doseUnit,
  route: prescriptions.route,
  frequency: prescriptions.frequency,
  startsAt: prescriptions.startsAt,
  durationDays: prescriptions.durationDays,
  endsAt: prescriptions.endsAt,
  quantityValue: prescriptions.quantityValue,
  quantityUnit: prescriptions.quantityUnit,
  refills: prescriptions.refills,
  instructions: prescriptions.instructions,
  status: prescriptions.status,
  signedAt: prescriptions.signedAt,
  stoppedAt: prescriptions.stoppedAt,
  replacedById: prescriptions.replacedById,
};

function medicinesQuery(db: Db) {
  return db
    .select(medicineFields)
    .from(prescriptions)
    .innerJoin(medicationProducts, eq(medicationProducts.id, prescriptions.productId))
    .leftJoin(prescriber, eq(prescriber.userId, prescriptions.prescriberId));
}
export type MedicineRow = Awaited<ReturnType<typeof medicinesQuery>>[number];

/** The patient's signed, completed and stopped prescriptions, newest signed first (served by prescriptions_patient_idx). */
export function selectMyMedicines(db: Db, access: AuditedAccess) {
  return medicinesQuery(db)
    .where(and(eq(prescriptions.patientId, access.patientId), inArray(prescriptions.status, PATIENT_VISIBLE_STATUSES)))
    .orderBy(desc(prescriptions.signedAt), desc(prescriptions.id))
    .limit(MY_MEDICINES_LIMIT);
}

/** One of the patient's visible prescriptions (none for another patient's, a draft or one in error). */
export function selectMyMedicine(db: Db, access: AuditedAccess, id: string | Placeholder) {
  return medicinesQuery(db).where(
    and(eq(prescriptions.id, id), eq(prescriptions.patientId, access.patientId), inArray(prescriptions.status, PATIENT_VISIBLE_STATUSES)),
  );
}

const renewedAs = alias(prescriptions, 'renewed_as');

/**
 * The patient's renewal requests, newest first (prescription_renewal_requests_patient_idx), with
 * the status of the prescription an approval created (a draft until the prescriber signs it).
 */
export function selectPatientRenewals(db: Db, access: AuditedAccess, prescriptionId?: string | Placeholder) {
  return db
    .select({ ...getTableColumns(prescriptionRenewalRequests), newPrescriptionStatus: renewedAs.status })
    .from(prescriptionRenewalRequests)
    .leftJoin(renewedAs, eq(renewedAs.id, prescriptionRenewalRequests.newPrescriptionId))
    .where(
      and(
        eq(prescriptionRenewalRequests.patientId, access.patientId),
        prescriptionId ? eq(prescriptionRenewalRequests.prescriptionId, prescriptionId) : undefined,
      ),
    )
    .orderBy(desc(prescriptionRenewalRequests.createdAt), desc(prescriptionRenewalRequests.id))
    .limit(MY_MEDICINES_LIMIT);
}
export type PatientRenewalRow = Awaited<ReturnType<typeof selectPatientRenewals>>[number];

export async function insertVerificationCode(
  tx: Db,
  _access: AuditedAccess,
  values: { prescriptionId: string; codeHash: string; issuedBy: string; createdAt: Date },
): Promise<void> {
  await tx.insert(prescriptionVerificationCodes).values(values);
}

/** What a pharmacy may learn from a code: no patient data beyond the ids the audit row needs. */
export async function findByVerificationHash(db: Db, codeHash: string) {
  const [row] = await db
    .select({
      prescriptionId: prescriptions.id,
      patientId: prescriptions.patientId,
      status: prescriptions.status,
      productName: medicationProducts.name,
      signedAt: prescriptions.signedAt,
      prescriberGivenName: prescriber.givenName,
      prescriberFamilyName: prescriber.familyName,
      // Whether the pharmacy has dispensed any of it (a pharmacy checking a paper copy must know).
      dispensed: sql<boolean>`exists (select 1 from ${prescriptionDispenses} d where d.prescription_id = ${prescriptions.id})`,
    })
    .from(prescriptionVerificationCodes)
    .innerJoin(prescriptions, eq(prescriptions.id, prescriptionVerificationCodes.prescriptionId))
    .innerJoin(medicationProducts, eq(medicationProducts.id, prescriptions.productId))
    .leftJoin(prescriber, eq(prescriber.userId, prescriptions.prescriberId))
    .where(eq(prescriptionVerificationCodes.codeHash, codeHash));
  return row;
}

export async function insertRenewalRequest(
  tx: Db,
  access: AuditedAccess,
  values: Omit<typeof prescriptionRenewalRequests.$inferInsert, 'patientId'>,
): Promise<RenewalRequestRow> {
  const [row] = await tx
    .insert(prescriptionRenewalRequests)
    .values({ ...values, patientId: access.patientId })
    .returning();
  return row!;
}

/** A renewal request and the patient it belongs to (to decide access before reading more). */
export async function findRenewalRequest(
  db: Db,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<RenewalRequestRow | undefined> {
  const query = db.select().from(prescriptionRenewalRequests).where(eq(prescriptionRenewalRequests.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function updateRenewalRequest(
  tx: Db,
  access: AuditedAccess,
  id: string,
  from: RenewalStatus,
  values: Partial<Pick<RenewalRequestRow, 'status' | 'decidedBy' | 'decidedAt' | 'denialReason' | 'newPrescriptionId'>> & {
    updatedAt: Date;
  },
): Promise<RenewalRequestRow | undefined> {
  const [row] = await tx
    .update(prescriptionRenewalRequests)
    .set(values)
    .where(
      and(
        eq(prescriptionRenewalRequests.id, id),
        eq(prescriptionRenewalRequests.patientId, access.patientId),
        eq(prescriptionRenewalRequests.status, from),
      ),
    )
    .returning();
  return row;
}

/**
 * A prescriber's pending requests, oldest first, with the product; the patients' names come from
 * the patients module's labels read under the same audit rows (see the service).
 */
export function selectRenewalQueue(db: Db, audited: AuditedPatients, prescriberId: string, ids: string[]) {
  return db
    .select({
      id: prescriptionRenewalRequests.id,
      prescriptionId: prescriptionRenewalRequests.prescriptionId,
      patientId: prescriptionRenewalRequests.patientId,
      productName: medicationProducts.name,
      prescriptionStatus: prescriptions.status,
      note: prescriptionRenewalRequests.note,
      createdAt: prescriptionRenewalRequests.createdAt,
    })
    .from(prescriptionRenewalRequests)
    .innerJoin(prescriptions, eq(prescriptions.id, prescriptionRenewalRequests.prescriptionId))
    .innerJoin(medicationProducts, eq(medicationProducts.id, prescriptions.productId))
    .where(
      and(
        eq(prescriptionRenewalRequests.prescriberId, prescriberId),
        eq(prescriptionRenewalRequests.status, 'pending'),
        inArray(prescriptionRenewalRequests.id, ids.length > 0 ? ids : ['00000000-0000-0000-0000-000000000000']),
        inArray(
          prescriptionRenewalRequests.patientId,
          audited.patientIds.length > 0 ? [...audited.patientIds] : ['00000000-0000-0000-0000-000000000000'],
        ),
      ),
    )
    .orderBy(asc(prescriptionRenewalRequests.createdAt), asc(prescriptionRenewalRequests.id));
}

/** The ids in a prescriber's pending queue (no names: the audit rows for its patients come first). */
export async function findRenewalQueueIds(db: Db, prescriberId: string, limit: number): Promise<{ id: string; patientId: string }[]> {
  return db
    .select({ id: prescriptionRenewalRequests.id, patientId: prescriptionRenewalRequests.patientId })
    .from(prescriptionRenewalRequests)
    .where(and(eq(prescriptionRenewalRequests.prescriberId, prescriberId), eq(prescriptionRenewalRequests.status, 'pending')))
    .orderBy(asc(prescriptionRenewalRequests.createdAt), asc(prescriptionRenewalRequests.id))
    .limit(limit);
}
