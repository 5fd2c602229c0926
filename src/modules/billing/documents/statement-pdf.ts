import { direction, translator } from '../../../platform/i18n/i18n.js';
import { formatCalendarDate, formatZonedDateTime, zoneLabel } from '../../../platform/views/format.js';
import { formatMoney } from '../views/billing-parts.js';
import { renderBillingPdf, type PdfBlock } from './billing-pdf.js';
import { hospitalBlocks, type HospitalDetails, type PrintContext } from './invoice-pdf.service.js';
import type { Statement, StatementEntry } from './statement.service.js';

/** How an entry's reference reads: "Payment · Cash · INV-2026-000001". */
export function entryLabel(t: ReturnType<typeof translator>, e: StatementEntry): string {
  const [what, invoice] = e.reference.split('|');
  switch (e.kind) {
    case 'adjustment':
      return `${t('billing_docs.entry_adjustment')} · ${t(`billing_docs.adjustment_${what}`)} · ${invoice}`;
    case 'payment':
    case 'refund':
      return `${t(`billing_docs.entry_${e.kind}`)} · ${t(`billing.method_${what}`)} · ${invoice}`;
    default:
      return `${t(`billing_docs.entry_${e.kind}`)} · ${e.reference}`;
  }
}

/** The statement as a PDF: the hospital's details, the patient, the period, every entry and the running balance. */
export function buildStatementPdf(s: Statement, hospital: HospitalDetails, print: PrintContext, fallbackCurrency: string) {
  const { locale, timeZone, now } = print;
  const t = translator(locale);
  const currency = s.currency ?? fallbackCurrency;
  const money = (minor: number) => formatMoney(locale, minor, currency);
  const title = t('billing_docs.statement_title');
  const period = t('billing_docs.statement_period', {
    from: formatCalendarDate(locale, s.from),
    to: formatCalendarDate(locale, s.to),
    zone: zoneLabel(s.timeZone),
  });
  const blocks: PdfBlock[] = [
    ...hospitalBlocks(hospital),
    { kind: 'title', text: title },
    { kind: 'text', text: `${t('billing_docs.pdf_patient')}: ${s.patient.name}` },
    { kind: 'text', text: `${t('billing.patient_mrn')}: ${s.patient.mrn}` },
    { kind: 'text', text: period },
    { kind: 'gap' },
    {
      kind: 'row',
      bold: true,
      cells: [t('billing_docs.col_when'), t('billing_docs.col_entry'), t('billing.col_amount'), t('billing_docs.col_balance')],
    },
    { kind: 'rule' },
    { kind: 'row', cells: ['', t('billing_docs.opening_balance'), '', money(s.openingMinor)] },
    ...s.entries.map((e): PdfBlock => ({
      kind: 'row',
      cells: [formatZonedDateTime(locale, new Date(e.at), timeZone), entryLabel(t, e), money(e.amountMinor), money(e.balanceMinor)],
    })),
    { kind: 'rule' },
    { kind: 'row', bold: true, cells: ['', t('billing_docs.closing_balance'), '', money(s.closingMinor)] },
  ];
  return renderBillingPdf({
    title,
    locale,
    direction: direction(locale),
    now,
    columns: [24, 46, 15, 15],
    amountColumns: 2,
    blocks,
    footer: t('billing_docs.pdf_printed', { when: formatZonedDateTime(locale, now, timeZone), zone: zoneLabel(timeZone) }),
  });
}
