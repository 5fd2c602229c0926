import { Card, Table } from '../../../platform/views/components.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { TaskDto } from '../tasks.schemas.js';
import { TaskDue } from './task-parts.js';

/**
 * "My tasks" on the doctor's and nurse's home: their open tasks, soonest due first, overdue ones
 * flagged; each opens the patient's tasks page.
 */
export function MyTasksSection(props: { ctx: PageContext; tasks: TaskDto[] }) {
  const { ctx, tasks } = props;
  const { t } = ctx;
  const overdue = tasks.filter((task) => task.overdue).length;
  return (
    <Card title={t('tasks.my_tasks')} id="my-tasks">
      {overdue > 0 && <p class="task-overdue">{t('tasks.my_tasks_overdue', { count: overdue })}</p>}
      <Table
        caption={t('tasks.my_tasks')}
        rows={tasks}
        empty={t('tasks.my_tasks_empty')}
        columns={[
          {
            header: t('tasks.col_task'),
            cell: (task) => <a href={`/staff/patients/${task.patient.id}/tasks`}>{task.title}</a>,
          },
          { header: t('tasks.col_patient'), cell: (task) => `${task.patient.name} (${task.patient.mrn})` },
          { header: t('tasks.col_due'), cell: (task) => <TaskDue ctx={ctx} task={task} /> },
        ]}
      />
    </Card>
  );
}
