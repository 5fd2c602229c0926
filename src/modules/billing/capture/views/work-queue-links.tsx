import type { PageContext } from '../../../../platform/views/page-context.js';
import { WORK_QUEUES } from '../queues.schemas.js';

/** The work queues, linked from billing's home (/staff/billing). */
export function WorkQueueLinks(props: { ctx: PageContext }) {
  const t = props.ctx.t;
  return (
    <nav aria-label={t('billing_capture.queues_nav')}>
      <ul class="inline-list">
        {WORK_QUEUES.map((q) => (
          <li>
            <a href={`/staff/billing/queues/${q}`}>{t(`billing_capture.queue_${q.replace('-', '_')}`)}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
