import { Alert, Button, Card, Checkbox, Field, Form, Table } from '../../../../platform/views/components.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { observationCode, unitLabel } from '../../observations/observation-codes.js';
import type { CarePlan, CarePlanGoal, GoalReading } from '../care-plans.schemas.js';
import { formatInstant } from '../../../../platform/views/format.js';

export { unitLabel };

/** What a coded goal measures, in the reader's language; an uncoded goal by its own words. */
export function measureLabel(ctx: PageContext, goal: Pick<CarePlanGoal, 'measureCode' | 'measure' | 'description'>): string {
  const coded = observationCode(goal.measureCode);
  return coded ? ctx.t(`records.obs_${coded.key}`) : (goal.measure ?? goal.description);
}

export const readingSourceLabel = (ctx: PageContext, source: GoalReading['source']) => ctx.t(`records.cp_source_${source}`);

/** A refused reading, shown beside its goal's form. */
export interface ReadingFailure {
  goalId: string;
  errors: { path: string; message: string }[];
  value: unknown;
  message?: string;
  /** The value is possible but unusual: the form asks the patient to check it and confirm. */
  confirm?: boolean;
}

/** The message beside the value field, in the reader's language, naming the accepted range. */
function readingError(ctx: PageContext, goal: CarePlanGoal, failure: ReadingFailure | undefined): string | undefined {
  if (!failure || failure.goalId !== goal.id) return undefined;
  const coded = observationCode(goal.measureCode);
  const numeric = typeof failure.value === 'string' && failure.value.trim() !== '' && Number.isFinite(Number(failure.value));
  if (!numeric) return ctx.t('records.cp_reading_not_number');
  if (failure.confirm) return ctx.t('records.cp_reading_unusual');
  if (coded) return ctx.t('records.cp_reading_out_of_range', { min: coded.min, max: coded.max, unit: unitLabel(coded.unit) });
  return failure.message ?? ctx.t('records.cp_reading_refused');
}

/** The patient's own readings on one measurable goal, with the form to add one (active plans only). */
function GoalReadingsCard(props: { ctx: PageContext; plan: CarePlan; goal: CarePlanGoal; failure?: ReadingFailure }) {
  const { ctx, plan, goal } = props;
  const { t } = ctx;
  const unit = unitLabel(goal.targetUnit);
  const error = readingError(ctx, goal, props.failure);
  const typed = props.failure?.goalId === goal.id && typeof props.failure.value === 'string' ? props.failure.value : undefined;
  return (
    <Card title={measureLabel(ctx, goal)} id={`goal-${goal.id}`}>
      {goal.target && (
        <p>
          {t('records.cp_target')}: {goal.target}
        </p>
      )}
      <Table
        caption={t('records.cp_readings_of', { measure: measureLabel(ctx, goal) })}
        empty={t('records.cp_readings_empty')}
        rows={[...goal.readings].reverse().slice(0, 20)}
        columns={[
          { header: t('records.cp_when'), cell: (r) => formatInstant(ctx.locale, r.effectiveAt, ctx.timeZone) },
          { header: t('records.cp_value'), cell: (r) => `${r.value} ${unitLabel(r.unit)}` },
          { header: t('records.cp_recorded_by'), cell: (r) => readingSourceLabel(ctx, r.source) },
        ]}
      />
      {plan.status === 'active' && (
        <Form ctx={ctx} action={`/portal/care-plans/${plan.id}/goals/${goal.id}/readings`} class="form form--inline">
          <Field
            name="value"
            type="number"
            step="any"
            label={t('records.cp_reading_value', { unit })}
            value={typed}
            errors={error ? [{ path: 'value', message: error }] : []}
            required
          />
          {props.failure?.goalId === goal.id && props.failure.confirm && (
            <Checkbox name="confirmImplausible" value="true" label={t('records.cp_reading_confirm')} />
          )}
          <Button>{t('records.cp_reading_save')}</Button>
        </Form>
      )}
    </Card>
  );
}

/** "Your readings": one card per goal that measures something. */
export function PortalGoalReadings(props: { ctx: PageContext; plan: CarePlan; failure?: ReadingFailure; saved?: boolean }) {
  const { ctx, plan } = props;
  const { t } = ctx;
  const measurable = plan.goals.filter((g) => g.measureCode);
  if (measurable.length === 0) return null;
  return (
    <section aria-labelledby="cp-readings">
      <h2 id="cp-readings">{t('records.cp_readings_title')}</h2>
      <p class="hint">{t('records.cp_readings_intro')}</p>
      {props.saved && <Alert kind="success">{t('records.cp_reading_saved')}</Alert>}
      {props.failure && <Alert kind="danger">{t('records.cp_reading_refused')}</Alert>}
      {measurable.map((g) => (
        <GoalReadingsCard ctx={ctx} plan={plan} goal={g} failure={props.failure} />
      ))}
    </section>
  );
}
