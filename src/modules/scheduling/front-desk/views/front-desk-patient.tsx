import { Button, Card, DescriptionList, Field, Form, Table } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { birthDateShown, patientName } from '../../../../platform/views/patient-banner.js';
import type { PatientProfile, PatientSummary } from '../../../patients/index.js';

/** Step one of booking for a patient: find them (name, MRN or birth date). */
export function ChoosePatientPage(props: { ctx: PageContext; query: string | undefined; results: PatientSummary[] | null }) {
  const { ctx } = props;
  const { t } = ctx;
  const title = t('scheduling.desk_book_title');
  return (
    <Layout ctx={ctx} title={title}>
      <PageHeader title={title} subtitle={t('scheduling.desk_book_intro')} />
      <Card title={t('scheduling.desk_find_patient')} id="patient-search">
        <Form ctx={ctx} action="/staff/schedule/book/find-patient" search class="form form--inline">
          <Field
            name="query"
            type="search"
            label={t('scheduling.desk_patient_query')}
            hint={t('scheduling.desk_patient_query_hint')}
            value={props.query ?? null}
            maxLength={100}
          />
          <Button variant="secondary">{t('scheduling.desk_search')}</Button>
        </Form>
        {props.results && (
          <Table
            caption={t('scheduling.desk_find_patient')}
            empty={t('scheduling.desk_no_patients')}
            rows={props.results}
            columns={[
              { header: t('scheduling.cal_patient'), cell: (p) => patientName(ctx, p) },
              { header: t('scheduling.desk_mrn_header'), cell: (p) => p.mrn },
              {
                header: t('scheduling.desk_birth_date'),
                cell: (p) => birthDateShown(ctx, p),
              },
              {
                header: t('scheduling.actions'),
                cell: (p) => (
                  <a class="btn btn--secondary" href={`/staff/schedule/book?patientId=${p.id}`}>
                    {t('scheduling.desk_choose_patient', { name: patientName(ctx, p) })}
                  </a>
                ),
              },
            ]}
          />
        )}
      </Card>
    </Layout>
  );
}

/** The patient being booked for, above the slot search. */
export function PatientSummaryCard(props: { ctx: PageContext; patient: PatientProfile }) {
  const { t } = props.ctx;
  const p = props.patient;
  return (
    <Card title={t('scheduling.desk_booking_for')} id="patient">
      <DescriptionList
        items={[
          [t('scheduling.cal_patient'), patientName(props.ctx, p)],
          [t('scheduling.desk_mrn_header'), p.mrn],
          [t('scheduling.desk_birth_date'), birthDateShown(props.ctx, p)],
        ]}
      />
      <p>
        <a href="/staff/schedule/book">{t('scheduling.desk_other_patient')}</a>
      </p>
    </Card>
  );
}
