import { Badge, Card, LinkButton, Table } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { AssignedPatient } from '../services/chart-my-patients.service.js';
import { label, when } from './chart-format.js';
import { may } from './chart-workspace.js';

/** The clinician's assigned patients, the ones needing attention first. */
export function MyPatientsPage(props: { ctx: PageContext; patients: AssignedPatient[] }) {
  const { ctx } = props;
  const { t } = ctx;
  const attention = props.patients.filter((p) => p.needsAttention);
  const others = props.patients.filter((p) => !p.needsAttention);
  const columns = [
    { header: t('records.chart_patient'), cell: (p: AssignedPatient) => <a href={`/staff/patients/${p.patientId}/chart`}>{p.name}</a> },
    { header: t('records.chart_mrn'), cell: (p: AssignedPatient) => p.mrn },
    { header: t('records.chart_team_role'), cell: (p: AssignedPatient) => p.teamRole ?? '—' },
    { header: t('records.chart_attention'), cell: (p: AssignedPatient) => <AttentionBadges ctx={ctx} patient={p} /> },
  ];
  return (
    <Layout ctx={ctx} title={t('records.chart_my_patients')} wide>
      <PageHeader
        title={t('records.chart_my_patients')}
        subtitle={t('records.chart_my_patients_count', { count: props.patients.length })}
        actions={may(ctx, 'records.write') ? <LinkButton href="/staff/today">{t('records.chart_today_list')}</LinkButton> : undefined}
      />
      <Card title={t('records.chart_needs_attention')} id="attention">
        <Table
          caption={t('records.chart_needs_attention')}
          empty={t('records.chart_nothing_needs_attention')}
          rows={attention}
          columns={columns}
        />
      </Card>
      <Card title={t('records.chart_other_patients')} id="others">
        <Table
          caption={t('records.chart_other_patients')}
          empty={t('records.chart_no_other_patients')}
          rows={others}
          columns={columns.slice(0, 3)}
        />
      </Card>
    </Layout>
  );
}

function AttentionBadges(props: { ctx: PageContext; patient: AssignedPatient }) {
  const { ctx } = props;
  const { t } = ctx;
  const a = props.patient.attention;
  return (
    <ul class="attention-list">
      {a.todaysAppointment && (
        <li>
          <Badge kind="info">
            {t('records.chart_attention_appointment', {
              time: when(ctx, a.todaysAppointment.startsAt, true),
              status: label(ctx, 'chart_status', a.todaysAppointment.status),
            })}
          </Badge>
        </li>
      )}
      {a.draftNotes > 0 && (
        <li>
          <Badge kind="warning">{t('records.chart_attention_drafts', { count: a.draftNotes })}</Badge>
        </li>
      )}
      {a.carePlanReviewsDue > 0 && (
        <li>
          <Badge kind="warning">{t('records.chart_attention_reviews', { count: a.carePlanReviewsDue })}</Badge>
        </li>
      )}
      {a.newPatientDocuments > 0 && (
        <li>
          <Badge kind="info">{t('records.chart_attention_documents', { count: a.newPatientDocuments })}</Badge>
        </li>
      )}
    </ul>
  );
}
