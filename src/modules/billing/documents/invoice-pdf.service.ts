import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { conflict } from '../../../platform/errors.js';
import { direction, translator } from '../../../platform/i18n/i18n.js';
import { formatCalendarDate, formatZonedDateTime, zoneLabel } from '../../../platform/views/format.js';
import { getInvoiceDocuments } from '../adjustments/adjustments.service.js';
import type { InvoiceDocumentsDto } from '../adjustments/adjustments.schemas.js';
import { formatMoney, formatRate } from '../views/billing-parts.js';
import { renderBillingPdf, type PdfBlock } from './billing-pdf.js';
import type { HospitalDetails } from './hospital-details.js';

export interface BillingFile {
  filename: string;
  body: Uint8Array;
}

export type { HospitalDetails } from './hospital-details.js';

/**
 * The invoice as a PDF (docs/billing.md "PDF"): the hospital's details, the patient, every line,
 * the totals, credit notes, adjustments and payments, in the viewer's language and zone. Billing
 * staff any issued invoice; a patient their own (another's, or a draft, is 404). Audited as
 * `billing.invoice.pdf`. The file is named by the invoice's number, never the patient's name.
 */
export async function exportInvoicePdf(db: Db, ctx: ServiceContext, invoiceId: string, hospital: HospitalDetails): Promise<BillingFile> {
  const docs = await getInvoiceDocuments(db, ctx, invoiceId, 'billing.invoice.pdf');
  if (!docs.invoice.number) throw conflict('A draft has no number yet: issue it before printing.');
  const { bytes } = await buildInvoicePdf(docs, hospital, { locale: ctx.actor.locale, timeZone: ctx.actor.timeZone, now: ctx.now });
  return { filename: `${docs.invoice.number}.pdf`, body: bytes };
}

export interface PrintContext {
  locale: string;
  timeZone: string;
  now: Date;
}

/** The hospital's name and address lines (HOSPITAL_ADDRESS, ";" between lines): the head of every billing document. */
export function hospitalBlocks(hospital: HospitalDetails): PdfBlock[] {
  return [
    { kind: 'text', text: hospital.name, bold: true },
    ...hospital.addressLines.map((line): PdfBlock => ({ kind: 'text', text: line, small: true })),
    { kind: 'gap' },
  ];
}

export function buildInvoicePdf(docs: InvoiceDocumentsDto, hospital: HospitalDetails, print: PrintContext) {
  const { invoice, creditNotes, adjustments } = docs;
  const { locale, timeZone, now } = print;
  const t = translator(locale);
  const money = (minor: number) => formatMoney(locale, minor, invoice.currency);
  const at = (iso: string) => formatZonedDateTime(locale, new Date(iso), timeZone);
  const title = t('billing.invoice_title', { number: invoice.number ?? '' });
  const total = (label: string, minor: number, bold = false): PdfBlock => ({
    kind: 'row',
    bold,
    cells: [label, '', '', '', '', money(minor)],
  });
  const blocks: PdfBlock[] = [
    ...hospitalBlocks(hospital),
    { kind: 'title', text: title },
    { kind: 'text', text: `${t('billing_docs.pdf_patient')}: ${invoice.patient.name}` },
    { kind: 'text', text: `${t('billing.patient_mrn')}: ${invoice.patient.mrn}` },
    { kind: 'text', text: `${t('billing.issued_at')}: ${invoice.issuedAt ? at(invoice.issuedAt) : '—'}` },
    { kind: 'text', text: `${t('billing.col_status')}: ${t(`billing.invoice_status_${invoice.status}`)}` },
    { kind: 'heading', text: t('billing.lines_caption') },
    {
      kind: 'row',
      bold: true,
      cells: [
        t('billing.col_service'),
        t('billing.col_date'),
        t('billing.col_quantity'),
        t('billing.col_unit_price'),
        t('billing.col_tax'),
        t('billing.col_total'),
      ],
    },
    { kind: 'rule' },
    ...invoice.lines.map((l): PdfBlock => ({
      kind: 'row',
      cells: [
        `${l.code} ${l.description}`,
        formatCalendarDate(locale, l.serviceDate),
        String(l.quantity),
        money(l.unitPriceMinor),
        `${money(l.taxMinor)} (${formatRate(locale, l.taxRateBp)})`,
        money(l.totalMinor),
      ],
    })),
    { kind: 'rule' },
    total(t('billing_docs.net'), invoice.netMinor),
    total(t('billing.col_tax'), invoice.taxMinor),
    total(t('billing.total'), invoice.totalMinor, true),
    total(t('billing.insurer_share'), invoice.insurerShareMinor),
    total(t('billing.patient_share'), invoice.patientShareMinor),
    ...(invoice.creditedMinor ? [total(t('billing_docs.credited'), -invoice.creditedMinor)] : []),
    ...(invoice.adjustedMinor ? [total(t('billing_docs.adjusted'), -invoice.adjustedMinor)] : []),
    total(t('billing.paid'), -invoice.paidMinor),
    total(t('billing.balance'), invoice.balanceMinor, true),
    ...(invoice.refundDueMinor ? [total(t('billing_docs.refund_due'), invoice.refundDueMinor)] : []),
  ];
  if (creditNotes.length) {
    blocks.push({ kind: 'heading', text: t('billing_docs.credit_notes_title') });
    for (const n of creditNotes)
      blocks.push({ kind: 'row', cells: [`${n.number} · ${n.reason}`, at(n.issuedAt), '', '', '', money(-n.totalMinor)] });
  }
  if (adjustments.length) {
    blocks.push({ kind: 'heading', text: t('billing_docs.adjustments_title') });
    for (const a of adjustments) {
      blocks.push({
        kind: 'row',
        cells: [`${t(`billing_docs.adjustment_${a.kind}`)} · ${a.reason}`, at(a.createdAt), '', '', '', money(-a.amountMinor)],
      });
    }
  }
  if (invoice.payments.length) {
    blocks.push({ kind: 'heading', text: t('billing.payments_title') });
    for (const p of invoice.payments) {
      const label = `${t(`billing.payment_kind_${p.kind}`)} · ${t(`billing.method_${p.method}`)}`;
      blocks.push({
        kind: 'row',
        cells: [label, at(p.receivedAt), '', '', '', money(p.kind === 'refund' ? p.amountMinor : -p.amountMinor)],
      });
    }
  }
  blocks.push({ kind: 'gap' }, { kind: 'text', text: t('billing.rounding_note'), small: true });
  return renderBillingPdf({
    title,
    locale,
    direction: direction(locale),
    now,
    columns: [34, 16, 8, 14, 14, 14],
    amountColumns: 3,
    blocks,
    footer: t('billing_docs.pdf_printed', { when: formatZonedDateTime(locale, now, timeZone), zone: zoneLabel(timeZone) }),
  });
}
