/**
 * The words of billing (docs/billing.md). Each status has a label in every locale
 * (`billing.invoice_status_<v>`, `billing.source_<v>`).
 */

/** A charge waits unbilled until an invoice takes it; voiding that invoice releases it again. */
export const CHARGE_STATUSES = ['unbilled', 'invoiced', 'cancelled'] as const;
export type ChargeStatus = (typeof CHARGE_STATUSES)[number];

/** Where a charge came from: a completed visit, a lab test, a dispense, a procedure (captured automatically) or billing staff's hand. */
export const CHARGE_SOURCES = ['visit', 'manual', 'lab_test', 'dispense', 'procedure'] as const;
export type ChargeSource = (typeof CHARGE_SOURCES)[number];

/**
 * draft → issued → partly_paid → paid; an issued invoice with nothing paid may be voided (it keeps
 * its number). Payments move issued → partly_paid → paid (the payments work, docs/billing.md).
 */
export const INVOICE_STATUSES = ['draft', 'issued', 'partly_paid', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** Who bills: billing staff and administrators. */
export const BILLING_ROLES = ['billing', 'admin'] as const;

export const CODE_MAX = 32;
export const NAME_MAX = 200;
export const REASON_MAX = 500;
export const QUANTITY_MAX = 1000;
/** 10 000 000.00 in a currency with two decimals: no hospital service costs more. */
export const UNIT_PRICE_MAX_MINOR = 1_000_000_000;
/** Basis points: 2000 = 20 %. */
export const TAX_RATE_MAX_BP = 10_000;
/** A draft takes at most this many charges (one page of lines, one statement). */
export const LINES_MAX = 200;

/** How money came in at the desk (the desk's form and API take these). */
export const PAYMENT_METHODS = ['cash', 'card_terminal', 'bank_transfer'] as const;
/**
 * Every method a payment row may have: the desk's, `online` (recorded from the provider's webhook)
 * and `insurer` (the insurer's remittance, posted when a claim is adjudicated: insurance/services/remittance.ts).
 */
export const ALL_PAYMENT_METHODS = [...PAYMENT_METHODS, 'online', 'insurer'] as const;
export type PaymentMethod = (typeof ALL_PAYMENT_METHODS)[number];

/** A payment brings money in; a refund gives some of one payment back (never more than it brought). */
export const PAYMENT_KINDS = ['payment', 'refund'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

export const REFERENCE_MAX = 100;
