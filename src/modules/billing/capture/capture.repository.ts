import { and, desc, eq, gte, isNull, lte, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { chargeItems } from '../billing.tables.js';
import { unpricedEvents } from './capture.tables.js';

export type ChargeItemRow = typeof chargeItems.$inferSelect;

const effectiveOn = (day: string) =>
  and(lte(chargeItems.effectiveFrom, day), or(isNull(chargeItems.effectiveTo), gte(chargeItems.effectiveTo, day)));

async function itemOn(db: Db, link: SQL, day: string): Promise<ChargeItemRow | undefined> {
  const [row] = await db
    .select()
    .from(chargeItems)
    .where(and(link, effectiveOn(day)))
    .orderBy(desc(chargeItems.effectiveFrom))
    .limit(1);
  return row;
}

/** The price-list item linked to a captured source's code on the service day (periods never overlap). */
export function selectItemForSourceOn(db: Db, link: CaptureLink, day: string): Promise<ChargeItemRow | undefined> {
  if (link.kind === 'loinc') return itemOn(db, eq(chargeItems.loinc, link.code), day);
  if (link.kind === 'product') return itemOn(db, eq(chargeItems.productId, link.code), day);
  return itemOn(db, eq(chargeItems.procedureCode, link.code), day);
}

export type CaptureLink = { kind: 'loinc' | 'product' | 'procedure'; code: string };

/** Queues an event billing could not price; a retried event inserts nothing the second time. */
export async function insertUnpricedEvent(db: Db, values: typeof unpricedEvents.$inferInsert): Promise<void> {
  await db.insert(unpricedEvents).values(values).onConflictDoNothing();
}
