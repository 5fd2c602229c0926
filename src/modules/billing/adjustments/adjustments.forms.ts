import { z } from 'zod';
import type { FieldMessages } from '../../../platform/http/forms.js';
import { REASON_MAX } from '../billing.vocabulary.js';
import { parseMajorAmount } from '../money.js';
import { ADJUSTMENT_KINDS, CREDIT_LINES_MAX } from './adjustments.vocabulary.js';

/**
 * The credit note form: one amount field per invoice line (`line_<position>`, typed as a decimal in
 * the invoice's currency; empty: not credited) and a reason.
 */
export function creditNoteForm(currency: string) {
  return z
    .object({ reason: z.string().trim().min(1).max(REASON_MAX) })
    .catchall(z.unknown())
    .transform((data, ctx) => {
      const lines: { position: number; amountMinor: number }[] = [];
      for (const [key, value] of Object.entries(data)) {
        const match = /^line_(\d{1,3})$/.exec(key);
        if (!match || typeof value !== 'string' || value.trim() === '') continue;
        const amountMinor = parseMajorAmount(value, currency);
        if (amountMinor === null || amountMinor < 1) {
          ctx.addIssue({ code: 'custom', path: [key], message: 'invalid amount' });
          continue;
        }
        lines.push({ position: Number(match[1]), amountMinor });
      }
      if (lines.length === 0 || lines.length > CREDIT_LINES_MAX) ctx.addIssue({ code: 'custom', path: ['lines'], message: 'no line' });
      return { reason: data.reason, lines: lines.sort((a, b) => a.position - b.position) };
    });
}

export function adjustmentForm(currency: string) {
  return z.object({
    kind: z.enum(ADJUSTMENT_KINDS),
    amount: z
      .string()
      .transform((v) => parseMajorAmount(v, currency))
      .pipe(z.number().int().min(1)),
    reason: z.string().trim().min(1).max(REASON_MAX),
  });
}

/** The statement's period and the reconciliation's day, from the query string. */
export const periodQuery = z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() });
export const dayQuery = z.object({ day: z.iso.date().optional() });

export const ADJUSTMENT_FIELD_MESSAGES: FieldMessages = {
  reason: ['billing.field_reason_invalid', { max: REASON_MAX }],
  amount: ['billing.field_amount_invalid'],
  kind: ['billing_docs.field_kind_invalid'],
  lines: ['billing_docs.field_lines_invalid'],
};
