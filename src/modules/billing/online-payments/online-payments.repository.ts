import { and, desc, eq, type Placeholder } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { patients } from '../../patients/index.js';
import type { ProviderName } from './online-payments.vocabulary.js';
import { onlinePayments, paymentWebhookEvents } from './online-payments.tables.js';

export type OnlinePaymentRow = typeof onlinePayments.$inferSelect;

export async function insertOnlinePayment(db: Db, values: typeof onlinePayments.$inferInsert): Promise<OnlinePaymentRow> {
  const [row] = await db.insert(onlinePayments).values(values).returning();
  return row!;
}

export async function updateOnlinePayment(
  db: Db,
  id: string,
  values: Partial<typeof onlinePayments.$inferInsert>,
): Promise<OnlinePaymentRow> {
  const [row] = await db.update(onlinePayments).set(values).where(eq(onlinePayments.id, id)).returning();
  return row!;
}

export async function selectOnlinePaymentById(db: Db, id: string): Promise<OnlinePaymentRow | undefined> {
  const [row] = await db.select().from(onlinePayments).where(eq(onlinePayments.id, id));
  return row;
}

/** The payment a webhook names, locked: events about one payment are processed one at a time. */
export async function selectOnlinePaymentForUpdate(
  db: Db,
  provider: ProviderName,
  providerPaymentId: string,
): Promise<OnlinePaymentRow | undefined> {
  const [row] = await db
    .select()
    .from(onlinePayments)
    .where(and(eq(onlinePayments.provider, provider), eq(onlinePayments.providerPaymentId, providerPaymentId)))
    .for('update');
  return row;
}

/** An invoice's online payments, newest first (the portal's history). */
/** An invoice's online payments, newest first; `invoiceId` may be a placeholder of a statement built once. */
export function selectInvoiceOnlinePayments(db: Db, invoiceId: string | Placeholder, limit = 50) {
  return db
    .select()
    .from(onlinePayments)
    .where(eq(onlinePayments.invoiceId, invoiceId))
    .orderBy(desc(onlinePayments.createdAt))
    .limit(limit);
}

/** Claims an event id: false when this event was already processed (a second delivery). */
export async function claimWebhookEvent(db: Db, values: typeof paymentWebhookEvents.$inferInsert): Promise<boolean> {
  const rows = await db
    .insert(paymentWebhookEvents)
    .values(values)
    .onConflictDoNothing()
    .returning({ eventId: paymentWebhookEvents.eventId });
  return rows.length === 1;
}

export async function setWebhookOutcome(db: Db, provider: ProviderName, eventId: string, outcome: string): Promise<void> {
  await db
    .update(paymentWebhookEvents)
    .set({ outcome })
    .where(and(eq(paymentWebhookEvents.provider, provider), eq(paymentWebhookEvents.eventId, eventId)));
}

export async function selectPatientUserId(db: Db, patientId: string): Promise<string | null> {
  const [row] = await db.select({ userId: patients.userId }).from(patients).where(eq(patients.id, patientId));
  return row?.userId ?? null;
}
