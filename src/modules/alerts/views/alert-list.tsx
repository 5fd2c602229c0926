import { formatDate } from '../../../platform/i18n/i18n.js';
import { Alert, LinkButton, Pagination, Table } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { AlertDto } from '../alerts.schemas.js';
import { AlertStatusBadge, audienceLabel, SeverityBadge, type AlertDoneMessage } from './alert-badges.js';

/** The alert history: newest first, dense, one line per alert. */
export function AlertListPage(props: {
  ctx: PageContext;
  items: AlertDto[];
  nextHref: string | null;
  canBroadcast: boolean;
  done?: AlertDoneMessage;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('alerts.list_title')} wide>
      <PageHeader
        title={t('alerts.list_title')}
        subtitle={props.canBroadcast ? t('alerts.list_subtitle_broadcaster') : t('alerts.list_subtitle')}
        actions={
          props.canBroadcast ? (
            <LinkButton href="/alerts/new" variant="primary">
              {t('alerts.new_action')}
            </LinkButton>
          ) : undefined
        }
      />
      {props.done && <Alert kind="success">{t(`alerts.done_${props.done}`)}</Alert>}
      <Table
        caption={t('alerts.list_title')}
        rows={props.items}
        empty={t('alerts.list_empty')}
        columns={[
          { header: t('alerts.col_sent_at'), cell: (a) => formatDate(ctx.locale, a.createdAt, ctx.timeZone, true) },
          { header: t('alerts.col_alert'), cell: (a) => <a href={`/alerts/${a.id}`}>{t(`alerts.type_${a.type}`)}</a> },
          { header: t('alerts.col_severity'), cell: (a) => <SeverityBadge ctx={ctx} severity={a.severity} /> },
          { header: t('alerts.col_message'), cell: (a) => (a.message.length > 80 ? `${a.message.slice(0, 79)}…` : a.message) },
          { header: t('alerts.col_audience'), cell: (a) => audienceLabel(ctx, a) },
          {
            header: t('alerts.col_acknowledged'),
            cell: (a) => t('alerts.acknowledged_count', { count: a.acknowledgedCount, total: a.recipientCount }),
          },
          { header: t('alerts.col_status'), cell: (a) => <AlertStatusBadge ctx={ctx} resolvedAt={a.resolvedAt} /> },
        ]}
      />
      <Pagination ctx={ctx} nextHref={props.nextHref} />
    </Layout>
  );
}
