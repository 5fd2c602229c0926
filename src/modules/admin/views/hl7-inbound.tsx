import { formatNumber } from '../../../platform/views/format.js';
import { HL7_INBOUND_STATUSES, type Hl7InboundStatus } from '../../../platform/hl7/index.js';
import { formatDate } from '../../../platform/i18n/i18n.js';
import {
  Button,
  Card,
  DescriptionList,
  Form,
  LinkButton,
  Pagination,
  SelectField,
  StatusChip,
  Table,
} from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { InboundMessageDetail, InboundMessageListItem } from '../services/hl7-inbound-admin.service.js';

const TONE = { received: 'info', filed: 'ok', unmatched: 'warning', rejected: 'danger', duplicate: 'info' } as const;

/** Status with an icon and a word, never colour alone. */
function StatusBadge(props: { ctx: PageContext; status: Hl7InboundStatus }) {
  return (
    <StatusChip tone={TONE[props.status]} {...(props.status === 'received' ? { icon: 'clock' as const } : {})}>
      {props.ctx.t(`hl7.status_${props.status}`)}
    </StatusChip>
  );
}

export function Hl7InboundListPage(props: {
  ctx: PageContext;
  status: Hl7InboundStatus | undefined;
  items: InboundMessageListItem[];
  nextHref: string | null;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('hl7.inbound_title')} wide>
      <PageHeader title={t('hl7.inbound_title')} subtitle={t('hl7.inbound_subtitle')} />
      <Form ctx={ctx} action="/admin/hl7-inbound" method="get" class="form form--filters">
        <SelectField
          name="status"
          label={t('hl7.col_status')}
          includeBlank={t('hl7.any_status')}
          value={props.status}
          options={HL7_INBOUND_STATUSES.map((s) => ({ value: s, label: t(`hl7.status_${s}`) }))}
        />
        <Button variant="secondary">{t('hl7.filter_submit')}</Button>
      </Form>
      <Table
        caption={t('hl7.inbound_title')}
        rows={props.items}
        empty={t('hl7.inbound_empty')}
        columns={[
          {
            header: t('hl7.col_received'),
            cell: (m) => <a href={`/admin/hl7-inbound/${m.id}`}>{formatDate(ctx.locale, m.receivedAt, ctx.timeZone, true)}</a>,
          },
          { header: t('hl7.col_sender'), cell: (m) => m.sender ?? t('hl7.unreadable') },
          { header: t('hl7.col_control_id'), cell: (m) => m.controlId ?? '—' },
          { header: t('hl7.col_status'), cell: (m) => <StatusBadge ctx={ctx} status={m.status} /> },
          { header: t('hl7.col_results'), cell: (m) => t('hl7.results_count', { orders: m.orderCount, results: m.observationCount }) },
          { header: t('hl7.col_reason'), cell: (m) => m.reason ?? '—' },
        ]}
      />
      <Pagination ctx={ctx} nextHref={props.nextHref} />
    </Layout>
  );
}

export function Hl7InboundMessagePage(props: { ctx: PageContext; message: InboundMessageDetail }) {
  const { ctx, message } = props;
  const { t } = ctx;
  const title = t('hl7.message_title', { controlId: message.controlId ?? '—' });
  return (
    <Layout ctx={ctx} title={title}>
      <PageHeader
        title={title}
        subtitle={<StatusBadge ctx={ctx} status={message.status} />}
        actions={<LinkButton href="/admin/hl7-inbound">{t('hl7.back_to_list')}</LinkButton>}
      />
      <Card>
        <DescriptionList
          items={[
            [t('hl7.col_received'), formatDate(ctx.locale, message.receivedAt, ctx.timeZone, true)],
            [t('hl7.col_sender'), message.sender ?? t('hl7.unreadable')],
            [t('hl7.col_source_address'), message.sourceAddress],
            [t('hl7.col_message_type'), message.messageType],
            [t('hl7.col_reason'), message.reason],
          ]}
        />
      </Card>
      {message.summary === null ? (
        <Card title={t('hl7.summary_title')}>
          <p>{t('hl7.summary_none')}</p>
        </Card>
      ) : (
        message.summary.orders.map((order) => (
          <Card title={t('hl7.order_title', { accession: order.accessionNumber })}>
            <DescriptionList
              items={[
                [t('hl7.col_mrn'), order.patientMrn],
                [
                  t('hl7.col_outcome'),
                  order.outcome
                    ? order.outcome.outcome === 'filed'
                      ? t('hl7.outcome_filed')
                      : t('hl7.outcome_unmatched', { reason: order.outcome.reason })
                    : t('hl7.outcome_not_filed'),
                ],
              ]}
            />
            <Table
              caption={t('hl7.results_caption')}
              rows={order.results}
              empty={t('hl7.summary_none')}
              columns={[
                { header: t('hl7.col_loinc'), cell: (r) => r.loinc },
                {
                  header: t('hl7.col_value'),
                  cell: (r) => (r.value !== undefined ? formatNumber(ctx.locale, r.value, { maximumFractionDigits: 6 }) : (r.text ?? '—')),
                },
                { header: t('hl7.col_unit'), cell: (r) => r.unit ?? '—' },
                { header: t('hl7.col_result_status'), cell: (r) => t(`hl7.result_status_${r.status}`) },
                {
                  header: t('hl7.col_observed'),
                  cell: (r) => (r.observedAt ? formatDate(ctx.locale, String(r.observedAt), ctx.timeZone, true) : '—'),
                },
              ]}
            />
          </Card>
        ))
      )}
    </Layout>
  );
}
