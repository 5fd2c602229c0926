import { z } from 'zod';
import type { FieldMessages } from '../../platform/http/forms.js';
import { parseMajorAmount } from './money.js';
import {
  CODE_MAX,
  LINES_MAX,
  NAME_MAX,
  PAYMENT_METHODS,
  QUANTITY_MAX,
  REASON_MAX,
  REFERENCE_MAX,
  UNIT_PRICE_MAX_MINOR,
} from './billing.vocabulary.js';

/**
 * The billing pages' forms: people type amounts as decimals ("45.50") and rates as percentages
 * ("5.5"); the API takes minor units and basis points. Both end in the same service input.
 */
export function priceForm(currency: string) {
  return z
    .object({
      code: z
        .string()
        .toUpperCase()
        .regex(/^[A-Z0-9][A-Z0-9._-]*$/)
        .max(CODE_MAX),
      name: z.string().min(1).max(NAME_MAX),
      price: z
        .string()
        .transform((v) => parseMajorAmount(v, currency))
        .pipe(z.number().int().min(0).max(UNIT_PRICE_MAX_MINOR)),
      taxRate: z
        .string()
        .default('0')
        .transform((v) => percentToBasisPoints(v))
        .pipe(z.number().int().min(0).max(10_000)),
      visitTypeId: z.uuid().optional(),
      effectiveFrom: z.iso.date(),
    })
    .transform(({ price, taxRate, ...rest }) => ({ ...rest, unitPriceMinor: price, taxRateBp: taxRate }));
}

/** "5.5" → 550 basis points; null when it is not a percentage with at most two decimals. */
export function percentToBasisPoints(text: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0') || '0');
}

export const chargeForm = z.object({
  code: z.string().toUpperCase().min(1).max(CODE_MAX),
  quantity: z.coerce.number().int().min(1).max(QUANTITY_MAX),
  serviceDate: z.iso.date(),
});

export const invoiceForm = z.object({
  chargeIds: z.preprocess(
    (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
    z.array(z.uuid()).min(1).max(LINES_MAX),
  ),
  insurerCoverage: z
    .string()
    .default('0')
    .transform((v) => percentToBasisPoints(v))
    .pipe(z.number().int().min(0).max(10_000)),
});

export const reasonForm = z.object({ reason: z.string().min(1).max(REASON_MAX) });

/** An amount typed in the invoice's currency ("20.50"), as minor units. */
const amountIn = (currency: string) =>
  z
    .string()
    .transform((v) => parseMajorAmount(v, currency))
    .pipe(z.number().int().min(1));

export function paymentForm(currency: string) {
  return z.object({ amount: amountIn(currency), method: z.enum(PAYMENT_METHODS), reference: z.string().max(REFERENCE_MAX).optional() });
}

export function refundForm(currency: string) {
  return z.object({ amount: amountIn(currency), reason: z.string().min(1).max(REASON_MAX) });
}

/** The message beside each field, in the viewer's language. */
export const FIELD_MESSAGES: FieldMessages = {
  code: ['billing.field_code_invalid', { max: CODE_MAX }],
  name: ['billing.field_name_invalid', { max: NAME_MAX }],
  price: ['billing.field_price_invalid'],
  taxRate: ['billing.field_rate_invalid'],
  insurerCoverage: ['billing.field_rate_invalid'],
  effectiveFrom: ['billing.field_date_invalid'],
  serviceDate: ['billing.field_date_invalid'],
  quantity: ['billing.field_quantity_invalid', { max: QUANTITY_MAX }],
  chargeIds: ['billing.field_charges_invalid'],
  reason: ['billing.field_reason_invalid', { max: REASON_MAX }],
  amount: ['billing.field_amount_invalid'],
  method: ['billing.field_method_invalid'],
  reference: ['billing.field_reference_invalid', { max: REFERENCE_MAX }],
};
