import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { conflict, unprocessable } from '../../../platform/errors.js';
import { addDays, hospitalTimeZone, localDateOf } from '../../../platform/time/zoned-time.js';
import { notify } from '../../notifications/index.js';
import { auditAccess } from '../../patients/index.js';
import {
  deleteDraftInvoice,
  insertInvoice,
  insertInvoiceLines,
  markChargesInvoiced,
  nextInvoiceNumber,
  releaseInvoiceCharges,
  selectChargesForUpdate,
  selectInvoiceForUpdate,
  selectInvoiceLines,
  updateInvoice,
} from '../billing.repository.js';
import type { CreateInvoiceInput, InvoiceDto } from '../billing.schemas.js';
import { lineAmounts, sumLines } from '../money.js';
import { billingAccess, invoiceAccess } from './billing-access.js';
import { formatInvoiceNumber, toInvoiceDto } from './billing-view.js';

/**
 * A draft invoice from some of the patient's unbilled charges (locked, so two drafts cannot take
 * the same charge): one line per charge, priced as captured, tax and the insurer's share rounded
 * per line. The totals are the sums of the lines (the database checks it at commit).
 */
export async function createDraftInvoice(db: Db, ctx: ServiceContext, patientId: string, input: CreateInvoiceInput): Promise<InvoiceDto> {
  const access = await billingAccess(db, ctx, patientId, 'billing.invoice.create');
  return db.transaction(async (tx) => {
    const chosen = await selectChargesForUpdate(tx, [...new Set(input.chargeIds)]);
    if (chosen.length !== new Set(input.chargeIds).size || chosen.some((c) => c.patientId !== patientId)) {
      throw unprocessable('Every charge must be one of this patient’s.');
    }
    if (chosen.some((c) => c.status !== 'unbilled')) throw conflict('A chosen charge is already on an invoice or cancelled.');
    const currencies = new Set(chosen.map((c) => c.currency));
    if (currencies.size > 1) throw unprocessable('The charges are in different currencies: invoice them separately.');
    const lines = chosen.map((c, i) => ({
      position: i + 1,
      chargeId: c.id,
      code: c.code,
      description: c.description,
      serviceDate: c.serviceDate,
      quantity: c.quantity,
      unitPriceMinor: c.unitPriceMinor,
      taxRateBp: c.taxRateBp,
      ...lineAmounts(c.quantity, c.unitPriceMinor, c.taxRateBp, input.insurerCoverageBp),
    }));
    const totals = sumLines(lines);
    const invoice = await insertInvoice(tx, {
      patientId,
      currency: chosen[0]!.currency,
      ...totals,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await insertInvoiceLines(
      tx,
      lines.map((l) => ({ ...l, invoiceId: invoice.id })),
    );
    await markChargesInvoiced(
      tx,
      chosen.map((c) => c.id),
      invoice.id,
      ctx.now,
    );
    await auditAccess(tx, ctx, access, {
      action: 'billing.invoice.create',
      resourceType: 'billing_invoice',
      resourceId: invoice.id,
      category: 'registration',
      detail: { lines: lines.length, totalMinor: totals.totalMinor },
    });
    return toInvoiceDto(invoice, access.patient, await selectInvoiceLines(tx, invoice.id));
  });
}

/** BILLING_PAYMENT_TERMS_DAYS' default: an invoice is due 30 days after its issue day. */
export const DEFAULT_PAYMENT_TERMS_DAYS = 30;

/**
 * Issues a draft: the next number of the year (in the hospital's zone) from the locked counter
 * row, in this transaction — so numbers are consecutive with no gaps even when an issue fails.
 */
export async function issueInvoice(
  db: Db,
  ctx: ServiceContext,
  invoiceId: string,
  paymentTermsDays = DEFAULT_PAYMENT_TERMS_DAYS,
): Promise<InvoiceDto> {
  const { access } = await invoiceAccess(db, ctx, invoiceId, 'billing.invoice.issue');
  return db.transaction(async (tx) => {
    const invoice = await selectInvoiceForUpdate(tx, invoiceId);
    if (invoice?.status !== 'draft') throw conflict('Only a draft can be issued: this invoice has been issued already.');
    const issueDay = localDateOf(ctx.now, hospitalTimeZone());
    const year = Number(issueDay.slice(0, 4));
    const number = formatInvoiceNumber(year, await nextInvoiceNumber(tx, year));
    const issued = await updateInvoice(tx, invoiceId, {
      status: 'issued',
      number,
      issuedAt: ctx.now,
      issuedBy: ctx.actor.userId,
      dueOn: addDays(issueDay, paymentTermsDays),
      updatedAt: ctx.now,
    });
    await auditAccess(tx, ctx, access, {
      action: 'billing.invoice.issue',
      resourceType: 'billing_invoice',
      resourceId: invoiceId,
      category: 'registration',
      detail: { number },
    });
    // "A new bill": no amount, no service named (the external text leaves the hospital).
    if (access.patient.userId) {
      const notice = { recipientUserId: access.patient.userId, category: 'billing' as const, template: 'billing.invoice_issued' };
      await notify(tx, { ...notice, link: `/portal/bills/${invoiceId}`, dedupeKey: `invoice-issued:${invoiceId}` }, ctx.now);
    }
    return toInvoiceDto(issued, access.patient, await selectInvoiceLines(tx, invoiceId));
  });
}

/**
 * Voids an issued invoice on which nothing has been paid: it keeps its number (the year's
 * sequence stays gap-free) and its charges return to the unbilled list to be invoiced again.
 */
export async function voidInvoice(db: Db, ctx: ServiceContext, invoiceId: string, reason: string): Promise<InvoiceDto> {
  const { access } = await invoiceAccess(db, ctx, invoiceId, 'billing.invoice.void');
  return db.transaction(async (tx) => {
    const invoice = await selectInvoiceForUpdate(tx, invoiceId);
    if (invoice?.status !== 'issued' || invoice.paidMinor > 0 || invoice.creditedMinor > 0 || invoice.adjustedMinor > 0) {
      throw conflict(
        'Only an issued invoice with nothing paid, credited or adjusted can be voided (a draft is discarded; a paid one needs a refund).',
      );
    }
    const voided = await updateInvoice(tx, invoiceId, {
      status: 'void',
      voidedAt: ctx.now,
      voidedBy: ctx.actor.userId,
      voidReason: reason,
      updatedAt: ctx.now,
    });
    await releaseInvoiceCharges(tx, invoiceId, ctx.now);
    await auditAccess(tx, ctx, access, {
      action: 'billing.invoice.void',
      resourceType: 'billing_invoice',
      resourceId: invoiceId,
      category: 'registration',
      detail: { number: invoice.number },
    });
    return toInvoiceDto(voided, access.patient, await selectInvoiceLines(tx, invoiceId));
  });
}

/** Discards a draft (it never had a number): its charges return to the unbilled list. */
export async function discardDraftInvoice(db: Db, ctx: ServiceContext, invoiceId: string): Promise<void> {
  const { access } = await invoiceAccess(db, ctx, invoiceId, 'billing.invoice.discard');
  await db.transaction(async (tx) => {
    const invoice = await selectInvoiceForUpdate(tx, invoiceId);
    if (invoice?.status !== 'draft') throw conflict('Only a draft can be discarded: an issued invoice is voided.');
    await releaseInvoiceCharges(tx, invoiceId, ctx.now);
    await deleteDraftInvoice(tx, invoiceId);
    await auditAccess(tx, ctx, access, {
      action: 'billing.invoice.discard',
      resourceType: 'billing_invoice',
      resourceId: invoiceId,
      category: 'registration',
    });
  });
}
