import { Button, Card, Field, Form, Table } from '../../../../platform/views/components.js';
import { formatCalendarDate, formatDateTimeInZone, zoneLabel } from '../../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { Money } from '../../views/billing-parts.js';
import type { Reconciliation } from '../reconciliation.service.js';

/** The day's payments and refunds by method (docs/billing.md "Reconciliation"), with the CSV export. */
export function ReconciliationPage(props: { ctx: PageContext; report: Reconciliation }) {
  const { ctx, report: r } = props;
  const { t } = ctx;
  const title = t('billing_docs.reconciliation_title');
  return (
    <Layout ctx={ctx} title={title}>
      <PageHeader
        title={title}
        subtitle={t('billing_docs.reconciliation_day', { day: formatCalendarDate(ctx.locale, r.day), zone: zoneLabel(r.timeZone) })}
      />
      <Form ctx={ctx} action="/staff/billing/reports/reconciliation" method="get" class="form form--inline">
        <Field name="day" label={t('billing_docs.day')} type="date" value={r.day} required />
        <Button variant="secondary">{t('billing_docs.show')}</Button>
      </Form>
      <p>
        <a class="btn btn--secondary" href={`/staff/billing/reports/reconciliation.csv?day=${r.day}`} download>
          {t('billing_docs.download_csv')}
        </a>
      </p>
      <Card title={t('billing_docs.by_method')}>
        <Table
          caption={t('billing_docs.by_method')}
          rows={r.byMethod}
          empty={t('billing_docs.reconciliation_empty')}
          columns={[
            { header: t('billing.col_method'), cell: (m) => t(`billing.method_${m.method}`) },
            { header: t('billing_docs.col_payments'), cell: (m) => String(m.payments) },
            {
              header: t('billing_docs.col_payments_total'),
              cell: (m) => <Money ctx={ctx} minor={m.paymentsMinor} currency={m.currency} />,
            },
            { header: t('billing_docs.col_refunds'), cell: (m) => String(m.refunds) },
            { header: t('billing_docs.col_refunds_total'), cell: (m) => <Money ctx={ctx} minor={m.refundsMinor} currency={m.currency} /> },
            { header: t('billing_docs.col_net'), cell: (m) => <Money ctx={ctx} minor={m.netMinor} currency={m.currency} /> },
          ]}
        />
        {r.totals.map((tot) => (
          <p>
            <strong>
              {t('billing_docs.day_total')}: <Money ctx={ctx} minor={tot.netMinor} currency={tot.currency} />
            </strong>
          </p>
        ))}
      </Card>
      <Card title={t('billing_docs.items_title')}>
        <Table
          caption={t('billing_docs.items_title')}
          rows={r.items}
          empty={t('billing_docs.reconciliation_empty')}
          columns={[
            {
              header: t('billing.col_received', { zone: zoneLabel(ctx.timeZone) }),
              cell: (i) => formatDateTimeInZone(ctx.locale, new Date(i.receivedAt), ctx.timeZone),
            },
            { header: t('billing.col_kind'), cell: (i) => t(`billing.payment_kind_${i.kind}`) },
            { header: t('billing.col_method'), cell: (i) => t(`billing.method_${i.method}`) },
            {
              header: t('billing.col_amount'),
              cell: (i) => <Money ctx={ctx} minor={i.kind === 'refund' ? -i.amountMinor : i.amountMinor} currency={i.currency} />,
            },
            { header: t('billing.col_reference'), cell: (i) => i.reference ?? '' },
            { header: t('billing.col_number'), cell: (i) => <a href={`/staff/billing/invoices/${i.invoiceId}`}>{i.invoiceNumber}</a> },
          ]}
        />
      </Card>
    </Layout>
  );
}
