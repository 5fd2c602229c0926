import { and, asc, desc, eq } from 'drizzle-orm';
import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead, runRead, type DeferredRead } from '../../../platform/db/read-together.js';
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

/** The reconciliations of an encounter, newest first, with their items: one statement. */
export async function listEncounterReconciliations(db: Db, access: AuditedAccess, encounterId: string): Promise<ReconciliationWithItems[]> {
  return runRead(encounterReconciliationsRead(db, access, encounterId));
}

export interface ReconciliationWithItems {
  reconciliation: ReconciliationRow;
  items: ReconciliationItemRow[];
}

/**
 * The same read, not run yet (a page sends it with its other reads and its audit row): each
 * reconciliation with its items joined, in the order shown (items by medicine name), grouped here.
 */
export function encounterReconciliationsRead(db: Db, access: AuditedAccess, encounterId: string): DeferredRead<ReconciliationWithItems[]> {
  const query = db
    .select({ reconciliation: medicationReconciliations, item: medicationReconciliationItems })
    .from(medicationReconciliations)
    .leftJoin(medicationReconciliationItems, eq(medicationReconciliationItems.reconciliationId, medicationReconciliations.id))
    .where(and(eq(medicationReconciliations.encounterId, encounterId), eq(medicationReconciliations.patientId, access.patientId)))
    .orderBy(
      desc(medicationReconciliations.createdAt),
      desc(medicationReconciliations.id),
      asc(medicationReconciliationItems.medicineName),
      asc(medicationReconciliationItems.id),
    );
  return deferRead(query, (rows) => {
    const grouped = new Map<string, ReconciliationWithItems>();
    for (const { reconciliation, item } of rows) {
      const entry = grouped.get(reconciliation.id) ?? { reconciliation, items: [] };
      grouped.set(reconciliation.id, entry);
      if (item) entry.items.push(item);
    }
    return [...grouped.values()];
  });
}
