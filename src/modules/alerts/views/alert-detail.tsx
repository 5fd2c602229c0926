import { formatDate } from '../../../platform/i18n/i18n.js';
import { Alert, Button, Card, DescriptionList, Form, LinkButton, Table } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { AlertDetailDto, AlertRecipientDto } from '../alerts.schemas.js';
import { AlertStatusBadge, audienceLabel, SeverityBadge, type AlertDoneMessage } from './alert-badges.js';

/**
 * Who has and has not acknowledged. While the alert is in force the block refreshes itself: at once
 * when an `alert.acknowledged` event reaches the page (live.js re-dispatches it on the document),
 * and every few seconds in case the live stream is down. It stops once the alert is resolved or
 * everyone has acknowledged. Polls are marked as background requests (`X-Carewell-Background`) so
 * that the platform can tell them from a person's activity.
 */
export function AcknowledgementLists(props: { ctx: PageContext; alert: AlertDetailDto }) {
  const { ctx, alert } = props;
  const { t } = ctx;
  const lists = alert.acknowledgements!;
  const live = alert.resolvedAt === null && lists.pending.length > 0;
  const columns = (withTime: boolean) => [
    { header: t('alerts.col_name'), cell: (r: AlertRecipientDto) => r.name },
    { header: t('alerts.col_role'), cell: (r: AlertRecipientDto) => t(`staff.role_${r.role}`) },
    { header: t('alerts.col_department'), cell: (r: AlertRecipientDto) => r.department ?? '—' },
    ...(withTime
      ? [
          {
            header: t('alerts.col_acknowledged_at'),
            cell: (r: AlertRecipientDto) => formatDate(ctx.locale, r.acknowledgedAt!, ctx.timeZone, true),
          },
        ]
      : []),
  ];
  return (
    <div
      id="alert-acknowledgements"
      hx-get={live ? `/alerts/${alert.id}/acknowledgements` : undefined}
      hx-trigger={live ? 'every 5s, carewell:alert.acknowledged from:document' : undefined}
      hx-swap={live ? 'outerHTML' : undefined}
      hx-headers={live ? '{"X-Carewell-Background": "1"}' : undefined}
    >
      <Card title={t('alerts.acknowledged_title', { count: lists.acknowledged.length })} id="acknowledged">
        <Table
          caption={t('alerts.acknowledged_caption')}
          rows={lists.acknowledged}
          empty={t('alerts.acknowledged_empty')}
          columns={columns(true)}
        />
      </Card>
      <Card title={t('alerts.pending_title', { count: lists.pending.length })} id="pending">
        <Table caption={t('alerts.pending_caption')} rows={lists.pending} empty={t('alerts.pending_empty')} columns={columns(false)} />
      </Card>
    </div>
  );
}

export function AlertDetailPage(props: { ctx: PageContext; alert: AlertDetailDto; canResolve: boolean; done?: AlertDoneMessage }) {
  const { ctx, alert } = props;
  const { t } = ctx;
  const title = t(`alerts.type_${alert.type}`);
  const mine = alert.myAcknowledgement;
  const channels = [t('alerts.channel_in_app'), ...alert.channels.map((c) => t(`alerts.channel_${c}`))].join(', ');
  return (
    <Layout ctx={ctx} title={title} wide>
      <PageHeader
        title={title}
        subtitle={
          <>
            <SeverityBadge ctx={ctx} severity={alert.severity} /> <AlertStatusBadge ctx={ctx} resolvedAt={alert.resolvedAt} />
          </>
        }
        actions={<LinkButton href="/alerts">{t('alerts.back_to_list')}</LinkButton>}
      />
      {props.done && <Alert kind="success">{t(`alerts.done_${props.done}`)}</Alert>}
      <Card title={t('alerts.details_title')} id="details">
        <p class="alert-message">{alert.message}</p>
        <DescriptionList
          items={[
            [t('alerts.field_location'), alert.location],
            [t('alerts.field_audience'), audienceLabel(ctx, alert)],
            [t('alerts.field_channels'), channels],
            [t('alerts.col_sent_by'), alert.sentBy.name],
            [t('alerts.col_sent_at'), formatDate(ctx.locale, alert.createdAt, ctx.timeZone, true)],
            [t('alerts.col_acknowledged'), t('alerts.acknowledged_count', { count: alert.acknowledgedCount, total: alert.recipientCount })],
            ...(alert.resolvedAt
              ? ([
                  [
                    t('alerts.col_resolved'),
                    t('alerts.resolved_by', {
                      name: alert.resolvedBy?.name ?? '',
                      when: formatDate(ctx.locale, alert.resolvedAt, ctx.timeZone, true),
                    }),
                  ],
                ] as [string, string][])
              : []),
          ]}
        />
        {mine && mine.acknowledgedAt && (
          <Alert kind="success">
            {t('alerts.you_acknowledged', { when: formatDate(ctx.locale, mine.acknowledgedAt, ctx.timeZone, true) })}
          </Alert>
        )}
        <div class="form-actions">
          {mine && !mine.acknowledgedAt && (
            <Form ctx={ctx} action={`/alerts/${alert.id}/acknowledge`} class="form form--inline">
              <Button>{t('alerts.acknowledge_action')}</Button>
            </Form>
          )}
          {props.canResolve && !alert.resolvedAt && (
            <Form ctx={ctx} action={`/alerts/${alert.id}/resolve`} class="form form--inline" confirm={t('alerts.resolve_confirm')}>
              <Button variant="secondary">{t('alerts.resolve_action')}</Button>
            </Form>
          )}
        </div>
      </Card>
      {alert.acknowledgements && <AcknowledgementLists ctx={ctx} alert={alert} />}
    </Layout>
  );
}
