import { Alert, Button, Card, Field, Form, LinkButton, SelectField, Table } from '../../../../platform/views/components.js';
import { formatDateTimeInZone, zoneLabel } from '../../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { FieldError } from '../../../../platform/errors.js';
import { REASON_MAX } from '../../billing.vocabulary.js';
import { formatMoney, Money } from '../../views/billing-parts.js';
import type { InvoiceDocumentsDto } from '../adjustments.schemas.js';
import { ADJUSTMENT_KINDS } from '../adjustments.vocabulary.js';
import { remainingOf } from '../ledger.js';

export const DOCUMENT_NOTICES = ['credited', 'adjusted'] as const;

export interface InvoiceDocumentsPageProps {
  ctx: PageContext;
  docs: InvoiceDocumentsDto;
  notice?: (typeof DOCUMENT_NOTICES)[number];
  refusal?: string;
  creditErrors?: FieldError[];
  adjustmentErrors?: FieldError[];
}

/**
 * An invoice's credit notes and adjustments for billing staff (docs/billing.md "Credit notes",
 * "Adjustments"): what each line has left to credit, a credit note for some or all lines, an
 * adjustment with a reason, and what has been credited and adjusted so far.
 */
export function InvoiceDocumentsPage(props: InvoiceDocumentsPageProps) {
  const { ctx, docs } = props;
  const { invoice } = docs;
  const { t } = ctx;
  const money = (minor: number) => <Money ctx={ctx} minor={minor} currency={invoice.currency} />;
  const title = t('billing_docs.documents_title', { number: invoice.number ?? '' });
  const when = (iso: string) => formatDateTimeInZone(ctx.locale, new Date(iso), ctx.timeZone);
  const creditable = ['issued', 'partly_paid', 'paid'].includes(invoice.status);
  const adjustable = ['issued', 'partly_paid'].includes(invoice.status) && invoice.balanceMinor > 0;
  const lines = invoice.lines.map((l) => {
    const earlier = docs.creditNotes.flatMap((n) => n.lines.filter((c) => c.invoiceLinePosition === l.position));
    return { ...l, leftMinor: remainingOf(l, earlier).totalMinor };
  });
  return (
    <Layout ctx={ctx} title={title}>
      <PageHeader
        title={title}
        subtitle={invoice.patient.name}
        actions={<LinkButton href={`/staff/billing/invoices/${invoice.id}`}>{t('billing_docs.back_to_invoice')}</LinkButton>}
      />
      {props.notice && <Alert kind="success">{t(`billing_docs.done_${props.notice}`)}</Alert>}
      {props.refusal && <Alert kind="danger">{props.refusal}</Alert>}
      <Totals ctx={ctx} docs={docs} />
      <Card title={t('billing_docs.credit_notes_title')}>
        <Table
          caption={t('billing_docs.credit_notes_title')}
          rows={docs.creditNotes}
          empty={t('billing_docs.credit_notes_empty')}
          columns={[
            { header: t('billing_docs.col_number'), cell: (n) => n.number },
            { header: t('billing_docs.col_issued', { zone: zoneLabel(ctx.timeZone) }), cell: (n) => when(n.issuedAt) },
            { header: t('billing_docs.col_lines'), cell: (n) => n.lines.map((l) => l.invoiceLinePosition).join(', ') },
            { header: t('billing_docs.col_reason'), cell: (n) => n.reason },
            { header: t('billing.col_amount'), cell: (n) => money(n.totalMinor) },
          ]}
        />
        {creditable && (
          <Form ctx={ctx} action={`/staff/billing/invoices/${invoice.id}/credit-notes`}>
            <p class="hint">{t('billing_docs.credit_hint')}</p>
            {lines.map((l) => (
              <Field
                name={`line_${l.position}`}
                label={t('billing_docs.credit_line_label', { position: l.position, service: l.description })}
                hint={t('billing_docs.credit_line_left', { left: formatMoney(ctx.locale, l.leftMinor, invoice.currency) })}
                inputMode="text"
                errors={props.creditErrors}
              />
            ))}
            <Field name="reason" label={t('billing_docs.col_reason')} required maxLength={REASON_MAX} errors={props.creditErrors} />
            {props.creditErrors?.some((e) => e.path === 'lines') && <p class="field-error">{t('billing_docs.field_lines_invalid')}</p>}
            <Button>{t('billing_docs.create_credit_note')}</Button>
          </Form>
        )}
      </Card>
      <Card title={t('billing_docs.adjustments_title')}>
        <Table
          caption={t('billing_docs.adjustments_title')}
          rows={docs.adjustments}
          empty={t('billing_docs.adjustments_empty')}
          columns={[
            { header: t('billing_docs.col_issued', { zone: zoneLabel(ctx.timeZone) }), cell: (a) => when(a.createdAt) },
            { header: t('billing_docs.col_kind'), cell: (a) => t(`billing_docs.adjustment_${a.kind}`) },
            { header: t('billing_docs.col_reason'), cell: (a) => a.reason },
            { header: t('billing.col_amount'), cell: (a) => money(a.amountMinor) },
          ]}
        />
        {adjustable && (
          <Form ctx={ctx} action="/staff/billing/adjustments">
            <input type="hidden" name="invoiceId" value={invoice.id} />
            <SelectField
              name="kind"
              label={t('billing_docs.col_kind')}
              required
              options={ADJUSTMENT_KINDS.map((k) => ({ value: k, label: t(`billing_docs.adjustment_${k}`) }))}
              errors={props.adjustmentErrors}
            />
            <Field
              name="amount"
              label={t('billing.amount_label')}
              hint={t('billing.amount_hint')}
              required
              inputMode="text"
              errors={props.adjustmentErrors}
            />
            <Field name="reason" label={t('billing_docs.col_reason')} required maxLength={REASON_MAX} errors={props.adjustmentErrors} />
            <Button>{t('billing_docs.create_adjustment')}</Button>
          </Form>
        )}
      </Card>
    </Layout>
  );
}

function Totals(props: { ctx: PageContext; docs: InvoiceDocumentsDto }) {
  const { ctx } = props;
  const { invoice } = props.docs;
  const { t } = ctx;
  const money = (minor: number) => <Money ctx={ctx} minor={minor} currency={invoice.currency} />;
  return (
    <p>
      {t('billing.total')}: {money(invoice.totalMinor)} · {t('billing_docs.credited')}: {money(invoice.creditedMinor)} ·{' '}
      {t('billing_docs.adjusted')}: {money(invoice.adjustedMinor)} · {t('billing.paid')}: {money(invoice.paidMinor)} ·{' '}
      {t('billing.balance')}: {money(invoice.balanceMinor)}
      {invoice.refundDueMinor > 0 && (
        <>
          {' '}
          · {t('billing_docs.refund_due')}: {money(invoice.refundDueMinor)}
        </>
      )}
    </p>
  );
}
