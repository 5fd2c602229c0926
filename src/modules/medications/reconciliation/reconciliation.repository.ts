import { desc, eq, inArray } from 'drizzle-orm';
import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import {
  medicationReconciliationItems,
  medicationReconciliations,
  type ReconciliationItemRow,
  type ReconciliationRow,
} from './reconciliation.tables.js';

/** SQL for reconciliation records. Patient data: every read needs the audit proof. */

export async function insertReconciliation(
  tx: Db,
  access: AuditedAccess,
  values: { encounterId: string; performedBy: string; createdAt: Date },
  items: Omit<typeof medicationReconciliationItems.$inferInsert, 'reconciliationId'>[],
): Promise<{ reconciliation: ReconciliationRow; items: ReconciliationItemRow[] }> {
  const [reconciliation] = await tx
    .insert(medicationReconciliations)
    .values({ ...values, patientId: access.patientId })
    .returning();
  const rows = await tx
    .insert(medicationReconciliationItems)
    .values(items.map((i) => ({ ...i, reconciliationId: reconciliation!.id })))
    .returning();
  return { reconciliation: reconciliation!, items: rows };
}

/** The reconciliations of an encounter, newest first, with their items: two statements. */
export async function listEncounterReconciliations(
  db: Db,
  access: AuditedAccess,
  encounterId: string,
): Promise<{ reconciliation: ReconciliationRow; items: ReconciliationItemRow[] }[]> {
  const records = await db
    .select()
    .from(medicationReconciliations)
    .where(eq(medicationReconciliations.encounterId, encounterId))
    .orderBy(desc(medicationReconciliations.createdAt), desc(medicationReconciliations.id));
  const mine = records.filter((r) => r.patientId === access.patientId);
  if (mine.length === 0) return [];
  const items = await db
    .select()
    .from(medicationReconciliationItems)
    .where(
      inArray(
        medicationReconciliationItems.reconciliationId,
        mine.map((r) => r.id),
      ),
    )
    .orderBy(medicationReconciliationItems.medicineName, medicationReconciliationItems.id);
  return mine.map((reconciliation) => ({ reconciliation, items: items.filter((i) => i.reconciliationId === reconciliation.id) }));
}
