import { LinkButton, Table } from '../../../platform/views/components.js';
import { formatCalendarDate } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { BillingQueues } from '../services/billing-queries.service.js';
import { WorkQueueLinks } from '../capture/views/work-queue-links.js';
import { Money } from './billing-parts.js';

/** Billing's home of work: patients with unbilled charges (oldest first) and drafts to issue. */
export function BillingQueuesPage(props: { ctx: PageContext; queues: BillingQueues; currency: string }) {
  const { ctx, queues } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('billing.queues_title')}>
      <PageHeader
        title={t('billing.queues_title')}
        subtitle={t('billing.queues_subtitle')}
        actions={
          <>
            <LinkButton href="/staff/billing/price-list">{t('billing.price_list_link')}</LinkButton>
            <LinkButton href="/staff/billing/reports/reconciliation">{t('billing_docs.reconciliation_link')}</LinkButton>
            <LinkButton href="/staff/billing/price-list">{t('billing.price_list_link')}</LinkButton>{' '}
            <LinkButton href="/staff/billing/claims">{t('insurance.claims_link')}</LinkButton>
          </>
        }
      />
      <WorkQueueLinks ctx={ctx} />
      <h2>{t('billing.unbilled_heading')}</h2>
      <Table
        caption={t('billing.unbilled_heading')}
        rows={queues.unbilled}
        empty={t('billing.unbilled_empty')}
        columns={[
          {
            header: t('billing.col_patient'),
            cell: (r) => <a href={`/staff/billing/patients/${r.patientId}`}>{`${r.givenName} ${r.familyName}`}</a>,
          },
          { header: t('billing.patient_mrn'), cell: (r) => r.mrn },
          { header: t('billing.col_charges'), cell: (r) => String(r.charges) },
          { header: t('billing.col_oldest'), cell: (r) => formatCalendarDate(ctx.locale, r.oldest) },
          { header: t('billing.col_net'), cell: (r) => <Money ctx={ctx} minor={r.totalNetMinor} currency={props.currency} /> },
        ]}
      />
      <h2>{t('billing.drafts_heading')}</h2>
      <Table
        caption={t('billing.drafts_heading')}
        rows={queues.drafts}
        empty={t('billing.drafts_empty')}
        columns={[
          { header: t('billing.col_patient'), cell: (d) => <a href={`/staff/billing/invoices/${d.id}`}>{d.patient.name}</a> },
          { header: t('billing.patient_mrn'), cell: (d) => d.patient.mrn },
          { header: t('billing.total'), cell: (d) => <Money ctx={ctx} minor={d.totalMinor} currency={d.currency} /> },
        ]}
      />
    </Layout>
  );
}
