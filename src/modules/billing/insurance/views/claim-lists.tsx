import { Alert, Table } from '../../../../platform/views/components.js';
import { formatZonedDate } from '../../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { Money } from '../../views/billing-parts.js';
import type { ClaimSummaryDto } from '../insurance.schemas.js';
import type { ClaimQueues } from '../services/claim-queries.service.js';
import { ClaimStatusBadge, reasonLabel } from './claim-parts.js';

/** A table of claims, each linking to its page (staff's or the patient's). */
export function ClaimTable(props: {
  ctx: PageContext;
  claims: ClaimSummaryDto[];
  caption: string;
  empty: string;
  hrefBase: string;
  withPatient?: boolean;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Table
      caption={props.caption}
      rows={props.claims}
      empty={props.empty}
      columns={[
        {
          header: t('insurance.col_claim'),
          cell: (c) => <a href={`${props.hrefBase}/${c.id}`}>{c.invoiceNumber ?? t('insurance.claim_link')}</a>,
        },
        ...(props.withPatient
          ? [
              { header: t('billing.col_patient'), cell: (c: ClaimSummaryDto) => c.patient.name },
              { header: t('billing.patient_mrn'), cell: (c: ClaimSummaryDto) => c.patient.mrn },
            ]
          : []),
        { header: t('insurance.col_status'), cell: (c) => <ClaimStatusBadge ctx={ctx} status={c.status} outcome={c.outcome} /> },
        { header: t('insurance.col_claimed'), cell: (c) => <Money ctx={ctx} minor={c.claimedMinor} currency={c.currency} /> },
        {
          header: t('insurance.col_paid'),
          cell: (c) => (c.paidMinor === null ? '' : <Money ctx={ctx} minor={c.paidMinor} currency={c.currency} />),
        },
        { header: t('insurance.col_reason'), cell: (c) => reasonLabel(ctx, c.reasonCode) },
        { header: t('insurance.col_updated'), cell: (c) => formatZonedDate(ctx.locale, new Date(c.updatedAt), ctx.timeZone) },
      ]}
    />
  );
}

/** Billing's claim queues: claims to submit and denials (oldest change first). */
export function ClaimQueuesPage(props: { ctx: PageContext; queues: ClaimQueues; refusal?: string }) {
  const { ctx, queues } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('insurance.queues_title')}>
      <PageHeader title={t('insurance.queues_title')} subtitle={t('insurance.queues_subtitle')} />
      {props.refusal && <Alert kind="danger">{props.refusal}</Alert>}
      <h2>{t('insurance.to_submit_heading')}</h2>
      <ClaimTable
        ctx={ctx}
        claims={queues.toSubmit}
        caption={t('insurance.to_submit_heading')}
        empty={t('insurance.to_submit_empty')}
        hrefBase="/staff/billing/claims"
        withPatient
      />
      <h2>{t('insurance.denials_heading')}</h2>
      <ClaimTable
        ctx={ctx}
        claims={queues.denials}
        caption={t('insurance.denials_heading')}
        empty={t('insurance.denials_empty')}
        hrefBase="/staff/billing/claims"
        withPatient
      />
    </Layout>
  );
}

/** The patient's claims, newest first, each opening its timeline. */
export function MyClaimsPage(props: { ctx: PageContext; claims: ClaimSummaryDto[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('insurance.my_claims_title')}>
      <PageHeader title={t('insurance.my_claims_title')} subtitle={t('insurance.my_claims_subtitle')} />
      <ClaimTable
        ctx={ctx}
        claims={props.claims}
        caption={t('insurance.my_claims_title')}
        empty={t('insurance.my_claims_empty')}
        hrefBase="/portal/claims"
      />
      <p>
        <a href="/portal/insurance">{t('insurance.my_cards_link')}</a>
      </p>
    </Layout>
  );
}
