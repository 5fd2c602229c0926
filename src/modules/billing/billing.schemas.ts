import { z } from 'zod';
import {
  CHARGE_SOURCES,
  CHARGE_STATUSES,
  CODE_MAX,
  INVOICE_STATUSES,
  LINES_MAX,
  NAME_MAX,
  PAYMENT_KINDS,
  ALL_PAYMENT_METHODS,
  PAYMENT_METHODS,
  REFERENCE_MAX,
  QUANTITY_MAX,
  REASON_MAX,
  TAX_RATE_MAX_BP,
  UNIT_PRICE_MAX_MINOR,
} from './billing.vocabulary.js';

const day = z.iso.date();
const minorAmount = z.number().int().min(0);

export const invoiceIdParamsSchema = z.object({ id: z.uuid() }).strict();
export const chargeIdParamsSchema = z.object({ id: z.uuid() }).strict();

/** A price: a new code, or a new period of an existing code from `effectiveFrom` on. */
export const createChargeItemBodySchema = z
  .object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9][A-Z0-9._-]*$/, 'Letters, digits, dot, dash or underscore, starting with a letter or digit')
      .max(CODE_MAX),
    name: z.string().trim().min(1).max(NAME_MAX),
    unitPriceMinor: z.number().int().min(0).max(UNIT_PRICE_MAX_MINOR),
    taxRateBp: z.number().int().min(0).max(TAX_RATE_MAX_BP).default(0),
    /** Completed visits of this type are charged as this item. */
    visitTypeId: z.uuid().optional(),
    /** Captures (docs/billing.md "Capture sources"): a lab test's LOINC, a formulary product, a procedure code. */
    loinc: z
      .string()
      .trim()
      .regex(/^\d{1,7}-\d$/, 'A LOINC code such as 2345-7')
      .optional(),
    productId: z.uuid().optional(),
    procedureCode: z.string().trim().min(1).max(CODE_MAX).optional(),
    effectiveFrom: day,
  })
  .strict();
export type CreateChargeItemInput = z.infer<typeof createChargeItemBodySchema>;

export const chargeItemSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  unitPriceMinor: minorAmount,
  currency: z.string(),
  taxRateBp: z.number().int(),
  visitTypeId: z.uuid().nullable(),
  loinc: z.string().nullable(),
  productId: z.uuid().nullable(),
  procedureCode: z.string().nullable(),
  effectiveFrom: day,
  effectiveTo: day.nullable(),
});
export type ChargeItemDto = z.infer<typeof chargeItemSchema>;
export const chargeItemListSchema = z.object({ items: z.array(chargeItemSchema), nextCursor: z.null() });

/** A charge billing staff add by hand: a catalogue code priced on the service day. */
export const createChargeBodySchema = z
  .object({
    code: z.string().trim().toUpperCase().min(1).max(CODE_MAX),
    quantity: z.number().int().min(1).max(QUANTITY_MAX).default(1),
    serviceDate: day,
  })
  .strict();
export type CreateChargeInput = z.infer<typeof createChargeBodySchema>;

export const cancelChargeBodySchema = z.object({ reason: z.string().trim().min(1).max(REASON_MAX) }).strict();

export const chargeSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  code: z.string(),
  description: z.string(),
  quantity: z.number().int(),
  unitPriceMinor: minorAmount,
  currency: z.string(),
  taxRateBp: z.number().int(),
  serviceDate: day,
  source: z.enum(CHARGE_SOURCES),
  status: z.enum(CHARGE_STATUSES),
  invoiceId: z.uuid().nullable(),
  cancelReason: z.string().nullable(),
});
export type ChargeDto = z.infer<typeof chargeSchema>;

/** A draft from some of the patient's unbilled charges; the insurer covers a share of each line. */
export const createInvoiceBodySchema = z
  .object({
    chargeIds: z.array(z.uuid()).min(1).max(LINES_MAX),
    /** The insurer's share of every line in basis points (8000 = 80 %); 0 when the patient pays all. */
    insurerCoverageBp: z.number().int().min(0).max(10_000).default(0),
  })
  .strict();
export type CreateInvoiceInput = z.infer<typeof createInvoiceBodySchema>;

export const voidInvoiceBodySchema = z.object({ reason: z.string().trim().min(1).max(REASON_MAX) }).strict();

export const invoiceLineSchema = z.object({
  position: z.number().int(),
  chargeId: z.uuid(),
  code: z.string(),
  description: z.string(),
  serviceDate: day,
  quantity: z.number().int(),
  unitPriceMinor: minorAmount,
  taxRateBp: z.number().int(),
  netMinor: minorAmount,
  taxMinor: minorAmount,
  totalMinor: minorAmount,
  insurerShareMinor: minorAmount,
  patientShareMinor: minorAmount,
});

export const paymentSchema = z.object({
  id: z.uuid(),
  invoiceId: z.uuid(),
  kind: z.enum(PAYMENT_KINDS),
  method: z.enum(ALL_PAYMENT_METHODS),
  amountMinor: minorAmount,
  currency: z.string(),
  reference: z.string().nullable(),
  refundOf: z.uuid().nullable(),
  reason: z.string().nullable(),
  receivedAt: z.iso.datetime({ offset: true }),
});
export type PaymentDto = z.infer<typeof paymentSchema>;

export const invoiceSchema = z.object({
  id: z.uuid(),
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
  status: z.enum(INVOICE_STATUSES),
  number: z.string().nullable(),
  currency: z.string(),
  netMinor: minorAmount,
  taxMinor: minorAmount,
  totalMinor: minorAmount,
  insurerShareMinor: minorAmount,
  patientShareMinor: minorAmount,
  paidMinor: minorAmount,
  /** The part of paidMinor the insurer remitted (payments of method `insurer`). */
  insurerPaidMinor: minorAmount,
  /** The sums of its credit notes and of its adjustments (docs/billing.md "Credit notes", "Adjustments"). */
  creditedMinor: minorAmount,
  adjustedMinor: minorAmount,
  /** What is still owed: total − credited − adjusted − (payments − refunds), never below 0; 0 once void. */
  balanceMinor: minorAmount,
  /** What the hospital owes back when a credit note took off more than was still unpaid (else 0). */
  refundDueMinor: minorAmount,
  issuedAt: z.iso.datetime({ offset: true }).nullable(),
  /** The day payment is due (hospital's zone): issue day + BILLING_PAYMENT_TERMS_DAYS; null for a draft. */
  dueOn: z.iso.date().nullable(),
  voidedAt: z.iso.datetime({ offset: true }).nullable(),
  voidReason: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  lines: z.array(invoiceLineSchema),
  /** Payments and refunds, oldest first. */
  payments: z.array(paymentSchema),
});
export type InvoiceDto = z.infer<typeof invoiceSchema>;

export const invoiceSummarySchema = invoiceSchema.omit({ lines: true, payments: true });
export type InvoiceSummaryDto = z.infer<typeof invoiceSummarySchema>;

export const patientBillingSchema = z.object({
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
  unbilled: z.array(chargeSchema),
  invoices: z.array(invoiceSummarySchema),
});
export type PatientBillingDto = z.infer<typeof patientBillingSchema>;

export const invoiceListSchema = z.object({ items: z.array(invoiceSummarySchema), nextCursor: z.null() });

export const paymentIdParamsSchema = z.object({ id: z.uuid() }).strict();

/** Money taken at the desk for an invoice: never more than is still owed on it. */
export const recordPaymentBodySchema = z
  .object({
    amountMinor: z
      .number()
      .int()
      .min(1)
      .max(UNIT_PRICE_MAX_MINOR * QUANTITY_MAX),
    method: z.enum(PAYMENT_METHODS),
    /** The card terminal's or the bank's reference (never a card number). */
    reference: z.string().trim().min(1).max(REFERENCE_MAX).optional(),
  })
  .strict();
export type RecordPaymentInput = z.infer<typeof recordPaymentBodySchema>;

/** Some or all of one payment given back, with a reason. */
export const refundBodySchema = z
  .object({
    amountMinor: z
      .number()
      .int()
      .min(1)
      .max(UNIT_PRICE_MAX_MINOR * QUANTITY_MAX),
    reason: z.string().trim().min(1).max(REASON_MAX),
  })
  .strict();
export type RefundInput = z.infer<typeof refundBodySchema>;
