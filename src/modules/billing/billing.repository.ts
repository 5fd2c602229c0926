import { and, asc, count, desc, eq, gte, inArray, isNull, lte, or, sql, sum, min, type Placeholder } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.js';
import { patients } from '../patients/index.js';
import { visitTypes } from '../scheduling/index.js';
import { chargeItems, charges, invoiceCounters, invoiceLines, invoices, payments } from './billing.tables.js';

export type ChargeItemRow = typeof chargeItems.$inferSelect;
export type ChargeRow = typeof charges.$inferSelect;
export type InvoiceRow = typeof invoices.$inferSelect;
export type InvoiceLineRow = typeof invoiceLines.$inferSelect;

// ── The price list ──────────────────────────────────────────────────────────────────────────────

/** Every period of every code, current first (the catalogue is small: a few hundred rows). */
export function selectChargeItems(db: Db) {
  return db.select().from(chargeItems).orderBy(asc(chargeItems.code), desc(chargeItems.effectiveFrom));
}

/** The open period of a code, locked: a new price closes it in the same transaction. */
export async function selectOpenItemForUpdate(db: Db, code: string): Promise<ChargeItemRow | undefined> {
  const [row] = await db
    .select()
    .from(chargeItems)
    .where(and(eq(chargeItems.code, code), isNull(chargeItems.effectiveTo)))
    .for('update');
  return row;
}

export async function insertChargeItem(db: Db, values: typeof chargeItems.$inferInsert): Promise<ChargeItemRow> {
  const [row] = await db.insert(chargeItems).values(values).returning();
  return row!;
}

export async function closeChargeItem(db: Db, id: string, lastDay: string): Promise<void> {
  await db.update(chargeItems).set({ effectiveTo: lastDay }).where(eq(chargeItems.id, id));
}

const effectiveOn = (day: string) =>
  and(lte(chargeItems.effectiveFrom, day), or(isNull(chargeItems.effectiveTo), gte(chargeItems.effectiveTo, day)));

/** The price of a code on a day (periods never overlap, so at most one). */
export async function selectItemByCodeOn(db: Db, code: string, day: string): Promise<ChargeItemRow | undefined> {
  const [row] = await db
    .select()
    .from(chargeItems)
    .where(and(eq(chargeItems.code, code), effectiveOn(day)));
  return row;
}

/** The item a completed visit of this type is charged as, on its day. */
export async function selectItemForVisitTypeOn(db: Db, visitTypeId: string, day: string): Promise<ChargeItemRow | undefined> {
  const [row] = await db
    .select()
    .from(chargeItems)
    .where(and(eq(chargeItems.visitTypeId, visitTypeId), effectiveOn(day)))
    .orderBy(desc(chargeItems.effectiveFrom))
    .limit(1);
  return row;
}

// ── Charges ─────────────────────────────────────────────────────────────────────────────────────

/** Inserts a charge; a visit's charge captured twice inserts nothing the second time. */
export async function insertCharge(db: Db, values: typeof charges.$inferInsert): Promise<ChargeRow | undefined> {
  const [row] = await db.insert(charges).values(values).onConflictDoNothing().returning();
  return row;
}

export async function selectChargeById(db: Db, id: string): Promise<ChargeRow | undefined> {
  const [row] = await db.select().from(charges).where(eq(charges.id, id));
  return row;
}

export function selectChargesForUpdate(db: Db, ids: readonly string[]): Promise<ChargeRow[]> {
  return db
    .select()
    .from(charges)
    .where(inArray(charges.id, [...ids]))
    .orderBy(asc(charges.serviceDate), asc(charges.createdAt), asc(charges.id))
    .for('update');
}

/** A patient's charges not yet on an invoice, oldest first. */
export function selectUnbilledCharges(db: Db, patientId: string) {
  return db
    .select()
    .from(charges)
    .where(and(eq(charges.patientId, patientId), eq(charges.status, 'unbilled')))
    .orderBy(asc(charges.serviceDate), asc(charges.createdAt));
}

export async function cancelChargeRow(db: Db, id: string, reason: string, now: Date): Promise<ChargeRow | undefined> {
  const [row] = await db
    .update(charges)
    .set({ status: 'cancelled', cancelReason: reason, updatedAt: now })
    .where(and(eq(charges.id, id), eq(charges.status, 'unbilled')))
    .returning();
  return row;
}

export async function markChargesInvoiced(db: Db, ids: readonly string[], invoiceId: string, now: Date): Promise<void> {
  await db
    .update(charges)
    .set({ status: 'invoiced', invoiceId, updatedAt: now })
    .where(inArray(charges.id, [...ids]));
}

/** Voiding or discarding an invoice gives its charges back to the unbilled list. */
export async function releaseInvoiceCharges(db: Db, invoiceId: string, now: Date): Promise<void> {
  await db.update(charges).set({ status: 'unbilled', invoiceId: null, updatedAt: now }).where(eq(charges.invoiceId, invoiceId));
}

export interface UnbilledPatientRow {
  patientId: string;
  givenName: string;
  familyName: string;
  mrn: string;
  charges: number;
  oldest: string;
  totalNetMinor: number;
}

/** The work queue: patients with unbilled charges, oldest service first (the partial index). */
export async function selectUnbilledQueue(db: Db, limit: number): Promise<UnbilledPatientRow[]> {
  const rows = await db
    .select({
      patientId: charges.patientId,
      givenName: patients.givenName,
      familyName: patients.familyName,
      mrn: patients.mrn,
      charges: count(),
      oldest: min(charges.serviceDate),
      totalNetMinor: sum(sql<number>`${charges.quantity} * ${charges.unitPriceMinor}`),
    })
    .from(charges)
    .innerJoin(patients, eq(patients.id, charges.patientId))
    .where(eq(charges.status, 'unbilled'))
    .groupBy(charges.patientId, patients.givenName, patients.familyName, patients.mrn)
    .orderBy(asc(min(charges.serviceDate)))
    .limit(limit);
  return rows.map((r) => ({ ...r, oldest: r.oldest ?? '', totalNetMinor: Number(r.totalNetMinor ?? 0) }));
}

// ── Invoices ────────────────────────────────────────────────────────────────────────────────────

export async function insertInvoice(db: Db, values: typeof invoices.$inferInsert): Promise<InvoiceRow> {
  const [row] = await db.insert(invoices).values(values).returning();
  return row!;
}

export async function insertInvoiceLines(db: Db, values: (typeof invoiceLines.$inferInsert)[]): Promise<void> {
  if (values.length) await db.insert(invoiceLines).values(values);
}

export async function selectInvoiceById(db: Db, id: string): Promise<InvoiceRow | undefined> {
  const [row] = await db.select().from(invoices).where(eq(invoices.id, id));
  return row;
}

export async function selectInvoiceForUpdate(db: Db, id: string): Promise<InvoiceRow | undefined> {
  const [row] = await db.select().from(invoices).where(eq(invoices.id, id)).for('update');
  return row;
}

/** An invoice's lines in order, not run yet (`invoiceId` may be a view's placeholder). */
export function selectInvoiceLines(db: Db, invoiceId: string | Placeholder) {
  return db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(asc(invoiceLines.position));
}

export async function updateInvoice(db: Db, id: string, values: Partial<typeof invoices.$inferInsert>): Promise<InvoiceRow> {
  const [row] = await db.update(invoices).set(values).where(eq(invoices.id, id)).returning();
  return row!;
}

export async function deleteDraftInvoice(db: Db, id: string): Promise<void> {
  await db.delete(invoiceLines).where(eq(invoiceLines.invoiceId, id));
  await db.delete(invoices).where(and(eq(invoices.id, id), eq(invoices.status, 'draft')));
}

/** A patient's invoices, newest first; `issuedOnly` for the patient's own view (drafts are work in progress). */
export function selectPatientInvoices(db: Db, patientId: string, issuedOnly: boolean, limit: number) {
  return db
    .select()
    .from(invoices)
    .where(and(eq(invoices.patientId, patientId), issuedOnly ? sql`${invoices.status} <> 'draft'` : undefined))
    .orderBy(desc(invoices.createdAt))
    .limit(limit);
}

export interface InvoiceQueueRow extends InvoiceRow {
  givenName: string;
  familyName: string;
  mrn: string;
}

/** Invoices in a status, oldest first (drafts to issue), with the patient's name for the queue. */
export function selectInvoicesByStatus(db: Db, status: InvoiceRow['status'], limit: number): Promise<InvoiceQueueRow[]> {
  return db
    .select({ ...invoiceColumns(), givenName: patients.givenName, familyName: patients.familyName, mrn: patients.mrn })
    .from(invoices)
    .innerJoin(patients, eq(patients.id, invoices.patientId))
    .where(eq(invoices.status, status))
    .orderBy(asc(invoices.createdAt))
    .limit(limit);
}

function invoiceColumns() {
  const { id, patientId, status, number, currency, netMinor, taxMinor, totalMinor, insurerShareMinor, patientShareMinor, paidMinor } =
    invoices;
  const { issuedAt, issuedBy, dueOn, voidedAt, voidedBy, voidReason, createdBy, createdAt, updatedAt, creditedMinor, adjustedMinor } =
    invoices;
  return {
    id,
    patientId,
    status,
    number,
    currency,
    netMinor,
    taxMinor,
    totalMinor,
    insurerShareMinor,
    patientShareMinor,
    paidMinor,
    insurerPaidMinor: invoices.insurerPaidMinor,
    creditedMinor,
    adjustedMinor,
    issuedAt,
    issuedBy,
    dueOn,
    voidedAt,
    voidedBy,
    voidReason,
    createdBy,
    createdAt,
    updatedAt,
  };
}

/**
 * The next number of a year, gap-free: the counter row is created or incremented by one statement
 * that holds its row lock until the issuing transaction ends, so a rolled-back issue gives its
 * number back and two issues at once take consecutive numbers.
 */
export async function nextInvoiceNumber(db: Db, year: number): Promise<number> {
  const [row] = await db
    .insert(invoiceCounters)
    .values({ year, lastNumber: 1 })
    .onConflictDoUpdate({ target: invoiceCounters.year, set: { lastNumber: sql`${invoiceCounters.lastNumber} + 1` } })
    .returning({ lastNumber: invoiceCounters.lastNumber });
  return row!.lastNumber;
}

/** Visit types for the price list's "charged when completed" choice (a handful of rows). */
export function selectVisitTypeNames(db: Db): Promise<{ id: string; name: string }[]> {
  return db.select({ id: visitTypes.id, name: visitTypes.name }).from(visitTypes).orderBy(asc(visitTypes.name));
}

// ── Payments ────────────────────────────────────────────────────────────────────────────────────

export type PaymentRow = typeof payments.$inferSelect;

export async function insertPayment(db: Db, values: typeof payments.$inferInsert): Promise<PaymentRow> {
  const [row] = await db.insert(payments).values(values).returning();
  return row!;
}

/** An insurer's remittance: nothing when this adjudication already posted one (billing_payments_remittance_key). */
export async function insertRemittance(db: Db, values: typeof payments.$inferInsert): Promise<PaymentRow | undefined> {
  const [row] = await db.insert(payments).values(values).onConflictDoNothing().returning();
  return row;
}

export async function selectPaymentById(db: Db, id: string): Promise<PaymentRow | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.id, id));
  return row;
}

/** An invoice's payments and refunds as received, not run yet (`invoiceId` may be a view's placeholder). */
export function selectInvoicePayments(db: Db, invoiceId: string | Placeholder) {
  return db.select().from(payments).where(eq(payments.invoiceId, invoiceId)).orderBy(asc(payments.receivedAt), asc(payments.createdAt));
}

/** What has already been given back from a payment. */
export async function sumRefundsOf(db: Db, paymentId: string): Promise<number> {
  const [row] = await db
    .select({ total: sum(payments.amountMinor) })
    .from(payments)
    .where(eq(payments.refundOf, paymentId));
  return Number(row?.total ?? 0);
}
