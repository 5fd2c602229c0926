import { Button, Card, Field, Form, Table } from '../../../platform/views/components.js';
import { formatCalendarDate, formatNumber, formatZonedDateTime } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { TimeToAcknowledgeDto } from '../clinical-alerts.schemas.js';
import { ClinicalSeverityBadge, formatDuration } from './clinical-alert-badges.js';

/** The administrator's "time to acknowledge" report: figures per kind, then the alerts. */
export function TimeToAcknowledgePage(props: {
  ctx: PageContext;
  report: TimeToAcknowledgeDto;
  errors: { path: string; message: string }[];
}) {
  const { ctx, report } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('clinical_alerts.report_title')} wide>
      <PageHeader
        title={t('clinical_alerts.report_title')}
        subtitle={t('clinical_alerts.report_subtitle', {
          from: formatCalendarDate(ctx.locale, report.from),
          to: formatCalendarDate(ctx.locale, report.to),
          zone: report.timeZone,
        })}
      />
      <Form ctx={ctx} action="/admin/reports/time-to-acknowledge" method="get" class="form form--inline">
        <Field name="from" type="date" label={t('clinical_alerts.report_from')} value={report.from} errors={props.errors} />
        <Field name="to" type="date" label={t('clinical_alerts.report_to')} value={report.to} errors={props.errors} />
        <Button variant="secondary">{t('clinical_alerts.report_show')}</Button>
      </Form>
      <Card title={t('clinical_alerts.report_figures')}>
        <Table
          caption={t('clinical_alerts.report_figures')}
          rows={report.kinds}
          empty={t('clinical_alerts.report_empty')}
          columns={[
            { header: t('clinical_alerts.col_kind'), cell: (k) => t(`clinical_alerts.kind_${k.kind}`) },
            { header: t('clinical_alerts.col_raised'), cell: (k) => formatNumber(ctx.locale, k.raised) },
            { header: t('clinical_alerts.col_acknowledged_count'), cell: (k) => formatNumber(ctx.locale, k.acknowledged) },
            { header: t('clinical_alerts.col_median'), cell: (k) => formatDuration(t, k.medianSeconds) },
            { header: t('clinical_alerts.col_p90'), cell: (k) => formatDuration(t, k.p90Seconds) },
            { header: t('clinical_alerts.col_max'), cell: (k) => formatDuration(t, k.maxSeconds) },
          ]}
        />
      </Card>
      <Card title={t('clinical_alerts.report_list')}>
        {report.truncated && <p>{t('clinical_alerts.report_truncated')}</p>}
        <Table
          caption={t('clinical_alerts.report_list')}
          rows={report.items}
          empty={t('clinical_alerts.report_empty')}
          columns={[
            {
              header: t('clinical_alerts.col_raised_at'),
              cell: (i) => formatZonedDateTime(ctx.locale, new Date(i.raisedAt), ctx.timeZone),
            },
            { header: t('clinical_alerts.col_kind'), cell: (i) => t(`clinical_alerts.kind_${i.kind}`) },
            { header: t('clinical_alerts.col_severity'), cell: (i) => <ClinicalSeverityBadge ctx={ctx} severity={i.severity} /> },
            {
              header: t('clinical_alerts.col_time_to_ack'),
              cell: (i) => (i.acknowledgedAt ? formatDuration(t, i.secondsToAcknowledge) : t('clinical_alerts.status_open')),
            },
            { header: t('clinical_alerts.col_escalation'), cell: (i) => t(`clinical_alerts.step_${i.escalationStep}`) },
          ]}
        />
      </Card>
    </Layout>
  );
}
