import { Button, Card, Field, Form, SelectField, Table } from '../../../../platform/views/components.js';
import { formatCalendarDate, formatZonedDateTime, zoneLabel } from '../../../../platform/views/format.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { InvoiceSummaryDto } from '../../billing.schemas.js';
import { formatRate } from '../../views/billing-parts.js';
import type { PatientInsurance } from '../services/patient-insurance.service.js';
import { ClaimTable } from './claim-lists.js';
import { reasonLabel } from './claim-parts.js';

/**
 * The insurance part of a patient's billing page: eligibility (ask the payer, and every answer
 * with when and by whom), the patient's card images, claims, and a claim for an issued invoice.
 */
export function PatientInsuranceSection(props: {
  ctx: PageContext;
  patientId: string;
  insurance: PatientInsurance;
  invoices: InvoiceSummaryDto[];
  today: string;
}) {
  const { ctx, insurance } = props;
  const { t } = ctx;
  const active = insurance.policies.filter((p) => p.status === 'active');
  const claimed = new Set(insurance.claims.map((c) => c.invoiceId));
  const claimable = props.invoices.filter(
    (i) => i.status !== 'draft' && i.status !== 'void' && i.insurerShareMinor > 0 && !claimed.has(i.id),
  );
  return (
    <section aria-labelledby="insurance-heading">
      <h2 id="insurance-heading">{t('insurance.section_heading')}</h2>
      <Card title={t('insurance.eligibility_title')}>
        {active.length === 0 ? (
          <p>{t('insurance.no_policy')}</p>
        ) : (
          <Form ctx={ctx} action={`/staff/billing/patients/${props.patientId}/eligibility-checks`}>
            <SelectField
              name="policyId"
              label={t('insurance.policy_label')}
              required
              options={active.map((p) => ({ value: p.id, label: `${p.payer} · ${p.memberNumber}` }))}
            />
            <Field name="serviceDate" label={t('insurance.service_date')} type="date" value={props.today} required />
            <Button>{t('insurance.check_eligibility')}</Button>
          </Form>
        )}
        <Table
          caption={t('insurance.checks_caption', { zone: zoneLabel(ctx.timeZone) })}
          rows={insurance.checks}
          empty={t('insurance.checks_empty')}
          columns={[
            { header: t('insurance.col_when'), cell: (c) => formatZonedDateTime(ctx.locale, new Date(c.checkedAt), ctx.timeZone) },
            { header: t('insurance.col_payer'), cell: (c) => c.payer },
            { header: t('insurance.service_date'), cell: (c) => formatCalendarDate(ctx.locale, c.serviceDate) },
            { header: t('insurance.col_result'), cell: (c) => t(`insurance.eligibility_${c.result}`) },
            { header: t('insurance.col_coverage'), cell: (c) => (c.coverageBp === null ? '' : formatRate(ctx.locale, c.coverageBp)) },
            { header: t('insurance.col_reason'), cell: (c) => reasonLabel(ctx, c.reasonCode) },
          ]}
        />
      </Card>
      <Card title={t('insurance.cards_title')}>
        <Table
          caption={t('insurance.cards_title')}
          rows={insurance.cards}
          empty={t('insurance.cards_empty')}
          columns={[
            {
              header: t('insurance.col_side'),
              cell: (c) => <a href={`/staff/billing/insurance-cards/${c.id}`}>{t(`insurance.side_${c.side}`)}</a>,
            },
            { header: t('insurance.col_when'), cell: (c) => formatZonedDateTime(ctx.locale, new Date(c.uploadedAt), ctx.timeZone) },
          ]}
        />
      </Card>
      <Card title={t('insurance.claims_title')}>
        <ClaimTable
          ctx={ctx}
          claims={insurance.claims}
          caption={t('insurance.claims_title')}
          empty={t('insurance.claims_empty')}
          hrefBase="/staff/billing/claims"
        />
        {claimable.length > 0 && active.length > 0 && (
          <Form ctx={ctx} action="/staff/billing/claims">
            <SelectField
              name="invoiceId"
              label={t('insurance.claim_invoice_label')}
              required
              options={claimable.map((i) => ({ value: i.id, label: i.number ?? i.id }))}
            />
            <Button>{t('insurance.create_claim')}</Button>
          </Form>
        )}
      </Card>
    </section>
  );
}
