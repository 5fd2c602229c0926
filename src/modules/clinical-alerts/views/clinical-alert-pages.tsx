import { Alert, Button, Card, DescriptionList, Form, Table } from '../../../platform/views/components.js';
import { formatZonedDateTime } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { ClinicalAlertDetailDto, ClinicalAlertSummaryDto, TimelineEventDto } from '../clinical-alerts.schemas.js';
import { ClinicalSeverityBadge, ClinicalStatusBadge } from './clinical-alert-badges.js';

const when = (ctx: PageContext, iso: string) => formatZonedDateTime(ctx.locale, new Date(iso), ctx.timeZone);

/** One POST per alert: acknowledging is never done in a batch. */
function AcknowledgeButton(props: { ctx: PageContext; id: string; from: 'list' | 'detail' }) {
  return (
    <Form ctx={props.ctx} action={`/clinical-alerts/${props.id}/acknowledge`} class="form form--inline">
      <input type="hidden" name="from" value={props.from} />
      <Button>{props.ctx.t('clinical_alerts.acknowledge_action')}</Button>
    </Form>
  );
}

/** "My clinical alerts": unacknowledged first, each with its own Acknowledge button. */
export function MyClinicalAlertsPage(props: { ctx: PageContext; items: ClinicalAlertSummaryDto[]; done: boolean }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('clinical_alerts.mine_title')} wide>
      <PageHeader title={t('clinical_alerts.mine_title')} subtitle={t('clinical_alerts.mine_subtitle')} />
      {props.done && <Alert kind="success">{t('clinical_alerts.done_acknowledged')}</Alert>}
      <Table
        caption={t('clinical_alerts.mine_title')}
        rows={props.items}
        empty={t('clinical_alerts.mine_empty')}
        columns={[
          { header: t('clinical_alerts.col_raised_at'), cell: (a) => when(ctx, a.raisedAt) },
          {
            header: t('clinical_alerts.col_kind'),
            cell: (a) => <a href={`/clinical-alerts/${a.id}`}>{t(`clinical_alerts.kind_${a.kind}`)}</a>,
          },
          { header: t('clinical_alerts.col_severity'), cell: (a) => <ClinicalSeverityBadge ctx={ctx} severity={a.severity} /> },
          { header: t('clinical_alerts.col_patient'), cell: (a) => `${a.patient.name} (${a.patient.mrn})` },
          { header: t('clinical_alerts.col_summary'), cell: (a) => a.summary },
          { header: t('clinical_alerts.col_reached_you'), cell: (a) => t(`clinical_alerts.step_${a.yourStep}`) },
          { header: t('clinical_alerts.col_status'), cell: (a) => <ClinicalStatusBadge ctx={ctx} status={a.status} /> },
          {
            header: t('clinical_alerts.col_action'),
            cell: (a) => (a.status === 'open' ? <AcknowledgeButton ctx={ctx} id={a.id} from="list" /> : when(ctx, a.acknowledgedAt!)),
          },
        ]}
      />
    </Layout>
  );
}

function timelineLine(ctx: PageContext, e: TimelineEventDto): string {
  const { t } = ctx;
  const step = e.step ? t(`clinical_alerts.step_${e.step}`) : '';
  const name = e.person?.name ?? t('clinical_alerts.system');
  return t(`clinical_alerts.event_line_${e.type}`, { name, step });
}

/** One alert: what it is about, who is responsible, where the escalation stands, and the timeline. */
export function ClinicalAlertDetailPage(props: { ctx: PageContext; alert: ClinicalAlertDetailDto; done: boolean }) {
  const { ctx, alert } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t(`clinical_alerts.kind_${alert.kind}`)}>
      <PageHeader title={t(`clinical_alerts.kind_${alert.kind}`)} subtitle={`${alert.patient.name} (${alert.patient.mrn})`} />
      <p>
        <a href="/clinical-alerts">{t('clinical_alerts.back_to_mine')}</a>
      </p>
      {props.done && <Alert kind="success">{t('clinical_alerts.done_acknowledged')}</Alert>}
      <Card
        title={t('clinical_alerts.detail_card')}
        actions={alert.status === 'open' ? <AcknowledgeButton ctx={ctx} id={alert.id} from="detail" /> : undefined}
      >
        <DescriptionList
          items={[
            [t('clinical_alerts.col_summary'), alert.summary],
            [t('clinical_alerts.col_severity'), <ClinicalSeverityBadge ctx={ctx} severity={alert.severity} />],
            [t('clinical_alerts.col_status'), <ClinicalStatusBadge ctx={ctx} status={alert.status} />],
            [t('clinical_alerts.col_raised_at'), when(ctx, alert.raisedAt)],
            [t('clinical_alerts.col_responsible'), alert.responsible.name],
            [t('clinical_alerts.col_escalation'), t(`clinical_alerts.step_${alert.escalationStep}`)],
            [t('clinical_alerts.col_next_escalation'), alert.nextEscalationAt ? when(ctx, alert.nextEscalationAt) : '—'],
            [
              t('clinical_alerts.col_acknowledged'),
              alert.acknowledgedAt ? `${when(ctx, alert.acknowledgedAt)} — ${alert.acknowledgedBy?.name ?? ''}` : '—',
            ],
          ]}
        />
      </Card>
      <Card title={t('clinical_alerts.timeline_title')}>
        <Table
          caption={t('clinical_alerts.timeline_title')}
          rows={alert.timeline}
          empty={t('clinical_alerts.timeline_empty')}
          columns={[
            { header: t('clinical_alerts.col_at'), cell: (e) => when(ctx, e.at) },
            { header: t('clinical_alerts.col_event'), cell: (e) => t(`clinical_alerts.event_${e.type}`) },
            { header: t('clinical_alerts.col_detail'), cell: (e) => timelineLine(ctx, e) },
          ]}
        />
      </Card>
    </Layout>
  );
}
