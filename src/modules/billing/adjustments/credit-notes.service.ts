import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { conflict, unprocessable } from '../../../platform/errors.js';
import { runIdempotent, type IdempotentOutcome, type IdempotentRequest } from '../../../platform/http/idempotency.js';
import { hospitalTimeZone, localDateOf } from '../../../platform/time/zoned-time.js';
import { auditAccess } from '../../patients/index.js';
import { selectInvoiceForUpdate, selectInvoiceLines, updateInvoice } from '../billing.repository.js';
import { sumLines, type LineAmounts } from '../money.js';
import { invoiceAccess } from '../services/billing-access.js';
import { insertCreditNote, nextCreditNoteNumber, selectInvoiceCreditLines } from './adjustments.repository.js';
import type { CreateCreditNoteInput, CreditNoteDto } from './adjustments.schemas.js';
import { formatCreditNoteNumber, toCreditNoteDto } from './adjustments-view.js';
import { creditSplit, reducibleOf, remainingOf, statusFor } from './ledger.js';

/** Invoices a credit note may reduce: issued ones, paid or not (a draft is edited, a void one is gone). */
const CREDITABLE = ['issued', 'partly_paid', 'paid'];

/**
 * A credit note instead of an edit (docs/billing.md "Credit notes"): for some or all of an issued
 * invoice's lines, never more on a line than is left of it after its earlier credits (422). Under
 * the invoice's row lock; the number comes from the year's locked counter row in the same
 * transaction (gap-free, like invoices). It lowers what is owed; what it takes off beyond what was
 * still unpaid becomes a refund due (the invoice's `refundDueMinor`), given back as a refund of a
 * payment.
 */
export async function createCreditNote(
  db: Db,
  ctx: ServiceContext,
  invoiceId: string,
  input: CreateCreditNoteInput,
  idempotency?: IdempotentRequest,
): Promise<IdempotentOutcome<CreditNoteDto>> {
  const { access } = await invoiceAccess(db, ctx, invoiceId, 'billing.credit_note.create');
  return runIdempotent(db, idempotency, ctx.now, async (tx) => {
    const invoice = await selectInvoiceForUpdate(tx, invoiceId);
    if (!invoice || !CREDITABLE.includes(invoice.status)) throw conflict('Only an issued invoice can be credited (a draft is edited).');
    if (new Set(input.lines.map((l) => l.position)).size !== input.lines.length) {
      throw unprocessable('Each line may be credited once per credit note.');
    }
    const [lines, earlier] = await Promise.all([selectInvoiceLines(tx, invoiceId), selectInvoiceCreditLines(tx, invoiceId)]);
    const credited: { invoiceLineId: string; position: number; amounts: LineAmounts }[] = [];
    for (const [i, wanted] of input.lines.entries()) {
      const line = lines.find((l) => l.position === wanted.position);
      if (!line) throw unprocessable(`The invoice has no line ${wanted.position}.`);
      const left = remainingOf(
        line,
        earlier.filter((c) => c.invoiceLineId === line.id),
      );
      const amounts = creditSplit(left, wanted.amountMinor);
      if (!amounts)
        throw unprocessable(`That is more than is left to credit on line ${wanted.position} (${left.totalMinor} in minor units).`);
      credited.push({ invoiceLineId: line.id, position: i + 1, amounts });
    }
    const totals = sumLines(credited.map((c) => c.amounts));
    if (totals.totalMinor > reducibleOf(invoice)) {
      throw unprocessable(`That is more than is left to reduce on this invoice (${reducibleOf(invoice)} in minor units).`);
    }
    const year = Number(localDateOf(ctx.now, hospitalTimeZone()).slice(0, 4));
    const number = formatCreditNoteNumber(year, await nextCreditNoteNumber(tx, year));
    const note = await insertCreditNote(
      tx,
      {
        invoiceId,
        patientId: invoice.patientId,
        number,
        currency: invoice.currency,
        ...totals,
        reason: input.reason,
        issuedAt: ctx.now,
        issuedBy: ctx.actor.userId,
        createdAt: ctx.now,
      },
      credited.map((c) => ({ invoiceLineId: c.invoiceLineId, position: c.position, ...c.amounts })),
    );
    const creditedMinor = invoice.creditedMinor + totals.totalMinor;
    await updateInvoice(tx, invoiceId, { creditedMinor, status: statusFor({ ...invoice, creditedMinor }), updatedAt: ctx.now });
    await auditAccess(tx, ctx, access, {
      action: 'billing.credit_note.create',
      resourceType: 'billing_credit_note',
      resourceId: note.id,
      category: 'registration',
      detail: { invoiceId, number, totalMinor: totals.totalMinor },
    });
    const noteLines = credited.map((c, i) => ({
      id: String(i),
      creditNoteId: note.id,
      invoiceLineId: c.invoiceLineId,
      position: c.position,
      ...c.amounts,
    }));
    return { status: 201, body: toCreditNoteDto(note, noteLines, lines) };
  });
}
