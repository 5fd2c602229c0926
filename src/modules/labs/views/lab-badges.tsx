import { Badge } from '../../../platform/views/components.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { LabOrderRow } from '../services/lab-orders.service.js';
import type { LabFlag, LabOrderStatus, LabPriority } from '../labs.vocabulary.js';

/** Status, priority and flag: an icon and a word, never colour alone. */
const STATUS_TONE: Record<LabOrderStatus, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  ordered: 'neutral',
  collected: 'info',
  received: 'info',
  resulted: 'warning',
  reviewed: 'success',
  cancelled: 'neutral',
};

/** `sprite`: the icon from the page's IconSprite (tables of many orders). */
export function OrderStatusBadge(props: { ctx: PageContext; order: LabOrderRow; sprite?: boolean }) {
  const { t } = props.ctx;
  const o = props.order;
  return (
    <Badge kind={STATUS_TONE[o.status]} sprite={props.sprite === true}>
      {t(`labs.status_${o.status}`)}
      {o.status === 'resulted' && o.resultStatus ? ` — ${t(`labs.result_status_${o.resultStatus}`)}` : ''}
    </Badge>
  );
}

export function PriorityBadge(props: { ctx: PageContext; priority: LabPriority; sprite?: boolean }) {
  return (
    <Badge kind={props.priority === 'stat' ? 'danger' : props.priority === 'urgent' ? 'warning' : 'neutral'} sprite={props.sprite === true}>
      {props.ctx.t(`labs.priority_${props.priority}`)}
    </Badge>
  );
}

export function FlagBadge(props: { ctx: PageContext; flag: LabFlag | null }) {
  if (!props.flag) return <span>—</span>;
  const kind = props.flag === 'normal' ? 'success' : props.flag.startsWith('critical') ? 'danger' : 'warning';
  return <Badge kind={kind}>{props.ctx.t(`labs.flag_${props.flag}`)}</Badge>;
}
