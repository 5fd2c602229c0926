import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead, runRead, type DeferredRead } from '../../../platform/db/read-together.js';
import { medicationIngredients, medicationProducts } from '../medications.tables.js';
import { outsideMedications, type OutsideMedicationRow } from './outside-medications.tables.js';

/** SQL for medicines taken from outside. Patient data: every read needs the audit proof. */

export type OutsideMedicationView = OutsideMedicationRow & {
  displayName: string;
  productName: string | null;
  productTags: string[] | null;
  ingredientName: string | null;
};

const view = {
  row: outsideMedications,
  productName: medicationProducts.name,
  productTags: medicationProducts.tags,
  ingredientName: medicationIngredients.name,
};

function toView(r: { row: OutsideMedicationRow; productName: string | null; productTags: string[] | null; ingredientName: string | null }) {
  return {
    ...r.row,
    displayName: r.productName ?? r.row.name ?? '',
    productName: r.productName,
    productTags: r.productTags,
    ingredientName: r.ingredientName,
  };
}

/** The patient's outside medicines (active ones only when asked), newest first, with product or ingredient names. One statement. */
export async function listOutsideMedications(
  db: Db,
  access: AuditedAccess,
  options: { activeOnly?: boolean; forUpdate?: boolean } = {},
): Promise<OutsideMedicationView[]> {
  if (!options.forUpdate) return runRead(outsideMedicationsRead(db, access, options));
  return (await outsideMedicationsQuery(db, access, options).for('update', { of: outsideMedications })).map(toView);
}

/** The same read, not run yet: to go with a page's other reads and its audit row in one statement. */
export function outsideMedicationsRead(
  db: Db,
  access: AuditedAccess,
  options: { activeOnly?: boolean } = {},
): DeferredRead<OutsideMedicationView[]> {
  return deferRead(outsideMedicationsQuery(db, access, options), (rows) => rows.map(toView));
}

function outsideMedicationsQuery(db: Db, access: AuditedAccess, options: { activeOnly?: boolean }) {
  const filters: SQL[] = [eq(outsideMedications.patientId, access.patientId)];
  if (options.activeOnly) filters.push(eq(outsideMedications.status, 'active'));
  return db
    .select(view)
    .from(outsideMedications)
    .leftJoin(medicationProducts, eq(medicationProducts.id, outsideMedications.productId))
    .leftJoin(medicationIngredients, eq(medicationIngredients.rxcui, outsideMedications.ingredientRxcui))
    .where(and(...filters))
    .orderBy(desc(outsideMedications.createdAt), desc(outsideMedications.id));
}

export async function insertOutsideMedication(
  tx: Db,
  access: AuditedAccess,
  values: Omit<typeof outsideMedications.$inferInsert, 'patientId'>,
): Promise<OutsideMedicationRow> {
  const [row] = await tx
    .insert(outsideMedications)
    .values({ ...values, patientId: access.patientId })
    .returning();
  return row!;
}

export async function findOutsideMedication(db: Db, access: AuditedAccess, id: string): Promise<OutsideMedicationView | undefined> {
  const [row] = await db
    .select(view)
    .from(outsideMedications)
    .leftJoin(medicationProducts, eq(medicationProducts.id, outsideMedications.productId))
    .leftJoin(medicationIngredients, eq(medicationIngredients.rxcui, outsideMedications.ingredientRxcui))
    .where(and(eq(outsideMedications.id, id), eq(outsideMedications.patientId, access.patientId)));
  return row ? toView(row) : undefined;
}

/** Stops an active outside medicine; undefined when it was not active. */
export async function stopOutsideMedication(
  tx: Db,
  access: AuditedAccess,
  id: string,
  values: { stoppedAt: Date; stoppedBy: string; stopReason: string },
): Promise<OutsideMedicationRow | undefined> {
  const [row] = await tx
    .update(outsideMedications)
    .set({ ...values, status: 'stopped', updatedAt: values.stoppedAt, version: sql`${outsideMedications.version} + 1` })
    .where(and(eq(outsideMedications.id, id), eq(outsideMedications.patientId, access.patientId), eq(outsideMedications.status, 'active')))
    .returning();
  return row;
}

/** What the signing checks need of the patient's active outside medicines, as a read not run yet (flat columns). */
export function activeOutsideMedicinesForChecks(db: Db, access: AuditedAccess) {
  return db
    .select({
      id: outsideMedications.id,
      productId: outsideMedications.productId,
      name: outsideMedications.name,
      ingredientRxcui: outsideMedications.ingredientRxcui,
      ingredientName: medicationIngredients.name,
      doseValue: outsideMedications.doseValue,
      doseUnit: outsideMedications.doseUnit,
      productName: medicationProducts.name,
      productTags: medicationProducts.tags,
    })
    .from(outsideMedications)
    .leftJoin(medicationProducts, eq(medicationProducts.id, outsideMedications.productId))
    .leftJoin(medicationIngredients, eq(medicationIngredients.rxcui, outsideMedications.ingredientRxcui))
    .where(and(eq(outsideMedications.patientId, access.patientId), eq(outsideMedications.status, 'active')))
    .orderBy(desc(outsideMedications.createdAt), desc(outsideMedications.id));
}
