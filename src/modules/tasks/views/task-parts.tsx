import { StatusChip } from '../../../platform/views/components.js';
import { formatZonedDateTime } from '../../../platform/views/format.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { TaskDto } from '../tasks.schemas.js';

/** The due time in the viewer's zone (named), flagged when the task is open and past it. */
export function TaskDue(props: { ctx: PageContext; task: TaskDto }) {
  const { ctx, task } = props;
  const due = formatZonedDateTime(ctx.locale, new Date(task.dueAt), ctx.timeZone);
  return task.overdue ? (
    <span class="task-overdue">
      <StatusChip tone="danger">{ctx.t('tasks.overdue')}</StatusChip> <strong>{due}</strong>
    </span>
  ) : (
    <span>{due}</span>
  );
}

const STATUS_TONES = { open: 'info', done: 'ok', cancelled: 'neutral' } as const;

export function TaskStatus(props: { ctx: PageContext; task: TaskDto }) {
  return <StatusChip tone={STATUS_TONES[props.task.status]}>{props.ctx.t(`tasks.status_${props.task.status}`)}</StatusChip>;
}
