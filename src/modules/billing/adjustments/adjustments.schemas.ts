import { z } from 'zod';
import { QUANTITY_MAX, REASON_MAX, UNIT_PRICE_MAX_MINOR } from '../billing.vocabulary.js';
import { invoiceSchema } from '../billing.schemas.js';
import { ADJUSTMENT_KINDS, CREDIT_LINES_MAX } from './adjustments.vocabulary.js';

const amount = z
  .number()
  .int()
  .min(1)
  .max(UNIT_PRICE_MAX_MINOR * QUANTITY_MAX);
const minorAmount = z.number().int();

/** A credit note for some or all of an invoice's lines: per line (by position) the gross amount taken off. */
export const createCreditNoteBodySchema = z
  .object({
    lines: z
      .array(z.object({ position: z.number().int().min(1).max(CREDIT_LINES_MAX), amountMinor: amount }).strict())
      .min(1)
      .max(CREDIT_LINES_MAX),
    reason: z.string().trim().min(1).max(REASON_MAX),
  })
  .strict();
export type CreateCreditNoteInput = z.infer<typeof createCreditNoteBodySchema>;

export const createAdjustmentBodySchema = z
  .object({
    kind: z.enum(ADJUSTMENT_KINDS),
    amountMinor: amount,
    reason: z.string().trim().min(1).max(REASON_MAX),
  })
  .strict();
export type CreateAdjustmentInput = z.infer<typeof createAdjustmentBodySchema>;

export const creditNoteSchema = z.object({
  id: z.uuid(),
  invoiceId: z.uuid(),
  number: z.string(),
  currency: z.string(),
  netMinor: minorAmount,
  taxMinor: minorAmount,
  totalMinor: minorAmount,
  insurerShareMinor: minorAmount,
  patientShareMinor: minorAmount,
  reason: z.string(),
  issuedAt: z.iso.datetime({ offset: true }),
  lines: z.array(
    z.object({
      position: z.number().int(),
      invoiceLinePosition: z.number().int(),
      netMinor: minorAmount,
      taxMinor: minorAmount,
      totalMinor: minorAmount,
      insurerShareMinor: minorAmount,
      patientShareMinor: minorAmount,
    }),
  ),
});
export type CreditNoteDto = z.infer<typeof creditNoteSchema>;

export const adjustmentSchema = z.object({
  id: z.uuid(),
  invoiceId: z.uuid(),
  kind: z.enum(ADJUSTMENT_KINDS),
  amountMinor: minorAmount,
  currency: z.string(),
  reason: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type AdjustmentDto = z.infer<typeof adjustmentSchema>;

/** An invoice with its credit notes and adjustments. */
export const invoiceDocumentsSchema = z.object({
  invoice: invoiceSchema,
  creditNotes: z.array(creditNoteSchema),
  adjustments: z.array(adjustmentSchema),
});
export type InvoiceDocumentsDto = z.infer<typeof invoiceDocumentsSchema>;
