import { and, asc, eq, gte, inArray, lt, sql, type Placeholder } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { invoices, payments } from '../billing.tables.js';
import { adjustments, creditNoteCounters, creditNoteLines, creditNotes } from './adjustments.tables.js';

export type CreditNoteRow = typeof creditNotes.$inferSelect;
export type CreditNoteLineRow = typeof creditNoteLines.$inferSelect;
export type AdjustmentRow = typeof adjustments.$inferSelect;

/** The next credit note number of a year: the counter row stays locked until the transaction ends (gap-free). */
export async function nextCreditNoteNumber(db: Db, year: number): Promise<number> {
  const [row] = await db
    .insert(creditNoteCounters)
    .values({ year, lastNumber: 1 })
    .onConflictDoUpdate({ target: creditNoteCounters.year, set: { lastNumber: sql`${creditNoteCounters.lastNumber} + 1` } })
    .returning({ lastNumber: creditNoteCounters.lastNumber });
  return row!.lastNumber;
}

export async function insertCreditNote(
  db: Db,
  note: typeof creditNotes.$inferInsert,
  lines: Omit<typeof creditNoteLines.$inferInsert, 'creditNoteId'>[],
): Promise<CreditNoteRow> {
  const [row] = await db.insert(creditNotes).values(note).returning();
  await db.insert(creditNoteLines).values(lines.map((l) => ({ ...l, creditNoteId: row!.id })));
  return row!;
}

export async function insertAdjustment(db: Db, values: typeof adjustments.$inferInsert): Promise<AdjustmentRow> {
  const [row] = await db.insert(adjustments).values(values).returning();
  return row!;
}

export function selectInvoiceCreditNotes(db: Db, invoiceId: string | Placeholder) {
  return db
    .select()
    .from(creditNotes)
    .where(eq(creditNotes.invoiceId, invoiceId))
    .orderBy(asc(creditNotes.issuedAt), asc(creditNotes.number));
}

/** The credit lines of an invoice's credit notes (through the credit notes' invoice index). */
export function selectInvoiceCreditLines(db: Db, invoiceId: string | Placeholder) {
  return (
    db
      .select({ ...creditLineColumns() })
      .from(creditNoteLines)
      .innerJoin(creditNotes, eq(creditNotes.id, creditNoteLines.creditNoteId))
      .where(eq(creditNotes.invoiceId, invoiceId))
      // In billing_credit_notes_invoice_idx's order (invoice_id, issued_at): ordering by the number
      // alone let the planner walk billing_credit_notes_number_key whole to skip a sort.
      .orderBy(asc(creditNotes.issuedAt), asc(creditNotes.number), asc(creditNoteLines.position))
  );
}

function creditLineColumns() {
  const { id, creditNoteId, invoiceLineId, position, netMinor, taxMinor, totalMinor, insurerShareMinor, patientShareMinor } =
    creditNoteLines;
  return { id, creditNoteId, invoiceLineId, position, netMinor, taxMinor, totalMinor, insurerShareMinor, patientShareMinor };
}

export function selectInvoiceAdjustments(db: Db, invoiceId: string | Placeholder) {
  return db.select().from(adjustments).where(eq(adjustments.invoiceId, invoiceId)).orderBy(asc(adjustments.createdAt));
}

// ── A patient's statement ───────────────────────────────────────────────────────────────────────

// Each may take a view's placeholders (`patientId`, `end`): the statement is built once.

/** A patient's issued invoices issued before `end` (the statement's period and its opening balance). */
export function selectStatementInvoices(db: Db, patientId: string | Placeholder, end: Date | Placeholder) {
  return db.select().from(invoices).where(statementInvoicesBefore(patientId, end)).orderBy(asc(invoices.issuedAt)).limit(STATEMENT_ROWS);
}

const STATEMENT_ROWS = 1000;

function statementInvoicesBefore(patientId: string | Placeholder, end: Date | Placeholder) {
  return and(eq(invoices.patientId, patientId), sql`${invoices.status} <> 'draft'`, lt(invoices.issuedAt, end));
}

export function selectStatementCreditNotes(db: Db, patientId: string | Placeholder, end: Date | Placeholder) {
  return db
    .select()
    .from(creditNotes)
    .where(and(eq(creditNotes.patientId, patientId), lt(creditNotes.issuedAt, end)))
    .orderBy(asc(creditNotes.issuedAt))
    .limit(STATEMENT_ROWS);
}

export function selectStatementAdjustments(db: Db, patientId: string | Placeholder, end: Date | Placeholder) {
  return db
    .select()
    .from(adjustments)
    .where(and(eq(adjustments.patientId, patientId), lt(adjustments.createdAt, end)))
    .orderBy(asc(adjustments.createdAt))
    .limit(STATEMENT_ROWS);
}

/**
 * A patient's payments and refunds before `end`, on the invoices the statement shows (the same
 * first STATEMENT_ROWS, as a sub-select: no second round trip for their ids).
 */
export function selectStatementPayments(db: Db, patientId: string | Placeholder, end: Date | Placeholder) {
  const shownInvoices = db
    .select({ id: invoices.id })
    .from(invoices)
    .where(statementInvoicesBefore(patientId, end))
    .orderBy(asc(invoices.issuedAt))
    .limit(STATEMENT_ROWS);
  return db
    .select()
    .from(payments)
    .where(and(inArray(payments.invoiceId, shownInvoices), lt(payments.receivedAt, end)))
    .orderBy(asc(payments.receivedAt), asc(payments.createdAt));
}

// ── The day's reconciliation ────────────────────────────────────────────────────────────────────

/** Payments and refunds received in [start, end) (billing_payments_received_idx), with the invoice's number. */
export function selectPaymentsReceived(db: Db, start: Date, end: Date) {
  return db
    .select({
      id: payments.id,
      kind: payments.kind,
      method: payments.method,
      amountMinor: payments.amountMinor,
      currency: payments.currency,
      reference: payments.reference,
      receivedAt: payments.receivedAt,
      invoiceId: payments.invoiceId,
      invoiceNumber: invoices.number,
    })
    .from(payments)
    .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
    .where(and(gte(payments.receivedAt, start), lt(payments.receivedAt, end)))
    .orderBy(asc(payments.receivedAt), asc(payments.id))
    .limit(5000);
}
