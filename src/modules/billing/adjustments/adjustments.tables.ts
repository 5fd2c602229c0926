import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/auth/auth.tables.js';
import { createdAt, id, instant } from '../../../platform/db/columns.js';
import { patients } from '../../patients/index.js';
import { invoiceLines, invoices } from '../billing.tables.js';
import type { AdjustmentKind } from './adjustments.vocabulary.js';

const minor = (name: string) => bigint(name, { mode: 'number' });

/**
 * A credit note (docs/billing.md "Credit notes"): money taken off an issued invoice instead of
 * editing it, for some or all of its lines. Numbered at creation from its own gap-free per-year
 * counter (CN-2026-000001). Its totals are the sums of its lines and the invoice's `credited_minor`
 * the sum of its credit notes (deferred constraint triggers, the billing_credit_notes migration).
 */
export const creditNotes = pgTable(
  'billing_credit_notes',
  {
    id: id(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    number: text('number').notNull(),
    currency: text('currency').notNull(),
    netMinor: minor('net_minor').notNull(),
    taxMinor: minor('tax_minor').notNull(),
    totalMinor: minor('total_minor').notNull(),
    insurerShareMinor: minor('insurer_share_minor').notNull(),
    patientShareMinor: minor('patient_share_minor').notNull(),
    reason: text('reason').notNull(),
    issuedAt: instant('issued_at').notNull(),
    issuedBy: uuid('issued_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('billing_credit_notes_number_key').on(t.number),
    index('billing_credit_notes_invoice_idx').on(t.invoiceId, t.issuedAt),
    index('billing_credit_notes_patient_idx').on(t.patientId, t.issuedAt),
    check('billing_credit_notes_total_check', sql`${t.totalMinor} = ${t.netMinor} + ${t.taxMinor} and ${t.totalMinor} > 0`),
    check('billing_credit_notes_shares_check', sql`${t.totalMinor} = ${t.insurerShareMinor} + ${t.patientShareMinor}`),
    check(
      'billing_credit_notes_nonnegative_check',
      sql`${t.netMinor} >= 0 and ${t.taxMinor} >= 0 and ${t.insurerShareMinor} >= 0 and ${t.patientShareMinor} >= 0`,
    ),
  ],
);

/** What one credit note takes off one invoice line: never, with the line's earlier credits, more than the line. */
export const creditNoteLines = pgTable(
  'billing_credit_note_lines',
  {
    id: id(),
    creditNoteId: uuid('credit_note_id')
      .notNull()
      .references(() => creditNotes.id),
    invoiceLineId: uuid('invoice_line_id')
      .notNull()
      .references(() => invoiceLines.id),
    position: integer('position').notNull(),
    netMinor: minor('net_minor').notNull(),
    taxMinor: minor('tax_minor').notNull(),
    totalMinor: minor('total_minor').notNull(),
    insurerShareMinor: minor('insurer_share_minor').notNull(),
    patientShareMinor: minor('patient_share_minor').notNull(),
  },
  (t) => [
    uniqueIndex('billing_credit_note_lines_position_key').on(t.creditNoteId, t.position),
    index('billing_credit_note_lines_invoice_line_idx').on(t.invoiceLineId),
    check('billing_credit_note_lines_total_check', sql`${t.totalMinor} = ${t.netMinor} + ${t.taxMinor} and ${t.totalMinor} > 0`),
    check(
      'billing_credit_note_lines_shares_check',
      sql`${t.netMinor} >= 0 and ${t.taxMinor} >= 0 and ${t.insurerShareMinor} >= 0 and ${t.patientShareMinor} >= 0 and ${t.totalMinor} = ${t.insurerShareMinor} + ${t.patientShareMinor}`,
    ),
  ],
);

/** Gap-free credit note numbers: one row per year (hospital zone), locked by the creating transaction. */
export const creditNoteCounters = pgTable(
  'billing_credit_note_counters',
  {
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.year] }), check('billing_credit_note_counters_check', sql`${t.lastNumber} >= 0`)],
);

/**
 * An adjustment (docs/billing.md "Adjustments"): a write-off, a goodwill gesture or a correction,
 * with a reason, taking an amount off what is still owed. Append-only.
 */
export const adjustments = pgTable(
  'billing_adjustments',
  {
    id: id(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    kind: text('kind').$type<AdjustmentKind>().notNull(),
    amountMinor: minor('amount_minor').notNull(),
    currency: text('currency').notNull(),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('billing_adjustments_invoice_idx').on(t.invoiceId, t.createdAt),
    index('billing_adjustments_patient_idx').on(t.patientId, t.createdAt),
    check('billing_adjustments_amount_check', sql`${t.amountMinor} > 0`),
    check('billing_adjustments_kind_check', sql`${t.kind} in ('write_off','goodwill','correction')`),
    check('billing_adjustments_reason_check', sql`length(${t.reason}) > 0`),
  ],
);
