import type { Placeholder } from 'drizzle-orm';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import { auditedViews } from '../../../platform/audit/audited-views.js';
import type { Db } from '../../../platform/db/database.js';
import { forbidden } from '../../../platform/errors.js';
import { accessAuditValues, labelOf, type PatientAccess } from '../../patients/index.js';
import { deferRead, type DeferredRead, type ReadResults } from '../../../platform/db/read-together.js';
import { selectInvoiceChargeEncounters } from '../capture/encounter-billing.repository.js';
import { selectSubmittedClaimIdOfInvoice } from '../insurance/insurance.repository.js';
import { invoiceOnlinePaymentsRead, type OnlinePaymentDto } from '../online-payments/services/online-payments.service.js';
import {
  selectInvoiceLines,
  selectInvoicePayments,
  selectInvoicesByStatus,
  selectPatientInvoices,
  selectUnbilledCharges,
  selectUnbilledQueue,
  type InvoiceLineRow,
  type InvoiceRow,
  type PaymentRow,
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
  const audit = accessAuditValues(ctx, access, {
    action: 'billing.invoice.list',
    resourceType: 'patient',
    resourceId: patientId,
    category: 'registration',
  });
  // The audit row with the invoices: one statement built once (was a read, then the row).
  const { rows } = await patientBillingViews(db, 'own', audit, (db, audited) => ({
    rows: deferRead(selectPatientInvoices(db, audited.patientId, true, INVOICES_SHOWN), (rows) => rows),
  }));
  return rows.map((row) => toInvoiceSummary(row, access.patient));
}

/** One invoice with its lines: billing staff any, a patient their own issued ones. */
export async function getInvoice(db: Db, ctx: ServiceContext, invoiceId: string): Promise<InvoiceDto> {
  return (await readInvoice(db, ctx, invoiceId, 'invoice', () => ({}))).invoice;
}

/**
 * An invoice's page: the invoice with what the page links to, read in the invoice's own statement.
 * The patient's bill links to its claim (once submitted); billing staff's invoice links each line
 * to its encounter (its codes). Both were reads of their own after the invoice.
 */
export async function getInvoicePage(
  db: Db,
  ctx: ServiceContext,
  invoiceId: string,
  viewer: 'patient' | 'staff',
): Promise<InvoicePageRead> {
  if (viewer === 'patient') {
    const { invoice, claim, onlinePayments } = await readInvoice(db, ctx, invoiceId, 'invoice.claim', (db, param) => ({
      claim: deferRead(selectSubmittedClaimIdOfInvoice(db, param('invoiceId')), ([row]) => row?.id),
      onlinePayments: invoiceOnlinePaymentsRead(db, param('invoiceId')),
    }));
    return { invoice, claimId: claim, onlinePayments, lineEncounters: new Map() };
  }
  const { invoice, encounters } = await readInvoice(db, ctx, invoiceId, 'invoice.encounters', (db, param) => ({
    encounters: deferRead(selectInvoiceChargeEncounters(db, param('invoiceId')), (rows) => rows),
  }));
  return {
    invoice,
    claimId: undefined,
    onlinePayments: [],
    lineEncounters: new Map(encounters.flatMap((e) => (e.encounterId ? [[e.chargeId, e.encounterId] as const] : []))),
  };
}

export interface InvoicePageRead {
  invoice: InvoiceDto;
  /** The claim to follow (the patient's bill), when one was submitted. */
  claimId: string | undefined;
  /** Its online payments, newest first (the patient's bill: Pay online). */
  onlinePayments: OnlinePaymentDto[];
  /** Charge id → its encounter (billing staff's invoice). */
  lineEncounters: Map<string, string>;
}

/**
 * The invoice after its access decision, with its lines, payments and `more` (named otherwise), and its
 * audit row: one statement per `key`.
 */
export async function readInvoice<R extends Record<string, DeferredRead<unknown>> & { lines?: never; payments?: never }>(
  db: Db,
  ctx: ServiceContext,
  invoiceId: string,
  key: string,
  more: (db: Db, param: (name: 'invoiceId') => Placeholder) => R,
  action: 'billing.invoice.read' | 'billing.credit_note.list' | 'billing.invoice.pdf' = 'billing.invoice.read',
): Promise<{ invoice: InvoiceDto; lines: InvoiceLineRow[] } & ReadResults<R>> {
  const { invoice, access } = await invoiceAccess(db, ctx, invoiceId, action);
  const audit = accessAuditValues(ctx, access, {
    action,
    resourceType: 'billing_invoice',
    resourceId: invoiceId,
    category: 'registration',
  });
  const { lines, payments, ...rest } = (await invoiceViews(
    db,
    key,
    audit,
    (db, _audited, param: (name: 'invoiceId') => Placeholder) => ({
      ...more(db, param),
      lines: deferRead(selectInvoiceLines(db, param('invoiceId')), (rows) => rows),
      payments: deferRead(selectInvoicePayments(db, param('invoiceId')), (rows) => rows),
    }),
    { invoiceId },
  )) as ReadResults<R> & { lines: InvoiceLineRow[]; payments: PaymentRow[] };
  return { invoice: toInvoiceDto(invoice, access.patient, lines, payments), lines, ...(rest as unknown as ReadResults<R>) };
}

/**
 * An invoice's lines and payments (and what its page links to: the claim, the encounters, the credit
 * notes and adjustments) with its audit row: one statement built once per key, after the invoice and the access decision (issue 11; were reads and an insert
 * of their own). The invoice found names the patient the row is written for.
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
