import { Badge, LinkButton, Pagination, Table } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { TimelineItem } from '../../history/history.schemas.js';
import { label, when } from '../../chart/views/chart-format.js';

const KIND_BADGE = {
  encounter: 'info',
  note: 'neutral',
  diagnosis: 'warning',
  condition: 'warning',
  procedure: 'info',
  document: 'neutral',
  care_plan: 'success',
} as const;

/** The patient's history, newest first: dense, one row per event, the kind as a badge with a word. */
export function TimelinePage(props: {
  ctx: PageContext;
  patientId: string;
  patientLabel: string;
  items: TimelineItem[];
  nextHref: string | null;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('records.hist_title')} wide>
      <PageHeader
        title={t('records.hist_title')}
        subtitle={props.patientLabel}
        actions={<LinkButton href={`/staff/patients/${props.patientId}/chart`}>{t('records.hist_open_chart')}</LinkButton>}
      />
      <Table
        caption={t('records.hist_title')}
        empty={t('records.hist_empty')}
        rows={props.items}
        columns={[
          { header: t('records.hist_when'), cell: (i) => when(ctx, i.at, true) },
          { header: t('records.hist_kind'), cell: (i) => <Badge kind={KIND_BADGE[i.kind]}>{t(`records.hist_kind_${i.kind}`)}</Badge> },
          {
            header: t('records.hist_what'),
            cell: (i) =>
              i.kind === 'encounter' ? (
                <a href={`/staff/encounters/${i.id}`}>{label(ctx, 'enc_type', i.title)}</a>
              ) : i.kind === 'note' ? (
                t('records.hist_kind_note')
              ) : (
                i.title
              ),
          },
          { header: t('records.hist_code'), cell: (i) => i.code ?? '' },
          { header: t('records.hist_status'), cell: (i) => (i.status ? label(ctx, 'hist_status', i.status) : '') },
        ]}
      />
      <Pagination ctx={ctx} nextHref={props.nextHref} />
    </Layout>
  );
}
