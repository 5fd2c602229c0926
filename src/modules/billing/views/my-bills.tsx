import { Table } from '../../../platform/views/components.js';
import { formatZonedDate } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { InvoiceSummaryDto } from '../billing.schemas.js';
import { InvoiceStatusBadge, Money } from './billing-parts.js';

/** The patient's bills, newest first: number, date, status, total, their share and what is still owed. */
export function MyBillsPage(props: { ctx: PageContext; invoices: InvoiceSummaryDto[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('billing.my_bills_title')}>
      <PageHeader title={t('billing.my_bills_title')} subtitle={t('billing.my_bills_subtitle')} />
      <Table
        caption={t('billing.my_bills_title')}
        rows={props.invoices}
        empty={t('billing.my_bills_empty')}
        columns={[
          { header: t('billing.col_number'), cell: (i) => <a href={`/portal/bills/${i.id}`}>{i.number}</a> },
          {
            header: t('billing.col_issued'),
            cell: (i) => (i.issuedAt ? formatZonedDate(ctx.locale, new Date(i.issuedAt), ctx.timeZone) : ''),
          },
          { header: t('billing.col_status'), cell: (i) => <InvoiceStatusBadge ctx={ctx} status={i.status} /> },
          { header: t('billing.total'), cell: (i) => <Money ctx={ctx} minor={i.totalMinor} currency={i.currency} /> },
          { header: t('billing.patient_share'), cell: (i) => <Money ctx={ctx} minor={i.patientShareMinor} currency={i.currency} /> },
          { header: t('billing.balance'), cell: (i) => <Money ctx={ctx} minor={i.balanceMinor} currency={i.currency} /> },
        ]}
      />
    </Layout>
  );
}
