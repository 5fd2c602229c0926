import { and, desc, eq, getTableColumns, inArray, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { AuditedAccess } from '../../platform/audit/audit.service.js';
import type { Db } from '../../platform/db/database.js';
import { medicationProducts } from './medications.tables.js';
import {
  prescriptionAlerts,
  prescriptions,
  type NewPrescriptionRow,
  type PrescriptionAlertRow,
  type PrescriptionRow,
} from './prescriptions.tables.js';
import type { PrescriptionStatus } from './prescriptions.vocabulary.js';

/** SQL for prescriptions and their signing alerts. Patient data: every read needs the audit proof. */

export type PrescriptionWithProduct = PrescriptionRow & { productName: string };

const withProduct = { ...getTableColumns(prescriptions), productName: medicationProducts.name };

/** The patient a prescription belongs to (to decide access before reading it), or undefined. */
export async function findPrescriptionPatientId(db: Db, id: string): Promise<string | undefined> {
  const [row] = await db.select({ patientId: prescriptions.patientId }).from(prescriptions).where(eq(prescriptions.id, id));
  return row?.patientId;
}

export async function findPrescription(
  db: Db,
  access: AuditedAccess,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PrescriptionWithProduct | undefined> {
  const query = db
    .select(withProduct)
    .from(prescriptions)
    .innerJoin(medicationProducts, eq(medicationProducts.id, prescriptions.productId))
    .where(and(eq(prescriptions.id, id), eq(prescriptions.patientId, access.patientId)));
  const [row] = options.forUpdate ? await query.for('update', { of: prescriptions }) : await query;
  return row;
}

/** A page of the patient's prescriptions, newest first (keyset on created_at, id). */
export async function listPrescriptions(
  db: Db,
  access: AuditedAccess,
  options: { status?: PrescriptionStatus; after?: { createdAt: Date; id: string }; limit: number },
): Promise<PrescriptionWithProduct[]> {
  const filters: SQL[] = [eq(prescriptions.patientId, access.patientId)];
  if (options.status) filters.push(eq(prescriptions.status, options.status));
  if (options.after) {
    filters.push(
      or(
        lt(prescriptions.createdAt, options.after.createdAt),
        and(eq(prescriptions.createdAt, options.after.createdAt), lt(prescriptions.id, options.after.id)),
      )!,
    );
  }
  return db
    .select(withProduct)
    .from(prescriptions)
    .innerJoin(medicationProducts, eq(medicationProducts.id, prescriptions.productId))
    .where(and(...filters))
    .orderBy(desc(prescriptions.createdAt), desc(prescriptions.id))
    .limit(options.limit);
}

export interface ActiveMedicineRow {
  id: string;
  productId: string;
  productName: string;
  tags: string[];
}

/** The patient's active medicines (signed, not stopped, completed or in error), some left out. */
export async function findActiveMedicines(db: Db, access: AuditedAccess, excludeIds: string[]): Promise<ActiveMedicineRow[]> {
  const filters: SQL[] = [eq(prescriptions.patientId, access.patientId), eq(prescriptions.status, 'signed')];
  if (excludeIds.length > 0) filters.push(notInArray(prescriptions.id, excludeIds));
  return db
    .select({
      id: prescriptions.id,
      productId: prescriptions.productId,
      productName: medicationProducts.name,
      tags: medicationProducts.tags,
    })
    .from(prescriptions)
    .innerJoin(medicationProducts, eq(medicationProducts.id, prescriptions.productId))
    .where(and(...filters))
    .orderBy(prescriptions.createdAt, prescriptions.id);
}

/**
 * Serialises signings for one patient until the transaction ends (a transaction-scoped advisory
 * lock keyed on the patient): two prescriptions signed at once for the same patient each see the
 * other as active, so neither misses the interaction between them.
 */
export async function lockPatientPrescriptions(tx: Db, access: AuditedAccess): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${PRESCRIPTION_LOCK_NAMESPACE}, hashtext(${access.patientId}))`);
}
const PRESCRIPTION_LOCK_NAMESPACE = 7_310_120;

export async function insertPrescription(
  tx: Db,
  access: AuditedAccess,
  values: Omit<NewPrescriptionRow, 'patientId'>,
): Promise<PrescriptionRow> {
  const [row] = await tx
    .insert(prescriptions)
    .values({ ...values, patientId: access.patientId })
    .returning();
  return row!;
}

/** Changes a prescription at the version read; undefined when someone changed it meanwhile. */
export async function updatePrescriptionRow(
  tx: Db,
  access: AuditedAccess,
  id: string,
  fromVersion: number,
  values: Partial<Omit<NewPrescriptionRow, 'id' | 'patientId' | 'version' | 'createdAt'>> & { updatedAt: Date },
): Promise<PrescriptionRow | undefined> {
  const [row] = await tx
    .update(prescriptions)
    .set({ ...values, version: sql`${prescriptions.version} + 1` })
    .where(and(eq(prescriptions.id, id), eq(prescriptions.patientId, access.patientId), eq(prescriptions.version, fromVersion)))
    .returning();
  return row;
}

export async function insertAlerts(
  tx: Db,
  access: AuditedAccess,
  rows: Omit<typeof prescriptionAlerts.$inferInsert, 'patientId'>[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(prescriptionAlerts).values(rows.map((r) => ({ ...r, patientId: access.patientId })));
}

export async function findAlerts(db: Db, access: AuditedAccess, prescriptionId: string): Promise<PrescriptionAlertRow[]> {
  return db
    .select()
    .from(prescriptionAlerts)
    .where(and(eq(prescriptionAlerts.prescriptionId, prescriptionId), eq(prescriptionAlerts.patientId, access.patientId)))
    .orderBy(prescriptionAlerts.createdAt, prescriptionAlerts.id);
}

/** Products by id with their tags (the candidate and the patient's medicines). */
export async function findProductsForChecks(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: medicationProducts.id, name: medicationProducts.name, route: medicationProducts.route, tags: medicationProducts.tags })
    .from(medicationProducts)
    .where(inArray(medicationProducts.id, ids));
}
