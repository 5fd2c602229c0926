import { formatDate } from '../../../platform/i18n/i18n.js';
import { StatusChip } from '../../../platform/views/components.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { ReviewStatus } from '../decision-support.vocabulary.js';

/** How an entry stands, with an icon and a word (never colour alone); approval names who and when. */
export function ReviewStatusChip(props: { ctx: PageContext; status: ReviewStatus; approvedBy?: string | null; approvedAt?: Date | null }) {
  const { t } = props.ctx;
  if (props.status === 'approved') {
    return (
      <StatusChip tone="ok">
        {props.approvedBy && props.approvedAt
          ? t('decision_support.status_approved_by', {
              name: props.approvedBy,
              date: formatDate(props.ctx.locale, props.approvedAt, props.ctx.timeZone),
            })
          : t('decision_support.status_approved')}
      </StatusChip>
    );
  }
  if (props.status === 'reference') return <StatusChip tone="info">{t('decision_support.status_reference')}</StatusChip>;
  return (
    <StatusChip tone="warning" icon="triangle-alert">
      {t('decision_support.status_unreviewed')}
    </StatusChip>
  );
}

/** A citation: the title, linked when there is an address (opens outside the app). */
export function SourceCitation(props: { ctx: PageContext; source: { title: string; url: string | null } }) {
  const { t } = props.ctx;
  return (
    <p class="hint">
      {t('decision_support.source')}{' '}
      {props.source.url ? (
        <a href={props.source.url} rel="noopener noreferrer external" target="_blank">
          {props.source.title}
        </a>
      ) : (
        props.source.title
      )}
    </p>
  );
}
