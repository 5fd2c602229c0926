import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt } from '../../platform/db/columns.js';
import { patients } from '../patients/index.js';
import { visitTypes } from '../scheduling/index.js';
import type { ChargeSource, ChargeStatus, InvoiceStatus, PaymentKind, PaymentMethod } from './billing.vocabulary.js';

/** Money is an integer count of the currency's minor unit (cents): never a float, never rounded away. */
const minor = (name: string) => bigint(name, { mode: 'number' });

/**
 * The hospital's price list (docs/billing.md): one row per code and price period. A new price for a
 * code closes the open period the day before the new one starts; periods of a code never overlap.
 * `visit_type_id` makes the item the charge captured when a visit of that type is completed.
 */
export const chargeItems = pgTable(
  'billing_charge_items',
  {
    id: id(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    unitPriceMinor: minor('unit_price_minor').notNull(),
    currency: text('currency').notNull(),
    /** Tax in basis points of the net amount (2000 = 20 %); 0 for exempt medical services. */
    taxRateBp: integer('tax_rate_bp').notNull().default(0),
    visitTypeId: uuid('visit_type_id').references(() => visitTypes.id),
    /** Captures (docs/billing.md "Capture sources"): a lab test's LOINC, a formulary product, a procedure code. */
    loinc: text('loinc'),
    productId: uuid('product_id'),
    procedureCode: text('procedure_code'),
    effectiveFrom: date('effective_from').notNull(),
    /** The last day of the period, inclusive; null while it is the current price. */
    effectiveTo: date('effective_to'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('billing_charge_items_code_from_key').on(t.code, t.effectiveFrom),
    // At most one open period per code, and per visit type: capture finds one price.
    uniqueIndex('billing_charge_items_open_code_key')
      .on(t.code)
      .where(sql`${t.effectiveTo} is null`),
    uniqueIndex('billing_charge_items_open_visit_type_key')
      .on(t.visitTypeId)
      .where(sql`${t.effectiveTo} is null and ${t.visitTypeId} is not null`),
    index('billing_charge_items_visit_type_idx').on(t.visitTypeId, t.effectiveFrom),
    // One open price per captured source code: a lab test, a formulary product, a procedure.
    uniqueIndex('billing_charge_items_open_loinc_key')
      .on(t.loinc)
      .where(sql`${t.effectiveTo} is null and ${t.loinc} is not null`),
    uniqueIndex('billing_charge_items_open_product_key')
      .on(t.productId)
      .where(sql`${t.effectiveTo} is null and ${t.productId} is not null`),
    uniqueIndex('billing_charge_items_open_procedure_key')
      .on(t.procedureCode)
      .where(sql`${t.effectiveTo} is null and ${t.procedureCode} is not null`),
    check('billing_charge_items_price_check', sql`${t.unitPriceMinor} between 0 and 1000000000`),
    check('billing_charge_items_tax_check', sql`${t.taxRateBp} between 0 and 10000`),
    check('billing_charge_items_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('billing_charge_items_period_check', sql`${t.effectiveTo} is null or ${t.effectiveTo} >= ${t.effectiveFrom}`),
    check('billing_charge_items_code_check', sql`${t.code} ~ '^[A-Z0-9][A-Z0-9._-]{0,31}$'`),
  ],
);

/**
 * Something billable done for a patient, priced when it was captured (a later price change does
 * not reprice it). A visit's charge is captured once: the source is unique per item.
 */
export const charges = pgTable(
  'billing_charges',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    chargeItemId: uuid('charge_item_id')
      .notNull()
      .references(() => chargeItems.id),
    code: text('code').notNull(),
    description: text('description').notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceMinor: minor('unit_price_minor').notNull(),
    currency: text('currency').notNull(),
    taxRateBp: integer('tax_rate_bp').notNull(),
    /** The day the service was given, in the hospital's zone. */
    serviceDate: date('service_date').notNull(),
    source: text('source').$type<ChargeSource>().notNull(),
    /** The appointment, for a visit's charge; the lab result, dispense or procedure for a capture. */
    sourceId: uuid('source_id'),
    /** The encounter a captured charge belongs to, when the source names one (the billing tier's view). */
    encounterId: uuid('encounter_id'),
    status: text('status').$type<ChargeStatus>().notNull().default('unbilled'),
    invoiceId: uuid('invoice_id').references(() => invoices.id),
    cancelReason: text('cancel_reason'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('billing_charges_source_key')
      .on(t.source, t.sourceId, t.chargeItemId)
      .where(sql`${t.sourceId} is not null`),
    // A captured event is charged once, whatever the price item: a retried hook never charges twice.
    uniqueIndex('billing_charges_capture_key')
      .on(t.source, t.sourceId)
      .where(sql`${t.source} in ('lab_test','dispense','procedure')`),
    // The queue of completed visits still unbilled after some days, oldest first.
    index('billing_charges_unbilled_visit_idx')
      .on(t.serviceDate, t.id)
      .where(sql`${t.status} = 'unbilled' and ${t.source} = 'visit'`),
    index('billing_charges_encounter_idx')
      .on(t.encounterId)
      .where(sql`${t.encounterId} is not null`),
    // The patient's unbilled charges (billing page), and the queue of patients with unbilled charges.
    index('billing_charges_patient_idx').on(t.patientId, t.status, t.serviceDate),
    index('billing_charges_unbilled_idx')
      .on(t.serviceDate)
      .where(sql`${t.status} = 'unbilled'`),
    check('billing_charges_status_check', sql`${t.status} in ('unbilled','invoiced','cancelled')`),
    check('billing_charges_source_check', sql`${t.source} in ('visit','manual','lab_test','dispense','procedure')`),
    check('billing_charges_quantity_check', sql`${t.quantity} between 1 and 1000`),
    check('billing_charges_price_check', sql`${t.unitPriceMinor} between 0 and 1000000000`),
    check('billing_charges_invoiced_check', sql`(${t.status} = 'invoiced') = (${t.invoiceId} is not null)`),
    check('billing_charges_cancelled_check', sql`(${t.status} = 'cancelled') = (${t.cancelReason} is not null)`),
  ],
);

/**
 * An itemised invoice. Its totals are the sums of its lines — a deferred constraint trigger
 * (the billing_totals migration) refuses a commit where they differ — and the share columns add
 * up to the total. A number is given at issue from a gap-free per-year counter and kept when voided.
 */
export const invoices = pgTable(
  'billing_invoices',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    status: text('status').$type<InvoiceStatus>().notNull().default('draft'),
    number: text('number'),
    currency: text('currency').notNull(),
    netMinor: minor('net_minor').notNull(),
    taxMinor: minor('tax_minor').notNull(),
    totalMinor: minor('total_minor').notNull(),
    insurerShareMinor: minor('insurer_share_minor').notNull(),
    patientShareMinor: minor('patient_share_minor').notNull(),
    paidMinor: minor('paid_minor').notNull().default(0),
    /** The part of `paid_minor` the insurer remitted (payments of method `insurer` less their refunds). */
    insurerPaidMinor: minor('insurer_paid_minor').notNull().default(0),
    /** The sum of its credit notes' totals and of its adjustments (adjustments/, docs/billing.md "Credit notes"). */
    creditedMinor: minor('credited_minor').notNull().default(0),
    adjustedMinor: minor('adjusted_minor').notNull().default(0),
    issuedAt: instant('issued_at'),
    issuedBy: uuid('issued_by').references(() => users.id),
    /** The payment's due day (hospital's zone): the issue day + BILLING_PAYMENT_TERMS_DAYS. */
    dueOn: date('due_on'),
    voidedAt: instant('voided_at'),
    voidedBy: uuid('voided_by').references(() => users.id),
    voidReason: text('void_reason'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('billing_invoices_number_key').on(t.number),
    index('billing_invoices_patient_idx').on(t.patientId, t.createdAt),
    index('billing_invoices_status_idx').on(t.status, t.createdAt),
    // Overdue balances: issued or partly paid invoices by due day.
    index('billing_invoices_due_idx')
      .on(t.dueOn, t.id)
      .where(sql`${t.status} in ('issued','partly_paid')`),
    check('billing_invoices_status_check', sql`${t.status} in ('draft','issued','partly_paid','paid','void')`),
    check('billing_invoices_total_check', sql`${t.totalMinor} = ${t.netMinor} + ${t.taxMinor}`),
    check('billing_invoices_shares_check', sql`${t.totalMinor} = ${t.insurerShareMinor} + ${t.patientShareMinor}`),
    check(
      'billing_invoices_nonnegative_check',
      sql`${t.netMinor} >= 0 and ${t.taxMinor} >= 0 and ${t.insurerShareMinor} >= 0 and ${t.patientShareMinor} >= 0`,
    ),
    check('billing_invoices_paid_check', sql`${t.paidMinor} between 0 and ${t.totalMinor}`),
    check('billing_invoices_insurer_paid_check', sql`${t.insurerPaidMinor} between 0 and ${t.paidMinor}`),
    check(
      'billing_invoices_reductions_check',
      sql`${t.creditedMinor} >= 0 and ${t.adjustedMinor} >= 0 and ${t.creditedMinor} + ${t.adjustedMinor} <= ${t.totalMinor}`,
    ),
    check('billing_invoices_number_check', sql`(${t.status} = 'draft') = (${t.number} is null)`),
    check('billing_invoices_issued_check', sql`(${t.status} = 'draft') = (${t.issuedAt} is null)`),
    check('billing_invoices_void_check', sql`(${t.status} = 'void') = (${t.voidedAt} is not null and ${t.voidReason} is not null)`),
  ],
);

/** A line of an invoice: one charge, priced and taxed in minor units (tax rounded per line, half up). */
export const invoiceLines = pgTable(
  'billing_invoice_lines',
  {
    id: id(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    position: integer('position').notNull(),
    chargeId: uuid('charge_id')
      .notNull()
      .references(() => charges.id),
    code: text('code').notNull(),
    description: text('description').notNull(),
    serviceDate: date('service_date').notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceMinor: minor('unit_price_minor').notNull(),
    taxRateBp: integer('tax_rate_bp').notNull(),
    netMinor: minor('net_minor').notNull(),
    taxMinor: minor('tax_minor').notNull(),
    totalMinor: minor('total_minor').notNull(),
    insurerShareMinor: minor('insurer_share_minor').notNull(),
    patientShareMinor: minor('patient_share_minor').notNull(),
  },
  (t) => [
    uniqueIndex('billing_invoice_lines_position_key').on(t.invoiceId, t.position),
    index('billing_invoice_lines_charge_idx').on(t.chargeId),
    check('billing_invoice_lines_net_check', sql`${t.netMinor} = ${t.quantity} * ${t.unitPriceMinor}`),
    check('billing_invoice_lines_tax_check', sql`${t.taxMinor} = (${t.netMinor} * ${t.taxRateBp} + 5000) / 10000`),
    check('billing_invoice_lines_total_check', sql`${t.totalMinor} = ${t.netMinor} + ${t.taxMinor}`),
    check(
      'billing_invoice_lines_shares_check',
      sql`${t.insurerShareMinor} >= 0 and ${t.patientShareMinor} >= 0 and ${t.totalMinor} = ${t.insurerShareMinor} + ${t.patientShareMinor}`,
    ),
  ],
);

/**
 * The gap-free invoice numbers: one row per year (in the hospital's zone), locked by the issuing
 * transaction. A sequence would skip a number whenever a transaction rolled back.
 */
export const invoiceCounters = pgTable(
  'billing_invoice_counters',
  {
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.year] }), check('billing_invoice_counters_check', sql`${t.lastNumber} >= 0`)],
);

/**
 * Money received on an invoice, or given back (docs/billing.md "Payments"). Append-only: a
 * mistaken payment is refunded, never edited. The invoice's `paid_minor` is the sum of its
 * payments less its refunds, kept in the same transaction under the invoice's row lock.
 */
export const payments = pgTable(
  'billing_payments',
  {
    id: id(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    kind: text('kind').$type<PaymentKind>().notNull(),
    method: text('method').$type<PaymentMethod>().notNull(),
    amountMinor: minor('amount_minor').notNull(),
    currency: text('currency').notNull(),
    /** The card terminal's or the bank's reference: never a card number. For `insurer`: the claim's adjudication event. */
    reference: text('reference'),
    /** For a refund: the payment it gives money back from. */
    refundOf: uuid('refund_of').references((): AnyPgColumn => payments.id),
    reason: text('reason'),
    receivedAt: instant('received_at').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('billing_payments_invoice_idx').on(t.invoiceId, t.receivedAt, t.createdAt),
    // The day's payments for the reconciliation report.
    index('billing_payments_received_idx').on(t.receivedAt),
    index('billing_payments_refund_of_idx')
      .on(t.refundOf)
      .where(sql`${t.refundOf} is not null`),
    check('billing_payments_amount_check', sql`${t.amountMinor} > 0`),
    check('billing_payments_kind_check', sql`${t.kind} in ('payment','refund')`),
    // One remittance per claim adjudication (insurance/services/remittance.ts).
    uniqueIndex('billing_payments_remittance_key')
      .on(t.reference)
      .where(sql`${t.method} = 'insurer' and ${t.kind} = 'payment'`),
    check('billing_payments_method_check', sql`${t.method} in ('cash','card_terminal','bank_transfer','online','insurer')`),
    check('billing_payments_refund_check', sql`(${t.kind} = 'refund') = (${t.refundOf} is not null and ${t.reason} is not null)`),
  ],
);
