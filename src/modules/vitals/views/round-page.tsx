import { Alert, Badge, EmptyState, LinkButton, Table } from '../../../platform/views/components.js';
import { formatZonedDateTime } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { RoundRow } from '../services/vitals-queries.service.js';
import type { RoundPatient } from '../../records/index.js';
import { VitalsEntryForm, STAFF_FIELDS, type VitalsFormFailure } from './vitals-form.js';

/**
 * The nurse's observation round: the department's patients, overdue first, each with the last NEWS2
 * and when the next observations are due; "Enter observations" opens a keyboard-first form.
 */
export function RoundPage(props: { ctx: PageContext; departmentId: string | null; rows: RoundRow[]; notice?: string }) {
  const { ctx, rows } = props;
  const { t } = ctx;
  const when = (d: Date) => formatZonedDateTime(ctx.locale, d, ctx.timeZone, 'short');
  return (
    <Layout ctx={ctx} title={t('vitals.round_title')} wide>
      <PageHeader
        title={t('vitals.round_title')}
        subtitle={t('vitals.round_intro')}
        actions={<LinkButton href="/staff/vitals/board">{t('vitals.board_link')}</LinkButton>}
      />
      {props.notice && <Alert kind="success">{props.notice}</Alert>}
      {!props.departmentId ? (
        <EmptyState title={t('vitals.round_no_department')} />
      ) : rows.length === 0 ? (
        <EmptyState title={t('vitals.round_empty')} />
      ) : (
        <Table
          caption={t('vitals.round_title')}
          rows={rows}
          empty=""
          columns={[
            { header: t('vitals.col_patient'), cell: (r) => <a href={`/staff/patients/${r.patient.id}/vitals`}>{r.patient.name}</a> },
            { header: t('vitals.col_mrn'), cell: (r) => r.patient.mrn },
            { header: t('vitals.col_last'), cell: (r) => (r.last ? when(r.last.takenAt) : t('vitals.never')) },
            {
              header: t('vitals.col_news2'),
              cell: (r) =>
                !r.last
                  ? '—'
                  : r.last.news2Total !== null
                    ? t('vitals.news2_total', { total: r.last.news2Total })
                    : t(`vitals.news2_status_${r.last.news2Status}`),
            },
            {
              header: t('vitals.col_due'),
              cell: (r) =>
                r.overdue ? (
                  <Badge kind="warning">{t('vitals.overdue')}</Badge>
                ) : r.last?.nextDueAt ? (
                  when(r.last.nextDueAt)
                ) : (
                  t('vitals.up_to_date')
                ),
            },
            {
              header: t('vitals.col_action'),
              cell: (r) => <LinkButton href={`/staff/vitals/round/${r.patient.id}`}>{t('vitals.enter')}</LinkButton>,
            },
          ]}
        />
      )}
    </Layout>
  );
}

/** One patient's entry on the round; saving goes on to the next patient of the round. */
export function RoundEntryPage(props: { ctx: PageContext; patient: RoundPatient; failure?: VitalsFormFailure }) {
  const { ctx, patient } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('vitals.enter_title', { name: patient.name })}>
      <PageHeader
        title={t('vitals.enter_title', { name: patient.name })}
        subtitle={`${t('vitals.col_mrn')} ${patient.mrn}`}
        actions={<LinkButton href="/staff/vitals/round">{t('vitals.round_title')}</LinkButton>}
      />
      {props.failure?.message && props.failure.status !== 422 && <Alert kind="danger">{props.failure.message}</Alert>}
      <VitalsEntryForm
        ctx={ctx}
        action={`/staff/vitals/round/${patient.id}`}
        fields={STAFF_FIELDS}
        staff
        failure={props.failure}
        nextLabel
      />
    </Layout>
  );
}
