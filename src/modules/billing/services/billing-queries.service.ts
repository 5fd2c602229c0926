import type { Placeholder } from 'drizzle-orm';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import { auditedViews } from '../../../platform/audit/audited-views.js';
import type { Db } from '../../../platform/db/database.js';
import { forbidden } from '../../../platform/errors.js';
import { accessAuditValues, auditAccess, labelOf, type PatientAccess } from '../../patients/index.js';
import { deferRead } from '../../../platform/db/read-together.js';
import {
  selectInvoiceLines,
  selectInvoicePayments,
  selectInvoicesByStatus,
  selectPatientInvoices,
  selectUnbilledCharges,
  selectUnbilledQueue,
  type InvoiceRow,
  type UnbilledPatientRow,
} from '../billing.repository.js';
import type { InvoiceDto, InvoiceSummaryDto, PatientBillingDto } from '../billing.schemas.js';
import { billingAccess, invoiceAccess } from './billing-access.js';
import { toChargeDto, toInvoiceDto, toInvoiceSummary } from './billing-view.js';

/** How many invoices a patient's page lists (newest first); older ones come with paging later. */
export const INVOICES_SHOWN = 100;
export const QUEUE_SHOWN = 50;

/**
 * A patient's billing for billing staff: unbilled charges and every invoice, drafts included.
 * One audited view BUILT ONCE (issue 11): the audit row travels with the two reads, one statement
 * after the access decision.
 */
export async function getPatientBilling(db: Db, ctx: ServiceContext, patientId: string): Promise<PatientBillingDto> {
  const access = await billingAccess(db, ctx, patientId, 'billing.patient.read');
  const audit = accessAuditValues(ctx, access, {
    action: 'billing.patient.read',
    resourceType: 'patient',
    resourceId: patientId,
    category: 'registration',
  });
  const { unbilled, invoiceRows } = await patientBillingViews(db, 'billing', audit, (db, audited) =>
    patientBillingReads(db, audited.patientId),
  );
  return { patient: labelOf(access.patient), unbilled, invoices: invoiceSummaries(invoiceRows, access.patient) };
}

const patientBillingViews = auditedViews();

/**
 * Unbilled charges (oldest first) and invoice rows (newest first, drafts included), as reads not
 * run yet. `patientId` may be a view's placeholder: nothing here closes over a request's values,
 * so the patient's name is put on the invoices afterwards (`invoiceSummaries`).
 */
export function patientBillingReads(db: Db, patientId: string) {
  return {
    unbilled: deferRead(selectUnbilledCharges(db, patientId), (rows) => rows.map(toChargeDto)),
    invoiceRows: deferRead(selectPatientInvoices(db, patientId, false, INVOICES_SHOWN), (rows) => rows),
  };
}

export function invoiceSummaries(rows: InvoiceRow[], patient: PatientAccess['patient']): InvoiceSummaryDto[] {
  return rows.map((row) => toInvoiceSummary(row, patient));
}

/** A patient's own bills: issued, paid and void invoices (never drafts). */
export async function listMyInvoices(db: Db, ctx: ServiceContext): Promise<InvoiceSummaryDto[]> {
  const patientId = ctx.actor.patientId;
  if (!patientId) throw forbidden('Only a patient has bills of their own.');
  const access = await billingAccess(db, ctx, patientId, 'billing.invoice.list');
  const rows = await selectPatientInvoices(db, patientId, true, INVOICES_SHOWN);
  await auditAccess(db, ctx, access, {
    action: 'billing.invoice.list',
    resourceType: 'patient',
    resourceId: patientId,
    category: 'registration',
  });
  return rows.map((row) => toInvoiceSummary(row, access.patient));
}

/** One invoice with its lines: billing staff any, a patient their own issued ones. */
export async function getInvoice(db: Db, ctx: ServiceContext, invoiceId: string): Promise<InvoiceDto> {
  const { invoice, access } = await invoiceAccess(db, ctx, invoiceId, 'billing.invoice.read');
  const audit = accessAuditValues(ctx, access, {
    action: 'billing.invoice.read',
    resourceType: 'billing_invoice',
    resourceId: invoiceId,
    category: 'registration',
  });
  const { lines, payments } = await invoiceViews(
    db,
    'invoice',
    audit,
    (db, _audited, param: (name: 'invoiceId') => Placeholder) => ({
      lines: deferRead(selectInvoiceLines(db, param('invoiceId')), (rows) => rows),
      payments: deferRead(selectInvoicePayments(db, param('invoiceId')), (rows) => rows),
    }),
    { invoiceId },
  );
  return toInvoiceDto(invoice, access.patient, lines, payments);
}

/**
 * An invoice's lines and payments with its audit row: one statement built once, after the invoice
 * and the access decision (issue 11; were two reads and an insert). The invoice found names the
 * patient the row is written for.
 */
const invoiceViews = auditedViews();

export interface BillingQueues {
  unbilled: UnbilledPatientRow[];
  drafts: InvoiceSummaryDto[];
}

/**
 * Billing's work queues: patients with unbilled charges (oldest service first) and drafts to
 * issue. Registration-tier names for many patients: one audit row for the view, naming them.
 */
export async function getBillingQueues(db: Db, ctx: ServiceContext): Promise<BillingQueues> {
  const [unbilled, drafts] = await Promise.all([selectUnbilledQueue(db, QUEUE_SHOWN), selectInvoicesByStatus(db, 'draft', QUEUE_SHOWN)]);
  const patientIds = [...new Set([...unbilled.map((r) => r.patientId), ...drafts.map((d) => d.patientId)])];
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    { action: 'billing.queue.read', resourceType: 'billing_queue', category: 'registration', detail: { patientIds } },
    ctx.now,
  );
  return {
    unbilled,
    drafts: drafts.map((d) => toInvoiceSummary(d, { id: d.patientId, givenName: d.givenName, familyName: d.familyName, mrn: d.mrn })),
  };
}
