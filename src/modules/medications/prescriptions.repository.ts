import { and, desc, eq, getTableColumns, inArray, lt, notInArray, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AuditedAccess } from '../../platform/audit/audit.service.js';
import type { Db } from '../../platform/db/database.js';
import type { PatientOwner } from '../patients/index.js';
import { medicationIngredients, medicationProductIngredients, medicationProducts } from './medications.tables.js';
import { outsideMedications } from './reconciliation/outside-medications.tables.js';
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

/** Where a prescription names its patient (the access decision reads it with its facts: `resolveOwnedAccess`). */
export const prescriptionOwner: PatientOwner = { table: prescriptions, id: prescriptions.id, patientId: prescriptions.patientId };

export async function findPrescription(
  db: Db,
  access: AuditedAccess,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PrescriptionWithProduct | undefined> {
  const query = prescriptionQuery(db, access, id);
  const [row] = options.forUpdate ? await query.for('update', { of: prescriptions }) : await query;
  return row;
}

/** The prescription with its product, not yet run (to read it together with other reads). */
export function prescriptionQuery(db: Db, access: AuditedAccess, id: string | Placeholder) {
  return db
    .select(withProduct)
    .from(prescriptions)
    .innerJoin(medicationProducts, eq(medicationProducts.id, prescriptions.productId))
    .where(and(eq(prescriptions.id, id), eq(prescriptions.patientId, access.patientId)));
}

/** A page of the patient's prescriptions, newest first (keyset on created_at, id); not run until awaited. */
export function listPrescriptions(
  db: Db,
  access: AuditedAccess,
  options: { status?: PrescriptionStatus; after?: { createdAt: Date; id: string }; limit: number },
) {
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
  doseValue: number;
  doseUnit: string;
  frequency: PrescriptionRow['frequency'];
  replacesId: string | null;
  version: number;
}

/** The patient's active medicines (signed, not stopped, completed or in error), some left out. */
export async function findActiveMedicines(db: Db, access: AuditedAccess, excludeIds: string[]): Promise<ActiveMedicineRow[]> {
  return activeMedicinesQuery(db, access, excludeIds);
}

/** The same read, not run yet (to go with others in one statement). */
/** `excludeIds` may be placeholders (a statement built once: prescription-facts.ts). */
export function activeMedicinesQuery(db: Db, access: AuditedAccess, excludeIds: (string | Placeholder)[]) {
  const filters: SQL[] = [eq(prescriptions.patientId, access.patientId), eq(prescriptions.status, 'signed')];
  if (excludeIds.length > 0) filters.push(notInArray(prescriptions.id, excludeIds));
  return db
    .select({
      id: prescriptions.id,
      productId: prescriptions.productId,
      productName: medicationProducts.name,
      tags: medicationProducts.tags,
      doseValue: prescriptions.doseValue,
      doseUnit: prescriptions.doseUnit,
      frequency: prescriptions.frequency,
      replacesId: prescriptions.replacesId,
      version: prescriptions.version,
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

export type RecordedAlertRow = PrescriptionAlertRow & { collapsedReason: string | null; collapsedOverriddenAt: Date | null };

/** The alerts recorded at signing; a collapsed one with the earlier override's reason and date. */
export function findAlerts(db: Db, access: AuditedAccess, prescriptionId: string | Placeholder) {
  return db
    .select({
      ...getTableColumns(prescriptionAlerts),
      collapsedReason: earlierAlert.overrideReason,
      collapsedOverriddenAt: earlierAlert.overriddenAt,
    })
    .from(prescriptionAlerts)
    .leftJoin(earlierAlert, eq(earlierAlert.id, prescriptionAlerts.collapsedFromId))
    .where(and(eq(prescriptionAlerts.prescriptionId, prescriptionId), eq(prescriptionAlerts.patientId, access.patientId)))
    .orderBy(prescriptionAlerts.createdAt, prescriptionAlerts.id);
}

const earlierAlert = alias(prescriptionAlerts, 'earlier_alert');

/** Products by id with their tags (the candidate and the patient's medicines). */
export async function findProductsForChecks(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return productsForChecksQuery(db, ids);
}

/** The same read, not run yet (`ids` must not be empty). */
export function productsForChecksQuery(db: Db, ids: (string | Placeholder)[]) {
  return db
    .select({ id: medicationProducts.id, name: medicationProducts.name, route: medicationProducts.route, tags: medicationProducts.tags })
    .from(medicationProducts)
    .where(inArray(medicationProducts.id, ids));
}

/**
 * The ingredients (in order) of the candidate product and of every product the patient takes —
 * signed prescriptions and active outside medicines — as a read not run yet. It may include the
 * ingredients of a prescription the checks leave out (the one replaced): harmless, they are looked
 * up by product.
 */
export function checkIngredientsQuery(db: Db, access: AuditedAccess, candidateProductId: string | Placeholder) {
  const prescribed = db
    .select({ productId: prescriptions.productId })
    .from(prescriptions)
    .where(and(eq(prescriptions.patientId, access.patientId), eq(prescriptions.status, 'signed')));
  const outside = db
    .select({ productId: outsideMedications.productId })
    .from(outsideMedications)
    .where(and(eq(outsideMedications.patientId, access.patientId), eq(outsideMedications.status, 'active')));
  return (
    db
      .select({
        productId: medicationProductIngredients.productId,
        rxcui: medicationProductIngredients.rxcui,
        name: medicationIngredients.name,
      })
      .from(medicationProductIngredients)
      .innerJoin(medicationIngredients, eq(medicationIngredients.rxcui, medicationProductIngredients.rxcui))
      // One IN over a UNION ALL (not three ORed conditions): PostgreSQL then semi-joins the few
      // products and fetches each ingredient's name by its key, where the OR form hash-joined the
      // whole ingredient table (13,000 rows) on every check.
      .where(
        sql`${medicationProductIngredients.productId} in (select ${candidateProductId}::uuid union all ${prescribed} union all ${outside})`,
      )
      .orderBy(medicationProductIngredients.productId, medicationProductIngredients.position)
  );
}

/**
 * Marks `completed` up to `limit` signed prescriptions whose course has ended by `now` (the end
 * instant, or the start plus the duration in days), skipping rows another sweep holds. Answers
 * the rows completed (system work: no audited access, the caller writes one audit row each).
 */
export async function completeEndedCourses(tx: Db, now: Date, limit: number): Promise<{ id: string; patientId: string }[]> {
  const ended = tx
    .select({ id: prescriptions.id })
    .from(prescriptions)
    .where(
      and(
        eq(prescriptions.status, 'signed'),
        sql`coalesce(${prescriptions.endsAt}, ${prescriptions.startsAt} + ${prescriptions.durationDays} * interval '1 day') <= ${now}`,
      ),
    )
    .limit(limit)
    .for('update', { skipLocked: true });
  return tx
    .update(prescriptions)
    .set({ status: 'completed', updatedAt: now, version: sql`${prescriptions.version} + 1` })
    .where(inArray(prescriptions.id, ended))
    .returning({ id: prescriptions.id, patientId: prescriptions.patientId });
}
