import { Badge, Table } from '../../../../platform/views/components.js';
import { formatZonedDateTime, zoneLabel } from '../../../../platform/views/format.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { Money } from '../../views/billing-parts.js';
import type { ClaimDto } from '../insurance.schemas.js';
import type { ClaimOutcome, ClaimStatus } from '../insurance.vocabulary.js';

const TONES: Record<ClaimStatus, 'neutral' | 'info' | 'warning' | 'success' | 'danger'> = {
  draft: 'neutral',
  submitted: 'info',
  acknowledged: 'info',
  adjudicated: 'success',
  appealed: 'warning',
  closed: 'neutral',
};
const OUTCOME_TONES: Record<ClaimOutcome, 'success' | 'warning' | 'danger'> = { paid: 'success', partly_paid: 'warning', denied: 'danger' };

/** A claim's status (and its outcome once decided), as words with a tone: never by colour alone. */
export function ClaimStatusBadge(props: { ctx: PageContext; status: ClaimStatus; outcome: ClaimOutcome | null }) {
  const { t } = props.ctx;
  return (
    <span>
      <Badge kind={TONES[props.status]}>{t(`insurance.claim_status_${props.status}`)}</Badge>{' '}
      {props.outcome && <Badge kind={OUTCOME_TONES[props.outcome]}>{t(`insurance.outcome_${props.outcome}`)}</Badge>}
    </span>
  );
}

/** A payer reason code as words (an unknown code from a real payer is shown as given). */
export function reasonLabel(ctx: PageContext, code: string | null): string {
  if (!code) return '';
  const key = `insurance.reason_${code}`;
  const label = ctx.t(key);
  return label === key ? code : label;
}

/** The claim's timeline: every step with its time (in the viewer's zone, named) and who moved it. */
export function ClaimTimeline(props: { ctx: PageContext; claim: ClaimDto }) {
  const { ctx, claim } = props;
  const { t } = ctx;
  return (
    <Table
      caption={t('insurance.timeline_caption', { zone: zoneLabel(ctx.timeZone) })}
      rows={claim.timeline}
      empty={t('insurance.timeline_empty')}
      columns={[
        { header: t('insurance.col_when'), cell: (e) => formatZonedDateTime(ctx.locale, new Date(e.occurredAt), ctx.timeZone) },
        { header: t('insurance.col_step'), cell: (e) => <ClaimStatusBadge ctx={ctx} status={e.status} outcome={e.outcome} /> },
        { header: t('insurance.col_by'), cell: (e) => (e.byStaff ? t('insurance.by_staff') : t('insurance.by_payer')) },
        {
          header: t('insurance.col_paid'),
          cell: (e) => (e.paidMinor === null ? '' : <Money ctx={ctx} minor={e.paidMinor} currency={claim.currency} />),
        },
        { header: t('insurance.col_reason'), cell: (e) => [reasonLabel(ctx, e.reasonCode), e.note].filter(Boolean).join(' — ') },
      ]}
    />
  );
}
