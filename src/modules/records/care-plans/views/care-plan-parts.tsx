import type { ComponentChildren } from 'preact';
import { Badge, Table } from '../../../../platform/views/components.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { CarePlan, CarePlanActivity, CarePlanGoal } from '../care-plans.schemas.js';
import { formatCalendarDate, formatInstant, formatZonedDate } from '../../../../platform/views/format.js';
import { measureLabel, readingSourceLabel, unitLabel } from './goal-readings.js';

type Column<Row> = { header: string; cell: (row: Row) => ComponentChildren };

/** Pieces shared by the clinician's and the patient's care-plan pages. */

const PLAN_KINDS = { draft: 'neutral', active: 'info', completed: 'success', cancelled: 'warning' } as const;
const GOAL_KINDS = { in_progress: 'info', met: 'success', not_met: 'danger' } as const;
const ACTIVITY_KINDS = { planned: 'neutral', in_progress: 'info', completed: 'success', cancelled: 'warning' } as const;

export const PlanStatus = (props: { ctx: PageContext; status: keyof typeof PLAN_KINDS }) => (
  <Badge kind={PLAN_KINDS[props.status]}>{props.ctx.t(`records.cp_status_${props.status}`)}</Badge>
);
export const GoalStatus = (props: { ctx: PageContext; status: keyof typeof GOAL_KINDS }) => (
  <Badge kind={GOAL_KINDS[props.status]}>{props.ctx.t(`records.cp_goal_${props.status}`)}</Badge>
);
export const ActivityStatus = (props: { ctx: PageContext; status: keyof typeof ACTIVITY_KINDS }) => (
  <Badge kind={ACTIVITY_KINDS[props.status]}>{props.ctx.t(`records.cp_activity_${props.status}`)}</Badge>
);

/** The goal columns both audiences see; the clinician's page adds its status buttons. */
export function goalColumns(ctx: PageContext): Column<CarePlanGoal>[] {
  const { t } = ctx;
  return [
    { header: t('records.cp_goal'), cell: (g) => g.description },
    { header: t('records.cp_target'), cell: (g) => g.target ?? '—' },
    { header: t('records.cp_due'), cell: (g) => formatDay(ctx, g.dueDate) },
    { header: t('records.cp_status'), cell: (g) => <GoalStatus ctx={ctx} status={g.status} /> },
  ];
}

/** The activity columns both audiences see. */
export function activityColumns(ctx: PageContext): Column<CarePlanActivity>[] {
  const { t } = ctx;
  return [
    { header: t('records.cp_activity'), cell: (a) => a.description },
    { header: t('records.cp_responsible'), cell: (a) => a.responsibleName ?? '—' },
    { header: t('records.cp_frequency'), cell: (a) => a.frequency ?? '—' },
    { header: t('records.cp_status'), cell: (a) => <ActivityStatus ctx={ctx} status={a.status} /> },
  ];
}

export function formatDay(ctx: PageContext, value: string | Date | null): string {
  if (!value) return '—';
  return typeof value === 'string' ? formatCalendarDate(ctx.locale, value) : formatZonedDate(ctx.locale, value, ctx.timeZone);
}

export function formatWhen(ctx: PageContext, value: Date): string {
  return formatInstant(ctx.locale, value, ctx.timeZone);
}

/**
 * Progress over time, oldest first, beside each goal's target: the goals' readings (coded
 * observations: the patient's own and the clinicians' progress values), and the values noted on
 * goals that carry no code.
 */
export function MeasurementHistory(props: { ctx: PageContext; plan: CarePlan }) {
  const { ctx } = props;
  const { t } = ctx;
  const goals = new Map<string, CarePlanGoal>(props.plan.goals.map((g) => [g.id, g]));
  const coded = props.plan.goals.flatMap((g) =>
    g.readings.map((r) => ({ at: r.effectiveAt, goal: g, value: r.value, unit: r.unit, source: readingSourceLabel(ctx, r.source) })),
  );
  const uncoded = props.plan.progress
    .filter((p) => p.goalId && p.measuredValue !== null && !goals.get(p.goalId)?.measureCode)
    .map((p) => {
      const goal = goals.get(p.goalId!);
      return { at: p.createdAt, goal, value: p.measuredValue!, unit: goal?.targetUnit ?? null, source: t('records.cp_source_clinician') };
    });
  const rows = [...coded, ...uncoded].sort((a, b) => a.at.getTime() - b.at.getTime());
  return (
    <Table
      caption={t('records.cp_measurements')}
      empty={t('records.cp_measurements_empty')}
      rows={rows}
      columns={[
        { header: t('records.cp_when'), cell: (r) => formatWhen(ctx, r.at) },
        { header: t('records.cp_goal'), cell: (r) => (r.goal ? measureLabel(ctx, r.goal) : '—') },
        { header: t('records.cp_value'), cell: (r) => `${r.value}${r.unit ? ` ${unitLabel(r.unit)}` : ''}` },
        { header: t('records.cp_target'), cell: (r) => r.goal?.target ?? '—' },
        { header: t('records.cp_recorded_by'), cell: (r) => r.source },
      ]}
    />
  );
}

export function ProgressNotes(props: { ctx: PageContext; plan: CarePlan }) {
  const { t } = props.ctx;
  return (
    <Table
      caption={t('records.cp_progress')}
      empty={t('records.cp_progress_empty')}
      rows={[...props.plan.progress].reverse()}
      columns={[
        { header: t('records.cp_when'), cell: (p) => formatWhen(props.ctx, p.createdAt) },
        { header: t('records.cp_author'), cell: (p) => p.authorName ?? '—' },
        { header: t('records.cp_note'), cell: (p) => p.text },
      ]}
    />
  );
}

export function Considerations(props: { ctx: PageContext; plan: CarePlan; children?: ComponentChildren }) {
  const { t } = props.ctx;
  if (props.plan.considerations.length === 0 && !props.plan.source) return null;
  return (
    <section aria-labelledby="cp-consider">
      <h2 id="cp-consider">{t('records.cp_considerations')}</h2>
      <ul>
        {props.plan.considerations.map((c) => (
          <li>{c}</li>
        ))}
      </ul>
      {props.plan.source && (
        <p class="muted">
          {t('records.cp_source')}: {props.plan.source}
        </p>
      )}
    </section>
  );
}
