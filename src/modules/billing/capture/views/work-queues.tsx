import type { ComponentChildren } from 'preact';
import { LinkButton, Pagination, Table } from '../../../../platform/views/components.js';
import { formatCalendarDate } from '../../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { Money } from '../../views/billing-parts.js';
import type { OverdueInvoiceDto, QueuePage, UnbilledVisitDto, UnpricedEventDto, WorkQueue } from '../queues.schemas.js';
import { WORK_QUEUES } from '../queues.schemas.js';

const nextHref = (queue: WorkQueue, cursor: string | null) =>
  cursor ? `/staff/billing/queues/${queue}?cursor=${encodeURIComponent(cursor)}` : null;

function QueueLayout(props: { ctx: PageContext; queue: WorkQueue; next: string | null; children: ComponentChildren }) {
  const { ctx, queue } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t(`billing_capture.queue_${queue.replace('-', '_')}`)}>
      <PageHeader
        title={t(`billing_capture.queue_${queue.replace('-', '_')}`)}
        subtitle={t(`billing_capture.queue_${queue.replace('-', '_')}_subtitle`)}
        actions={<LinkButton href="/staff/billing">{t('billing_capture.back_to_billing')}</LinkButton>}
      />
      <nav aria-label={t('billing_capture.queues_nav')}>
        <ul class="inline-list">
          {WORK_QUEUES.filter((q) => q !== queue).map((q) => (
            <li>
              <a href={`/staff/billing/queues/${q}`}>{t(`billing_capture.queue_${q.replace('-', '_')}`)}</a>
            </li>
          ))}
        </ul>
      </nav>
      {props.children}
      <Pagination ctx={ctx} nextHref={nextHref(queue, props.next)} />
    </Layout>
  );
}

const patientLink = (p: { id: string; name: string }) => <a href={`/staff/billing/patients/${p.id}`}>{p.name}</a>;

export function UnbilledVisitsPage(props: { ctx: PageContext; page: QueuePage<UnbilledVisitDto> }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <QueueLayout ctx={ctx} queue="unbilled-visits" next={props.page.nextCursor}>
      <Table
        caption={t('billing_capture.queue_unbilled_visits')}
        rows={props.page.items}
        empty={t('billing_capture.queue_empty')}
        columns={[
          { header: t('billing.col_patient'), cell: (r) => patientLink(r.patient) },
          { header: t('billing.patient_mrn'), cell: (r) => r.patient.mrn },
          { header: t('billing_capture.col_visit'), cell: (r) => `${r.code} — ${r.description}` },
          { header: t('billing_capture.col_service_date'), cell: (r) => formatCalendarDate(ctx.locale, r.serviceDate) },
          { header: t('billing_capture.col_days_unbilled'), cell: (r) => String(r.daysUnbilled) },
          { header: t('billing_capture.col_price'), cell: (r) => <Money ctx={ctx} minor={r.unitPriceMinor} currency={r.currency} /> },
        ]}
      />
    </QueueLayout>
  );
}

export function UnpricedEventsPage(props: { ctx: PageContext; page: QueuePage<UnpricedEventDto> }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <QueueLayout ctx={ctx} queue="unpriced" next={props.page.nextCursor}>
      <Table
        caption={t('billing_capture.queue_unpriced')}
        rows={props.page.items}
        empty={t('billing_capture.queue_empty')}
        columns={[
          { header: t('billing.col_patient'), cell: (r) => patientLink(r.patient) },
          { header: t('billing.patient_mrn'), cell: (r) => r.patient.mrn },
          { header: t('billing_capture.col_source'), cell: (r) => t(`billing.source_${r.source}`) },
          {
            header: t('billing_capture.col_item'),
            cell: (r) => (r.code && r.source !== 'dispense' ? `${r.code} — ${r.description}` : r.description),
          },
          { header: t('billing_capture.col_quantity'), cell: (r) => r.quantity },
          { header: t('billing_capture.col_service_date'), cell: (r) => formatCalendarDate(ctx.locale, r.serviceDate) },
          { header: t('billing_capture.col_reason'), cell: (r) => t(`billing_capture.reason_${r.reason}`) },
        ]}
      />
    </QueueLayout>
  );
}

export function OverdueInvoicesPage(props: { ctx: PageContext; page: QueuePage<OverdueInvoiceDto> }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <QueueLayout ctx={ctx} queue="overdue" next={props.page.nextCursor}>
      <Table
        caption={t('billing_capture.queue_overdue')}
        rows={props.page.items}
        empty={t('billing_capture.queue_empty')}
        columns={[
          { header: t('billing_capture.col_invoice'), cell: (r) => <a href={`/staff/billing/invoices/${r.invoiceId}`}>{r.number}</a> },
          { header: t('billing.col_patient'), cell: (r) => patientLink(r.patient) },
          { header: t('billing.patient_mrn'), cell: (r) => r.patient.mrn },
          { header: t('billing_capture.col_due_on'), cell: (r) => formatCalendarDate(ctx.locale, r.dueOn) },
          { header: t('billing_capture.col_days_overdue'), cell: (r) => String(r.daysOverdue) },
          { header: t('billing.balance'), cell: (r) => <Money ctx={ctx} minor={r.balanceMinor} currency={r.currency} /> },
        ]}
      />
    </QueueLayout>
  );
}
