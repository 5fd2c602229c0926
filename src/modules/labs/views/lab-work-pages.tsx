import bwipjs from 'bwip-js';
import { LinkButton, Table } from '../../../platform/views/components.js';
import { formatCalendarDate } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { patientLabel, when } from './lab-view-text.js';
import type { LabOrderDetail, QueueRow } from '../services/lab-orders.service.js';
import { OrderStatusBadge, PriorityBadge } from './lab-badges.js';

/** The lab technician's pages: the queue and the specimen label. */

/** The specimen label: patient, accession number as Code 128 (inline SVG, made on the server by bwip-js), test, time. */
export function LabLabelPage(props: { ctx: PageContext; detail: LabOrderDetail }) {
  const { ctx, detail } = props;
  const { t } = ctx;
  const o = detail.order;
  const svg = bwipjs.toSVG({ bcid: 'code128', text: o.accessionNumber!, height: 10, includetext: true, textxalign: 'center' });
  return (
    <Layout ctx={ctx} title={t('labs.label_title')}>
      <PageHeader title={t('labs.label_title')} actions={<LinkButton href={`/lab/orders/${o.id}`}>{t('labs.back_to_order')}</LinkButton>} />
      <div class="specimen-label">
        <p>
          <strong>{`${detail.patient.familyName.toUpperCase()}, ${detail.patient.givenName}`}</strong>
        </p>
        <p>{`${t('labs.mrn')} ${detail.patient.mrn} · ${formatCalendarDate(ctx.locale, detail.patient.birthDate)}`}</p>
        <div
          class="barcode"
          role="img"
          aria-label={t('labs.barcode_of', { accession: o.accessionNumber! })}
          dangerouslySetInnerHTML={{ __html: svg }}
        />
        <p>{`${o.itemName} · ${o.specimen ? t(`labs.specimen_${o.specimen}`) : ''}`}</p>
        <p>{`${t('labs.col_collected_at')}: ${when(ctx, o.collectedAt)} · ${t(`labs.priority_${o.priority}`)}`}</p>
      </div>
      <p>{t('labs.label_print_hint')}</p>
    </Layout>
  );
}

/** The technician's queue: stat, urgent, routine; oldest first within each. */
export function LabQueuePage(props: { ctx: PageContext; rows: QueueRow[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('labs.queue_title')} wide>
      <PageHeader title={t('labs.queue_title')} subtitle={t('labs.queue_subtitle')} />
      <Table
        caption={t('labs.queue_title')}
        rows={props.rows}
        empty={t('labs.queue_empty')}
        columns={[
          { header: t('labs.col_priority'), cell: (r) => <PriorityBadge ctx={ctx} priority={r.order.priority} /> },
          { header: t('labs.col_ordered_at'), cell: (r) => when(ctx, r.order.orderedAt) },
          { header: t('labs.col_patient'), cell: (r) => patientLabel(r.patient) },
          { header: t('labs.col_item'), cell: (r) => <a href={`/lab/orders/${r.order.id}`}>{r.order.itemName}</a> },
          { header: t('labs.col_status'), cell: (r) => <OrderStatusBadge ctx={ctx} order={r.order} /> },
          { header: t('labs.field_fasting'), cell: (r) => (r.order.fasting ? t('labs.yes') : t('labs.no')) },
        ]}
      />
    </Layout>
  );
}
