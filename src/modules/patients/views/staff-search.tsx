import { Button, Field, Form, LinkButton, Pagination, Table, type NextPageForm } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { PatientSummary } from '../patients.schemas.js';
import { birthDateWithAge, patientName } from '../../../platform/views/patient-banner.js';

export function StaffPatientSearchPage(props: {
  ctx: PageContext;
  query: string;
  items: PatientSummary[] | null;
  nextForm: NextPageForm | null;
  now: Date;
  canRegister: boolean;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('patients.search_title')} wide>
      <PageHeader
        title={t('patients.search_title')}
        actions={
          props.canRegister ? (
            <LinkButton href="/staff/patients/new" variant="primary">
              {t('patients.register_action')}
            </LinkButton>
          ) : undefined
        }
      />
      <Form ctx={ctx} action="/staff/patients" search class="form form--inline">
        <Field
          name="query"
          type="search"
          label={t('patients.search_label')}
          hint={t('patients.search_hint')}
          value={props.query}
          autofocus
          autocomplete="off"
          spellcheck={false}
        />
        <Button>{t('patients.search_action')}</Button>
      </Form>
      {props.items && (
        <Table
          caption={t('patients.search_results')}
          empty={t('patients.search_empty')}
          rows={props.items}
          columns={[
            { header: t('patients.name'), cell: (p) => <a href={`/staff/patients/${p.id}`}>{patientName(ctx, p)}</a> },
            { header: t('patients.mrn'), cell: (p) => p.mrn },
            { header: t('patients.birth_date'), cell: (p) => birthDateWithAge(ctx, p, props.now) },
            { header: t('patients.sex'), cell: (p) => t(`patients.sex_${p.sex ?? 'unknown'}`) },
          ]}
        />
      )}
      <Pagination ctx={ctx} nextHref={null} nextForm={props.nextForm} />
    </Layout>
  );
}
