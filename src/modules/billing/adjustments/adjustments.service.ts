import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead } from '../../../platform/db/read-together.js';
import { conflict, unprocessable } from '../../../platform/errors.js';
import { runIdempotent, type IdempotentOutcome, type IdempotentRequest } from '../../../platform/http/idempotency.js';
import { auditAccess } from '../../patients/index.js';
import { selectInvoiceForUpdate, updateInvoice } from '../billing.repository.js';
import { invoiceAccess } from '../services/billing-access.js';
import { readInvoice } from '../services/billing-queries.service.js';
import {
  insertAdjustment,
  selectInvoiceAdjustments,
  selectInvoiceCreditLines,
  selectInvoiceCreditNotes,
} from './adjustments.repository.js';
import type { AdjustmentDto, CreateAdjustmentInput, InvoiceDocumentsDto } from './adjustments.schemas.js';
import { toAdjustmentDto, toCreditNoteDto } from './adjustments-view.js';
import { balanceOf, statusFor } from './ledger.js';

/**
 * An adjustment with a reason (docs/billing.md "Adjustments"): a write-off, a goodwill gesture or a
 * correction takes an amount off what is still owed — never more (422), so it never makes a refund
 * due. Billing staff only (the route's permission), under the invoice's row lock, audited.
 */
export async function createAdjustment(
  db: Db,
  ctx: ServiceContext,
  invoiceId: string,
  input: CreateAdjustmentInput,
  idempotency?: IdempotentRequest,
): Promise<IdempotentOutcome<AdjustmentDto>> {
  const { access } = await invoiceAccess(db, ctx, invoiceId, 'billing.adjustment.create');
  return runIdempotent(db, idempotency, ctx.now, async (tx) => {
    const invoice = await selectInvoiceForUpdate(tx, invoiceId);
    if (!invoice || !['issued', 'partly_paid'].includes(invoice.status)) {
      throw conflict('Only an issued invoice with something still owed can be adjusted.');
    }
    const owed = balanceOf(invoice);
    if (input.amountMinor > owed) throw unprocessable(`That is more than is owed on this invoice (${owed} in minor units).`);
    const row = await insertAdjustment(tx, {
      invoiceId,
      patientId: invoice.patientId,
      kind: input.kind,
      amountMinor: input.amountMinor,
      currency: invoice.currency,
      reason: input.reason,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
    });
    const adjustedMinor = invoice.adjustedMinor + input.amountMinor;
    await updateInvoice(tx, invoiceId, { adjustedMinor, status: statusFor({ ...invoice, adjustedMinor }), updatedAt: ctx.now });
    await auditAccess(tx, ctx, access, {
      action: 'billing.adjustment.create',
      resourceType: 'billing_adjustment',
      resourceId: row.id,
      category: 'registration',
      detail: { invoiceId, kind: input.kind, amountMinor: input.amountMinor },
    });
    return { status: 201, body: toAdjustmentDto(row) };
  });
}

/**
 * An invoice with its credit notes and adjustments (billing staff; a patient their own issued
 * invoice's), audited as `action` (the page's read, or the PDF's download).
 */
export async function getInvoiceDocuments(
  db: Db,
  ctx: ServiceContext,
  invoiceId: string,
  action: 'billing.credit_note.list' | 'billing.invoice.pdf' = 'billing.credit_note.list',
): Promise<InvoiceDocumentsDto> {
  // The invoice's own statement (built once) carries its credit notes, their lines and its adjustments.
  const { invoice, lines, notes, creditLines, adjustments } = await readInvoice(
    db,
    ctx,
    invoiceId,
    'invoice.documents',
    (db, param) => ({
      notes: deferRead(selectInvoiceCreditNotes(db, param('invoiceId')), (rows) => rows),
      creditLines: deferRead(selectInvoiceCreditLines(db, param('invoiceId')), (rows) => rows),
      adjustments: deferRead(selectInvoiceAdjustments(db, param('invoiceId')), (rows) => rows),
    }),
    action,
  );
  return {
    invoice,
    creditNotes: notes.map((n) => toCreditNoteDto(n, creditLines, lines)),
    adjustments: adjustments.map(toAdjustmentDto),
  };
}
