import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { accessAuditValues, labelOf } from '../../patients/index.js';
import { auditedViews } from '../../../platform/audit/audited-views.js';
import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import { deferRead } from '../../../platform/db/read-together.js';
import type { Placeholder } from 'drizzle-orm';
import { hospitalTimeZone } from '../../../platform/time/zoned-time.js';
import {
  selectStatementAdjustments,
  selectStatementCreditNotes,
  selectStatementInvoices,
  selectStatementPayments,
} from '../adjustments/adjustments.repository.js';
import { billingAccess } from '../services/billing-access.js';
import { dayBounds } from './day-bounds.js';

export type StatementEntryKind = 'invoice' | 'void' | 'credit_note' | 'adjustment' | 'payment' | 'refund';

export interface StatementEntry {
  at: string;
  kind: StatementEntryKind;
  /** The invoice's or credit note's number, the adjustment's kind, the payment's method. */
  reference: string;
  invoiceId: string;
  /** Positive: owed more (an invoice, a refund); negative: owed less. */
  amountMinor: number;
  balanceMinor: number;
}

export interface Statement {
  patient: { id: string; name: string; mrn: string };
  from: string;
  to: string;
  timeZone: string;
  currency: string | null;
  openingMinor: number;
  closingMinor: number;
  entries: StatementEntry[];
}

/**
 * A patient's statement for the local days `from`…`to` in the hospital's zone (docs/billing.md
 * "Statements"): every invoice issued (and voided), credit note, adjustment, payment and refund, in
 * time order with the running balance, opening with the balance carried from before the period.
 * The balance here is net: a negative one is owed back to the patient. Audited (`billing.statement.read`).
 */
export async function getStatement(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  period: { from: string; to: string },
  action: 'billing.statement.read' | 'billing.statement.pdf' = 'billing.statement.read',
): Promise<Statement> {
  const access = await billingAccess(db, ctx, patientId, action);
  const timeZone = hospitalTimeZone();
  const { start, end } = dayBounds(period.from, period.to, timeZone);
  // The audit row travels with the four reads: one statement, built once, after the access decision.
  const audit = accessAuditValues(ctx, access, {
    action,
    resourceType: 'patient',
    resourceId: patientId,
    category: 'registration',
    detail: { from: period.from, to: period.to },
  });
  const { invoiceRows, notes, adjustments, payments } = await statementViews(db, 'statement', audit, statementReads, { end });
  const numberOf = new Map(invoiceRows.map((i) => [i.id, i.number ?? '']));
  const all: Omit<StatementEntry, 'balanceMinor'>[] = [];
  for (const i of invoiceRows) {
    all.push({ at: i.issuedAt!.toISOString(), kind: 'invoice', reference: i.number ?? '', invoiceId: i.id, amountMinor: i.totalMinor });
    if (i.voidedAt && i.voidedAt < end) {
      all.push({ at: i.voidedAt.toISOString(), kind: 'void', reference: i.number ?? '', invoiceId: i.id, amountMinor: -i.totalMinor });
    }
  }
  for (const n of notes)
    all.push({
      at: n.issuedAt.toISOString(),
      kind: 'credit_note',
      reference: n.number,
      invoiceId: n.invoiceId,
      amountMinor: -n.totalMinor,
    });
  for (const a of adjustments) {
    all.push({
      at: a.createdAt.toISOString(),
      kind: 'adjustment',
      reference: `${a.kind}|${numberOf.get(a.invoiceId) ?? ''}`,
      invoiceId: a.invoiceId,
      amountMinor: -a.amountMinor,
    });
  }
  for (const p of payments) {
    const kind = p.kind === 'refund' ? 'refund' : 'payment';
    all.push({
      at: p.receivedAt.toISOString(),
      kind,
      reference: `${p.method}|${numberOf.get(p.invoiceId) ?? ''}`,
      invoiceId: p.invoiceId,
      amountMinor: kind === 'refund' ? p.amountMinor : -p.amountMinor,
    });
  }
  all.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  let running = 0;
  let openingMinor = 0;
  const entries: StatementEntry[] = [];
  for (const e of all) {
    running += e.amountMinor;
    if (new Date(e.at) < start) openingMinor = running;
    else entries.push({ ...e, balanceMinor: running });
  }
  return {
    patient: labelOf(access.patient),
    from: period.from,
    to: period.to,
    timeZone,
    currency: invoiceRows[0]?.currency ?? null,
    openingMinor,
    closingMinor: running,
    entries,
  };
}

const statementViews = auditedViews();

const statementReads = (db: Db, audited: AuditedAccess, param: (name: 'end') => Placeholder) => {
  const [patientId, end] = [audited.patientId, param('end')];
  const rows = <T>(found: T[]) => found;
  return {
    invoiceRows: deferRead(selectStatementInvoices(db, patientId, end), rows),
    notes: deferRead(selectStatementCreditNotes(db, patientId, end), rows),
    adjustments: deferRead(selectStatementAdjustments(db, patientId, end), rows),
    payments: deferRead(selectStatementPayments(db, patientId, end), rows),
  };
};
