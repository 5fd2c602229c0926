import { Alert, Button, Card, DescriptionList, Field, Form, LinkButton } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { FieldError } from '../../../../platform/errors.js';
import { Money } from '../../views/billing-parts.js';
import type { ClaimDto } from '../insurance.schemas.js';
import { APPEAL_REASON_MAX } from '../insurance.vocabulary.js';
import { ClaimStatusBadge, ClaimTimeline, reasonLabel } from './claim-parts.js';

export interface ClaimPageProps {
  ctx: PageContext;
  claim: ClaimDto;
  /** Billing staff's view: the actions. The patient sees the same claim and its timeline without them. */
  staff: boolean;
  notice?: string;
  refusal?: string;
  formErrors?: FieldError[];
}

/** One claim: what was claimed and paid, its status and timeline; billing staff's next actions. */
export function ClaimPage(props: ClaimPageProps) {
  const { ctx, claim } = props;
  const { t } = ctx;
  const money = (minor: number | null) => (minor === null ? null : <Money ctx={ctx} minor={minor} currency={claim.currency} />);
  const title = t('insurance.claim_title', { number: claim.invoiceNumber ?? '' });
  const invoiceHref = props.staff ? `/staff/billing/invoices/${claim.invoiceId}` : `/portal/bills/${claim.invoiceId}`;
  return (
    <Layout ctx={ctx} title={title}>
      <PageHeader
        title={title}
        subtitle={claim.patient.name}
        actions={<LinkButton href={props.staff ? '/staff/billing/claims' : '/portal/claims'}>{t('insurance.back_to_claims')}</LinkButton>}
      />
      {props.notice && <Alert kind="success">{t(`insurance.done_${props.notice}`)}</Alert>}
      {props.refusal && <Alert kind="danger">{props.refusal}</Alert>}
      <Card>
        <DescriptionList
          items={[
            [t('insurance.col_status'), <ClaimStatusBadge ctx={ctx} status={claim.status} outcome={claim.outcome} />],
            [t('insurance.col_invoice'), <a href={invoiceHref}>{claim.invoiceNumber}</a>],
            [t('insurance.col_payer'), claim.payer],
            [t('insurance.member_number'), claim.memberNumber],
            [t('insurance.payer_reference'), claim.payerReference],
            [t('insurance.col_claimed'), money(claim.claimedMinor)],
            [t('insurance.col_paid'), money(claim.paidMinor)],
            [t('insurance.col_reason'), reasonLabel(ctx, claim.reasonCode) || null],
            [t('insurance.appeal_reason'), claim.appealReason],
          ]}
        />
      </Card>
      {props.staff && <ClaimActions {...props} />}
      <h2>{t('insurance.timeline_heading')}</h2>
      <ClaimTimeline ctx={ctx} claim={claim} />
      {props.staff && (
        <p>
          <a href={`/fhir/r4/Claim/${claim.id}`}>{t('insurance.fhir_claim')}</a>
          {claim.outcome && (
            <>
              {' · '}
              <a href={`/fhir/r4/ClaimResponse/${claim.id}`}>{t('insurance.fhir_claim_response')}</a>
            </>
          )}
        </p>
      )}
    </Layout>
  );
}

function ClaimActions(props: ClaimPageProps) {
  const { ctx, claim } = props;
  const { t } = ctx;
  const base = `/staff/billing/claims/${claim.id}`;
  const waiting = ['submitted', 'acknowledged', 'appealed'].includes(claim.status);
  return (
    <Card title={t('insurance.actions_title')}>
      {claim.status === 'draft' && (
        <Form ctx={ctx} action={`${base}/submit`} class="form form--inline">
          <Button>{t('insurance.submit')}</Button>
        </Form>
      )}
      {waiting && (
        <Form ctx={ctx} action={`${base}/poll`} class="form form--inline">
          <Button>{t('insurance.poll')}</Button>
        </Form>
      )}
      {claim.status === 'adjudicated' && claim.outcome !== 'paid' && (
        <Form ctx={ctx} action={`${base}/appeal`}>
          <Field name="reason" label={t('insurance.appeal_reason')} required maxLength={APPEAL_REASON_MAX} errors={props.formErrors} />
          <Button variant="secondary">{t('insurance.appeal')}</Button>
        </Form>
      )}
      {claim.status === 'adjudicated' && (
        <Form ctx={ctx} action={`${base}/close`} class="form form--inline" confirm={t('insurance.close_confirm')}>
          <Button variant="secondary">{t('insurance.close')}</Button>
        </Form>
      )}
      {claim.status === 'closed' && <p>{t('insurance.closed_note')}</p>}
    </Card>
  );
}
