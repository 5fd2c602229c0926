import { Card, DescriptionList, LinkButton, Table } from '../../../../platform/views/components.js';
import { formatZonedDate, formatZonedDateTime } from '../../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { BilledEncounterSummaryDto, EncounterBillingDto } from '../encounter-billing.schemas.js';

/** The billing tier's encounter (docs/billing.md): date, clinician, department, codes with their names. */
export function EncounterBillingPage(props: { ctx: PageContext; encounter: EncounterBillingDto }) {
  const { ctx, encounter } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('billing_capture.encounter_title')}>
      <PageHeader
        title={`${t('billing_capture.encounter_title')} — ${encounter.patient.name}`}
        subtitle={t('billing_capture.encounter_subtitle')}
        actions={<LinkButton href={`/staff/billing/patients/${encounter.patient.id}`}>{t('billing_capture.back_to_billing')}</LinkButton>}
      />
      <Card>
        <DescriptionList
          items={[
            [t('billing.patient_mrn'), encounter.patient.mrn],
            [t('billing_capture.encounter_date'), formatZonedDateTime(ctx.locale, new Date(encounter.date), ctx.timeZone)],
            [t('billing_capture.encounter_kind'), t(`billing_capture.encounter_type_${encounter.type}`)],
            [t('billing_capture.encounter_clinician'), encounter.clinician],
            [t('billing_capture.encounter_department'), encounter.department ?? t('billing_capture.no_department')],
          ]}
        />
      </Card>
      <h2>{t('billing_capture.diagnoses_heading')}</h2>
      <Table
        caption={t('billing_capture.diagnoses_heading')}
        rows={encounter.diagnoses}
        empty={t('billing_capture.diagnoses_empty')}
        columns={[
          { header: t('billing_capture.col_code'), cell: (d) => <bdi>{d.code}</bdi> },
          { header: t('billing_capture.col_name'), cell: (d) => d.description },
          { header: t('billing_capture.col_rank'), cell: (d) => t(`billing_capture.rank_${d.rank}`) },
        ]}
      />
      <h2>{t('billing_capture.procedures_heading')}</h2>
      <Table
        caption={t('billing_capture.procedures_heading')}
        rows={encounter.procedures}
        empty={t('billing_capture.procedures_empty')}
        columns={[
          { header: t('billing_capture.col_code'), cell: (p) => <bdi>{p.code ?? t('billing_capture.no_code')}</bdi> },
          { header: t('billing_capture.col_name'), cell: (p) => p.description },
          { header: t('billing_capture.col_date'), cell: (p) => formatZonedDate(ctx.locale, new Date(p.performedAt), ctx.timeZone) },
        ]}
      />
    </Layout>
  );
}

/** A patient's billed encounters, on their billing page: each links to its codes. */
export function BilledEncounters(props: { ctx: PageContext; encounters: BilledEncounterSummaryDto[] }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <>
      <h2>{t('billing_capture.billed_encounters_heading')}</h2>
      <Table
        caption={t('billing_capture.billed_encounters_heading')}
        rows={props.encounters}
        empty={t('billing_capture.billed_encounters_empty')}
        columns={[
          { header: t('billing_capture.col_date'), cell: (e) => formatZonedDate(ctx.locale, new Date(e.date), ctx.timeZone) },
          { header: t('billing_capture.encounter_kind'), cell: (e) => t(`billing_capture.encounter_type_${e.type}`) },
          {
            header: t('billing_capture.open_encounter'),
            cell: (e) => <a href={`/staff/billing/encounters/${e.id}`}>{t('billing_capture.open_encounter')}</a>,
          },
        ]}
      />
    </>
  );
}
