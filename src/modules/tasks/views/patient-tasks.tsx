import type { FieldError } from '../../../platform/errors.js';
import { Alert, Button, Card, Field, Form, LinkButton, SelectField, Table, TextArea } from '../../../platform/views/components.js';
import { formatZonedDateTime, fullName, zoneLabel } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { PatientTasks } from '../services/task-queries.service.js';
import type { TaskDto } from '../tasks.schemas.js';
import { REASON_MAX } from '../tasks.vocabulary.js';
import { TaskDue, TaskStatus } from './task-parts.js';

export const TASK_NOTICES = ['created', 'completed', 'cancelled', 'reassigned'] as const;
export type TaskNotice = (typeof TASK_NOTICES)[number];

export interface PatientTasksPageProps {
  ctx: PageContext;
  data: PatientTasks;
  notice?: TaskNotice;
  /** The create form sent back: its field errors, what was typed, a refusal's message. */
  form?: { errors: FieldError[]; values: Record<string, unknown>; message?: string };
  /** A refused change to a task (no longer open, an assignee off the team). */
  refusal?: string;
}

/**
 * A patient's care-team tasks, from the chart: the list (open first, by due time, overdue flagged,
 * with each task's handoffs), a form to add one, and on each open task complete, cancel (with a
 * reason) and hand off. Times in the viewer's zone, named.
 */
export function PatientTasksPage(props: PatientTasksPageProps) {
  const { ctx, data } = props;
  const { t } = ctx;
  const base = `/staff/patients/${data.patient.id}`;
  const title = t('tasks.page_title', { name: fullName(data.patient) });
  return (
    <Layout ctx={ctx} title={title}>
      <PageHeader
        title={title}
        subtitle={t('tasks.page_subtitle')}
        actions={<LinkButton href={`${base}/chart`}>{t('tasks.back_to_chart')}</LinkButton>}
      />
      {props.notice && <Alert kind="success">{t(`tasks.done_${props.notice}`)}</Alert>}
      {props.refusal && <Alert kind="danger">{props.refusal}</Alert>}
      <Table
        caption={t('tasks.list_caption')}
        rows={data.tasks}
        empty={t('tasks.list_empty')}
        columns={[
          { header: t('tasks.col_task'), cell: (task) => <TaskText ctx={ctx} task={task} /> },
          { header: t('tasks.col_assignee'), cell: (task) => task.assignee.name },
          { header: t('tasks.col_due'), cell: (task) => <TaskDue ctx={ctx} task={task} /> },
          { header: t('tasks.col_status'), cell: (task) => <TaskState ctx={ctx} task={task} /> },
          { header: t('tasks.col_actions'), cell: (task) => <TaskActions ctx={ctx} base={base} task={task} data={data} /> },
        ]}
      />
      <CreateTaskForm ctx={ctx} base={base} data={data} form={props.form} />
    </Layout>
  );
}

function TaskText(props: { ctx: PageContext; task: TaskDto }) {
  const { ctx, task } = props;
  const when = (iso: string) => formatZonedDateTime(ctx.locale, new Date(iso), ctx.timeZone);
  return (
    <div>
      <strong>{task.title}</strong>
      {task.details && <p>{task.details}</p>}
      <p class="hint">{ctx.t('tasks.created_by', { who: task.createdBy.name, when: when(task.createdAt) })}</p>
      {task.handoffs.length > 0 && (
        <ul class="hint">
          {task.handoffs.map((h) => (
            <li>
              {ctx.t('tasks.handoff_line', { from: h.from.name, to: h.to.name, by: h.by.name, when: when(h.at) })}
              {h.note && ` — ${h.note}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function TaskState(props: { ctx: PageContext; task: TaskDto }) {
  const { ctx, task } = props;
  const when = (iso: string) => formatZonedDateTime(ctx.locale, new Date(iso), ctx.timeZone);
  return (
    <div>
      <TaskStatus ctx={ctx} task={task} />
      {task.completedAt && <p class="hint">{when(task.completedAt)}</p>}
      {task.cancelledAt && <p class="hint">{cancelledLine(ctx, task)}</p>}
    </div>
  );
}

const cancelledLine = (ctx: PageContext, task: TaskDto) =>
  ctx.t('tasks.cancelled_because', {
    when: formatZonedDateTime(ctx.locale, new Date(task.cancelledAt!), ctx.timeZone),
    reason: task.cancelReason ?? '',
  });

/** Complete, cancel with a reason, hand off: only on an open task. Ids per task (many forms on one page). */
function TaskActions(props: { ctx: PageContext; base: string; task: TaskDto; data: PatientTasks }) {
  const { ctx, base, task } = props;
  const { t } = ctx;
  if (task.status !== 'open') return <span>—</span>;
  const others = props.data.assignees.filter((a) => a.staffId !== task.assignee.staffId);
  const action = (verb: string) => `${base}/tasks/${task.id}/${verb}`;
  return (
    <div class="stack">
      <Form ctx={ctx} action={action('complete')} class="form form--inline">
        <Button>{t('tasks.complete_action')}</Button>
      </Form>
      <Form ctx={ctx} action={action('cancel')} class="form form--inline" confirm={t('tasks.cancel_confirm')}>
        <label for={`reason-${task.id}`}>{t('tasks.field_reason')}</label>{' '}
        <input id={`reason-${task.id}`} name="reason" required maxLength={REASON_MAX} />{' '}
        <Button variant="secondary">{t('tasks.cancel_action')}</Button>
      </Form>
      {others.length > 0 && (
        <Form ctx={ctx} action={action('reassign')} class="form form--inline">
          <label for={`to-${task.id}`}>{t('tasks.field_hand_to')}</label>{' '}
          <select id={`to-${task.id}`} name="assigneeStaffId" required>
            {others.map((a) => (
              <option value={a.staffId}>{a.name}</option>
            ))}
          </select>{' '}
          <label for={`note-${task.id}`}>{t('tasks.field_handoff_note')}</label>{' '}
          <input id={`note-${task.id}`} name="note" maxLength={REASON_MAX} />{' '}
          <Button variant="secondary">{t('tasks.reassign_action')}</Button>
        </Form>
      )}
    </div>
  );
}

function CreateTaskForm(props: { ctx: PageContext; base: string; data: PatientTasks; form?: PatientTasksPageProps['form'] }) {
  const { ctx, form } = props;
  const { t } = ctx;
  const text = (name: string) => (typeof form?.values[name] === 'string' ? form.values[name] : undefined);
  return (
    <Card title={t('tasks.create_title')} id="new-task">
      {form?.message && <Alert kind="danger">{form.message}</Alert>}
      {props.data.assignees.length === 0 ? (
        <p>{t('tasks.no_assignees')}</p>
      ) : (
        <Form ctx={ctx} action={`${props.base}/tasks`}>
          <Field name="title" label={t('tasks.field_title')} value={text('title')} errors={form?.errors} maxLength={200} required />
          <TextArea name="details" label={t('tasks.field_details')} value={text('details')} errors={form?.errors} />
          <SelectField
            name="assigneeStaffId"
            label={t('tasks.field_assignee')}
            options={props.data.assignees.map((a) => ({ value: a.staffId, label: a.name }))}
            value={text('assigneeStaffId') ?? null}
            errors={form?.errors}
            required
          />
          <Field
            name="dueAt"
            type="datetime-local"
            label={t('tasks.field_due')}
            hint={t('tasks.field_due_hint', { zone: zoneLabel(ctx.timeZone) })}
            value={text('dueAt')}
            errors={form?.errors}
            required
          />
          <Button>{t('tasks.create_action')}</Button>
        </Form>
      )}
    </Card>
  );
}
