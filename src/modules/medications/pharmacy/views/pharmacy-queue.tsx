import { LinkButton, Pagination, StatusChip, Table } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { formatCalendarDate } from '../../../../platform/views/format.js';
import { formatDose, formatFrequency, formatWhen } from '../../views/prescription-format.js';
import type { QueueItem, QueueStage, RecentDispenseDto } from '../pharmacy.schemas.js';

/** Whether the signer overrode an alert, and whether a query is open: icon and word, never colour alone. */
export function QueueFlags(props: { ctx: PageContext; item: Pick<QueueItem, 'hasOverride' | 'openQuery'> }) {
  const { t } = props.ctx;
  return (
    <>
      {props.item.hasOverride && (
        <StatusChip tone="danger" icon="triangle-alert">
          {t('pharmacy.flag_overridden')}
        </StatusChip>
      )}{' '}
      {props.item.openQuery && (
        <StatusChip tone="info" icon="circle-alert">
          {t('pharmacy.flag_query_open')}
        </StatusChip>
      )}
    </>
  );
}

/** The pharmacy's work list: awaiting verification (oldest first) or verified and still to dispense. */
export function PharmacyQueuePage(props: { ctx: PageContext; stage: QueueStage; items: QueueItem[]; nextHref: string | null }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('pharmacy.queue_title')} wide>
      <PageHeader
        title={t('pharmacy.queue_title')}
        actions={<LinkButton href="/staff/pharmacy/dispenses">{t('pharmacy.recent_dispenses')}</LinkButton>}
      />
      <nav class="related-links" aria-label={t('pharmacy.stages')}>
        <ul>
          {(['verification', 'dispensing'] as const).map((stage) => (
            <li>
              <a href={`/staff/pharmacy?stage=${stage}`} aria-current={stage === props.stage ? 'page' : undefined}>
                {t(`pharmacy.stage_${stage}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Table
        caption={t(`pharmacy.stage_${props.stage}`)}
        rows={props.items}
        empty={t(`pharmacy.queue_empty_${props.stage}`)}
        columns={[
          { header: t('pharmacy.col_signed'), cell: (i) => formatWhen(ctx, i.signedAt) },
          { header: t('pharmacy.col_patient'), cell: (i) => `${i.patient.name} · ${i.patient.mrn}` },
          {
            header: t('pharmacy.col_medicine'),
            cell: (i) => <a href={`/staff/pharmacy/prescriptions/${i.prescriptionId}`}>{i.product.name}</a>,
          },
          { header: t('pharmacy.col_dose'), cell: (i) => `${formatDose(ctx, i.dose)} · ${formatFrequency(ctx, i.frequency)}` },
          { header: t('pharmacy.col_prescriber'), cell: (i) => i.prescriber.name ?? '—' },
          { header: t('pharmacy.col_flags'), cell: (i) => <QueueFlags ctx={ctx} item={i} /> },
        ]}
      />
      <Pagination ctx={ctx} nextHref={props.nextHref} />
    </Layout>
  );
}

/** The pharmacy's recent dispenses, newest first, each with its label. */
export function RecentDispensesPage(props: { ctx: PageContext; items: RecentDispenseDto[]; nextHref: string | null }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('pharmacy.recent_dispenses')} wide>
      <PageHeader
        title={t('pharmacy.recent_dispenses')}
        actions={<LinkButton href="/staff/pharmacy">{t('pharmacy.back_to_queue')}</LinkButton>}
      />
      <Table
        caption={t('pharmacy.recent_dispenses')}
        rows={props.items}
        empty={t('pharmacy.dispenses_none')}
        columns={[
          { header: t('pharmacy.col_dispensed_at'), cell: (d) => formatWhen(ctx, d.dispensedAt) },
          { header: t('pharmacy.col_patient'), cell: (d) => `${d.patient.name} · ${d.patient.mrn}` },
          {
            header: t('pharmacy.col_medicine'),
            cell: (d) => <a href={`/staff/pharmacy/prescriptions/${d.prescriptionId}`}>{d.product.name}</a>,
          },
          { header: t('pharmacy.col_quantity'), cell: (d) => formatDose(ctx, d.quantity) },
          { header: t('pharmacy.col_lot'), cell: (d) => `${d.lotNumber} · ${formatCalendarDate(ctx.locale, d.expiresOn)}` },
          { header: t('pharmacy.col_by'), cell: (d) => d.dispensedBy.name ?? '—' },
          {
            header: t('pharmacy.col_label'),
            cell: (d) => <a href={`/staff/pharmacy/dispenses/${d.id}/label`}>{t('pharmacy.print_label')}</a>,
          },
        ]}
      />
      <Pagination ctx={ctx} nextHref={props.nextHref} />
    </Layout>
  );
}
