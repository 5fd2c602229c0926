/** Why an amount is taken off what is owed (docs/billing.md "Adjustments"); labels `billing_docs.adjustment_<v>`. */
export const ADJUSTMENT_KINDS = ['write_off', 'goodwill', 'correction'] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

/** A credit note takes at most this many lines (an invoice has at most LINES_MAX). */
export const CREDIT_LINES_MAX = 200;
