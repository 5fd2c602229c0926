import { Alert, Button, Card, DescriptionList, Form, LinkButton, StatusChip, Table } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { formatWhen } from '../../views/prescription-format.js';
import type { PrescriptionAdherence } from '../services/prescription-adherence.service.js';
import { DoseStatusChip, formatFigure } from './dose-parts.js';

/** A prescription's adherence for clinicians, its doses of the last 7 days, and the monitoring flag (prescribers). */
export function PrescriptionDosesPage(props: { ctx: PageContext; data: PrescriptionAdherence; canFlag: boolean; message?: string }) {
  const { ctx, data } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('doses.prescription_title', { medicine: data.medicine })} wide>
      <PageHeader
        title={t('doses.prescription_title', { medicine: data.medicine })}
        actions={<LinkButton href={`/staff/prescriptions/${data.prescriptionId}`}>{t('doses.back_to_prescription')}</LinkButton>}
      />
      {props.message && <Alert kind="danger">{props.message}</Alert>}
      <Card title={t('doses.adherence_title')}>
        <DescriptionList
          items={[
            [t('doses.col_last_7'), formatFigure(ctx, data.adherence.last7Days)],
            [t('doses.col_last_30'), formatFigure(ctx, data.adherence.last30Days)],
            [
              t('doses.monitoring'),
              data.monitoring.active ? (
                <StatusChip tone={data.monitoring.alertOpen ? 'danger' : 'info'}>
                  {t(data.monitoring.alertOpen ? 'doses.monitoring_alerted' : 'doses.monitoring_on', {
                    threshold: data.monitoring.thresholdPercent,
                  })}
                </StatusChip>
              ) : (
                t('doses.monitoring_off')
              ),
            ],
          ]}
        />
        <p class="hint">{t('doses.adherence_explained')}</p>
        {props.canFlag && data.status === 'signed' && (
          <Form ctx={ctx} action={`/staff/prescriptions/${data.prescriptionId}/doses/monitoring`} class="inline-form">
            <div class="field">
              <label for="f-thresholdPercent">{t('doses.field_threshold')}</label>
              <input
                id="f-thresholdPercent"
                type="number"
                name="thresholdPercent"
                min="1"
                max="100"
                value={String(data.monitoring.thresholdPercent)}
              />
            </div>
            <input type="hidden" name="active" value={data.monitoring.active ? 'false' : 'true'} />
            <Button variant={data.monitoring.active ? 'secondary' : 'primary'}>
              {t(data.monitoring.active ? 'doses.monitoring_stop' : 'doses.monitoring_start')}
            </Button>
          </Form>
        )}
      </Card>
      <Table
        caption={t('doses.recent_doses')}
        rows={data.recentDoses}
        empty={t('doses.recent_empty')}
        columns={[
          { header: t('doses.col_due'), cell: (d) => formatWhen(ctx, new Date(d.dueAt)) },
          { header: t('doses.col_status'), cell: (d) => <DoseStatusChip ctx={ctx} dose={d} /> },
          {
            header: t('doses.col_recorded'),
            cell: (d) =>
              d.administeredAt ? formatWhen(ctx, new Date(d.administeredAt)) : d.recordedAt ? formatWhen(ctx, new Date(d.recordedAt)) : '',
          },
          { header: t('doses.field_reason'), cell: (d) => (d.notGivenReason ? t(`doses.reason_${d.notGivenReason}`) : '') },
        ]}
      />
    </Layout>
  );
}
