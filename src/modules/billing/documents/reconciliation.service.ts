import type { ServiceContext } from '../../../platform/auth/actor.js';
import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { hospitalTimeZone } from '../../../platform/time/zoned-time.js';
import { selectPaymentsReceived } from '../adjustments/adjustments.repository.js';
import { ALL_PAYMENT_METHODS, type PaymentKind, type PaymentMethod } from '../billing.vocabulary.js';
import { dayBounds } from './day-bounds.js';

export interface ReconciliationMethodTotal {
  method: PaymentMethod;
  currency: string;
  payments: number;
  paymentsMinor: number;
  refunds: number;
  refundsMinor: number;
  netMinor: number;
}

export interface ReconciliationItem {
  id: string;
  kind: PaymentKind;
  method: PaymentMethod;
  amountMinor: number;
  currency: string;
  reference: string | null;
  receivedAt: string;
  invoiceId: string;
  invoiceNumber: string | null;
}

export interface Reconciliation {
  day: string;
  timeZone: string;
  start: string;
  end: string;
  byMethod: ReconciliationMethodTotal[];
  totals: { currency: string; paymentsMinor: number; refundsMinor: number; netMinor: number }[];
  items: ReconciliationItem[];
}

/**
 * The day's reconciliation (docs/billing.md "Reconciliation"): every payment and refund received on
 * the local day `day` in the hospital's zone (midnight to midnight: 23 or 25 hours around a
 * daylight-saving change), totalled by method and currency, with the day's net. No patient names:
 * invoice numbers only. One audit row for the view or the export.
 */
export async function getReconciliation(
  db: Db,
  ctx: ServiceContext,
  day: string,
  action: 'billing.reconciliation.read' | 'billing.reconciliation.export' = 'billing.reconciliation.read',
): Promise<Reconciliation> {
  const timeZone = hospitalTimeZone();
  const { start, end } = dayBounds(day, day, timeZone);
  const rows = await selectPaymentsReceived(db, start, end);
  const byKey = new Map<string, ReconciliationMethodTotal>();
  const totals = new Map<string, { currency: string; paymentsMinor: number; refundsMinor: number; netMinor: number }>();
  for (const r of rows) {
    const key = `${r.method}|${r.currency}`;
    const m = byKey.get(key) ?? {
      method: r.method,
      currency: r.currency,
      payments: 0,
      paymentsMinor: 0,
      refunds: 0,
      refundsMinor: 0,
      netMinor: 0,
    };
    const t = totals.get(r.currency) ?? { currency: r.currency, paymentsMinor: 0, refundsMinor: 0, netMinor: 0 };
    if (r.kind === 'refund') {
      m.refunds += 1;
      m.refundsMinor += r.amountMinor;
      t.refundsMinor += r.amountMinor;
    } else {
      m.payments += 1;
      m.paymentsMinor += r.amountMinor;
      t.paymentsMinor += r.amountMinor;
    }
    m.netMinor = m.paymentsMinor - m.refundsMinor;
    t.netMinor = t.paymentsMinor - t.refundsMinor;
    byKey.set(key, m);
    totals.set(r.currency, t);
  }
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    { action, resourceType: 'billing_reconciliation', category: 'registration', detail: { day, items: rows.length } },
    ctx.now,
  );
  const order = (m: PaymentMethod) => ALL_PAYMENT_METHODS.indexOf(m);
  return {
    day,
    timeZone,
    start: start.toISOString(),
    end: end.toISOString(),
    byMethod: [...byKey.values()].sort((a, b) => order(a.method) - order(b.method) || a.currency.localeCompare(b.currency)),
    totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
    items: rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() })),
  };
}

const csvCell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  // Quoted, doubled quotes; a leading formula character is defused for spreadsheets.
  return `"${(/^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text).replace(/"/g, '""')}"`;
};

/** The day's items as CSV (UTF-8, CRLF, RFC 4180), amounts in minor units, then the totals by method. */
export function reconciliationCsv(r: Reconciliation): string {
  const lines = [['received_at', 'kind', 'method', 'amount_minor', 'currency', 'reference', 'invoice_number'].map(csvCell).join(',')];
  for (const i of r.items)
    lines.push(
      [i.receivedAt, i.kind, i.method, i.kind === 'refund' ? -i.amountMinor : i.amountMinor, i.currency, i.reference, i.invoiceNumber]
        .map(csvCell)
        .join(','),
    );
  lines.push('');
  lines.push(['method', 'currency', 'payments', 'payments_minor', 'refunds', 'refunds_minor', 'net_minor'].map(csvCell).join(','));
  for (const m of r.byMethod)
    lines.push([m.method, m.currency, m.payments, m.paymentsMinor, m.refunds, m.refundsMinor, m.netMinor].map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
