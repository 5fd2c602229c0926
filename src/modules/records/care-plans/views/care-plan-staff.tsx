import type { FieldError } from '../../../../platform/errors.js';
import { Alert, Button, Checkbox, Field, Form, LinkButton, SelectField, Table, TextArea } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { CarePlan, CarePlanSummary } from '../care-plans.schemas.js';
import { CARE_PLAN_TEMPLATE_CODES } from '../care-plans.templates.js';
import { OBSERVATION_CODES } from '../../observations/observation-codes.js';
import { unitLabel } from './goal-readings.js';
import {
  activityColumns,
  Considerations,
  formatDay,
  goalColumns,
  MeasurementHistory,
  PlanStatus,
  ProgressNotes,
} from './care-plan-parts.js';
import { formText as str } from '../../../../platform/views/format.js';

/** The clinician's care-plan pages: the patient's plans (and a new one), one plan to edit. */

export interface PageFailure {
  form: string;
  errors: FieldError[];
  values: Record<string, unknown>;
  message?: string;
  /** An unusual measured value: the progress form asks to check it and confirm. */
  confirm?: boolean;
}

export function StaffCarePlansPage(props: {
  ctx: PageContext;
  patientId: string;
  plans: CarePlanSummary[];
  canWrite: boolean;
  failure?: PageFailure;
}) {
  const { ctx } = props;
  const { t } = ctx;
  const errors = props.failure?.errors ?? [];
  const values = props.failure?.values ?? {};
  return (
    <Layout ctx={ctx} title={t('records.cp_title')} wide>
      <PageHeader
        title={t('records.cp_title')}
        subtitle={<a href={`/staff/patients/${props.patientId}`}>{t('records.cp_back_to_chart')}</a>}
      />
      {props.failure?.message && <Alert kind="danger">{props.failure.message}</Alert>}
      <Table
        caption={t('records.cp_title')}
        empty={t('records.cp_empty')}
        rows={props.plans}
        columns={[
          { header: t('records.cp_plan'), cell: (p) => <a href={`/staff/care-plans/${p.id}`}>{p.title}</a> },
          { header: t('records.cp_condition'), cell: (p) => p.conditionCode ?? '—' },
          { header: t('records.cp_status'), cell: (p) => <PlanStatus ctx={ctx} status={p.status} /> },
          {
            header: t('records.cp_goals_met'),
            cell: (p) => t('records.cp_goals_met_count', { met: String(p.goalsMet), total: String(p.goalsTotal) }),
          },
          { header: t('records.cp_next_review'), cell: (p) => formatDay(ctx, p.nextReviewAt) },
        ]}
      />
      {props.canWrite && (
        <Form ctx={ctx} action={`/staff/patients/${props.patientId}/care-plans`}>
          <h2>{t('records.cp_new')}</h2>
          <SelectField
            name="templateCode"
            label={t('records.cp_template')}
            includeBlank={t('records.cp_template_none')}
            value={str(values.templateCode)}
            errors={errors}
            options={CARE_PLAN_TEMPLATE_CODES.map((code) => ({ value: code, label: t(`records.cp_template_${code}`) }))}
          />
          <Field
            name="title"
            label={t('records.cp_plan_title')}
            hint={t('records.cp_title_hint')}
            value={str(values.title)}
            errors={errors}
            maxLength={200}
          />
          <Field
            name="conditionCode"
            label={t('records.cp_condition')}
            hint={t('records.cp_condition_hint')}
            value={str(values.conditionCode)}
            errors={errors}
            maxLength={10}
          />
          <Button>{t('records.cp_create')}</Button>
        </Form>
      )}
    </Layout>
  );
}

interface StaffCarePlanProps {
  ctx: PageContext;
  plan: CarePlan;
  team: { id: string; name: string }[];
  canWrite: boolean;
  failure?: PageFailure;
}

/** One plan for the clinician: its details, goals, activities and progress, editable while open. */
export function StaffCarePlanPage(props: StaffCarePlanProps) {
  const { ctx, plan } = props;
  const { t } = ctx;
  const form = planForms(props);
  return (
    <Layout ctx={ctx} title={plan.title} wide>
      <PageHeader
        title={plan.title}
        subtitle={
          <>
            <PlanStatus ctx={ctx} status={plan.status} />{' '}
            <a href={`/staff/patients/${plan.patientId}/care-plans`}>{t('records.cp_all_plans')}</a>
          </>
        }
      />
      {props.failure?.message && <Alert kind="danger">{props.failure.message}</Alert>}
      <PlanActions form={form} />
      <PlanDetails form={form} />
      <Considerations ctx={ctx} plan={plan} />

      <GoalsSection form={form} />

      <ActivitiesSection form={form} />

      <ProgressSection form={form} />
      <MeasurementHistory ctx={ctx} plan={plan} />
      <ProgressNotes ctx={ctx} plan={plan} />
      {!props.canWrite && <LinkButton href={`/staff/patients/${plan.patientId}`}>{t('records.cp_back_to_chart')}</LinkButton>}
    </Layout>
  );
}

/** What every form on the plan page needs: where it posts, whether the plan is open, a failed form's errors and values. */
function planForms(props: StaffCarePlanProps) {
  const { ctx, plan, team, canWrite } = props;
  const failed = (form: string) => (props.failure?.form === form ? props.failure : undefined);
  return {
    ctx,
    plan,
    team,
    canWrite,
    base: `/staff/care-plans/${plan.id}`,
    open: canWrite && (plan.status === 'draft' || plan.status === 'active'),
    errorsOf: (form: string) => failed(form)?.errors ?? [],
    confirmProgress: failed('progress')?.confirm === true,
    valueOf: (form: string, name: string, fallback?: string | null) => str(failed(form)?.values[name]) ?? fallback ?? undefined,
  };
}

type PlanForms = ReturnType<typeof planForms>;

/** Activate a draft, complete an active plan. */
function PlanActions({ form }: { form: PlanForms }) {
  const { ctx, plan, base, open } = form;
  const { t } = ctx;
  if (!open) return null;
  return (
    <div class="actions">
      {plan.status === 'draft' && (
        <Form ctx={ctx} action={`${base}/activate`} version={plan.version}>
          <Button>{t('records.cp_activate')}</Button>
        </Form>
      )}
      {plan.status === 'active' && (
        <Form ctx={ctx} action={`${base}/complete`} version={plan.version}>
          <Button variant="secondary">{t('records.cp_complete')}</Button>
        </Form>
      )}
    </div>
  );
}

/** The plan's details: a form while it is open, the next review otherwise. */
function PlanDetails({ form }: { form: PlanForms }) {
  const { ctx, plan, base, open, errorsOf, valueOf } = form;
  const { t } = ctx;
  return open ? (
    <Form ctx={ctx} action={base} version={plan.version}>
      <h2>{t('records.cp_details')}</h2>
      <Field
        name="title"
        label={t('records.cp_plan_title')}
        value={valueOf('plan', 'title', plan.title)}
        errors={errorsOf('plan')}
        required
        maxLength={200}
      />
      <Field
        name="conditionCode"
        label={t('records.cp_condition')}
        value={valueOf('plan', 'conditionCode', plan.conditionCode)}
        errors={errorsOf('plan')}
        maxLength={10}
      />
      <TextArea
        name="description"
        label={t('records.cp_description')}
        value={valueOf('plan', 'description', plan.description)}
        errors={errorsOf('plan')}
      />
      <Field
        type="date"
        name="nextReviewDate"
        label={t('records.cp_next_review')}
        value={valueOf('plan', 'nextReviewDate', plan.nextReviewAt ? plan.nextReviewAt.toISOString().slice(0, 10) : null)}
        errors={errorsOf('plan')}
      />
      <Button>{t('records.cp_save')}</Button>
    </Form>
  ) : (
    <p>
      {t('records.cp_next_review')}: {formatDay(ctx, plan.nextReviewAt)}
    </p>
  );
}

/** Goals, their status buttons and the add form. */
function GoalsSection({ form }: { form: PlanForms }) {
  const { ctx, plan, base, open, errorsOf, valueOf } = form;
  const { t } = ctx;
  return (
    <>
      <h2>{t('records.cp_goals')}</h2>
      <Table
        caption={t('records.cp_goals')}
        empty={t('records.cp_goals_empty')}
        rows={plan.goals}
        columns={[
          ...goalColumns(ctx),
          {
            header: t('records.cp_change'),
            cell: (g) =>
              open && (
                <Form ctx={ctx} action={`${base}/goals/${g.id}`} version={plan.version}>
                  {(['met', 'not_met', 'in_progress'] as const)
                    .filter((s) => s !== g.status)
                    .map((s) => (
                      <Button variant="secondary" name="status" value={s}>
                        {t(`records.cp_mark_${s}`)}
                      </Button>
                    ))}
                </Form>
              ),
          },
        ]}
      />
      {open && (
        <Form ctx={ctx} action={`${base}/goals`} version={plan.version}>
          <h3>{t('records.cp_add_goal')}</h3>
          <Field
            name="goalDescription"
            label={t('records.cp_goal')}
            value={valueOf('goal', 'goalDescription')}
            errors={errorsOf('goal')}
            required
            maxLength={500}
          />
          <Field
            name="target"
            label={t('records.cp_target')}
            hint={t('records.cp_target_hint')}
            value={valueOf('goal', 'target')}
            errors={errorsOf('goal')}
            maxLength={200}
          />
          <Field
            name="measure"
            label={t('records.cp_measure')}
            value={valueOf('goal', 'measure')}
            errors={errorsOf('goal')}
            maxLength={100}
          />
          <SelectField
            name="measureCode"
            label={t('records.cp_measure_code')}
            includeBlank={t('records.cp_measure_code_none')}
            value={valueOf('goal', 'measureCode')}
            errors={errorsOf('goal')}
            options={Object.values(OBSERVATION_CODES).map((c) => ({
              value: c.code,
              label: `${t(`records.obs_${c.key}`)} (${unitLabel(c.unit)})`,
            }))}
          />
          <Field
            name="targetValue"
            type="text"
            inputMode="text"
            label={t('records.cp_target_value')}
            value={valueOf('goal', 'targetValue')}
            errors={errorsOf('goal')}
          />
          <Field
            name="targetUnit"
            label={t('records.cp_unit')}
            value={valueOf('goal', 'targetUnit')}
            errors={errorsOf('goal')}
            maxLength={30}
          />
          <Field type="date" name="dueDate" label={t('records.cp_due')} value={valueOf('goal', 'dueDate')} errors={errorsOf('goal')} />
          <Button>{t('records.cp_add_goal')}</Button>
        </Form>
      )}
    </>
  );
}

/** Activities, their status buttons and the add form. */
function ActivitiesSection({ form }: { form: PlanForms }) {
  const { ctx, plan, base, open, team, errorsOf, valueOf } = form;
  const { t } = ctx;
  return (
    <>
      <h2>{t('records.cp_activities')}</h2>
      <Table
        caption={t('records.cp_activities')}
        empty={t('records.cp_activities_empty')}
        rows={plan.activities}
        columns={[
          ...activityColumns(ctx),
          {
            header: t('records.cp_change'),
            cell: (a) =>
              open && (
                <Form ctx={ctx} action={`${base}/activities/${a.id}`} version={plan.version}>
                  {(['in_progress', 'completed', 'cancelled'] as const)
                    .filter((s) => s !== a.status)
                    .map((s) => (
                      <Button variant="secondary" name="status" value={s}>
                        {t(`records.cp_activity_${s}`)}
                      </Button>
                    ))}
                </Form>
              ),
          },
        ]}
      />
      {open && (
        <Form ctx={ctx} action={`${base}/activities`} version={plan.version}>
          <h3>{t('records.cp_add_activity')}</h3>
          <Field
            name="activityDescription"
            label={t('records.cp_activity')}
            value={valueOf('activity', 'activityDescription')}
            errors={errorsOf('activity')}
            required
            maxLength={500}
          />
          <SelectField
            name="responsibleStaffId"
            label={t('records.cp_responsible')}
            includeBlank={t('records.cp_nobody')}
            value={valueOf('activity', 'responsibleStaffId')}
            errors={errorsOf('activity')}
            options={team.map((m) => ({ value: m.id, label: m.name }))}
          />
          <Field
            name="frequency"
            label={t('records.cp_frequency')}
            value={valueOf('activity', 'frequency')}
            errors={errorsOf('activity')}
            maxLength={200}
          />
          <Button>{t('records.cp_add_activity')}</Button>
        </Form>
      )}
    </>
  );
}

/** The progress note form, with an optional measurement against a goal. */
function ProgressSection({ form }: { form: PlanForms }) {
  const { ctx, plan, base, canWrite, errorsOf, valueOf } = form;
  const { t } = ctx;
  return (
    <>
      <h2>{t('records.cp_progress')}</h2>
      {canWrite && plan.status === 'active' && (
        <Form ctx={ctx} action={`${base}/progress`}>
          <TextArea name="text" label={t('records.cp_note')} value={valueOf('progress', 'text')} errors={errorsOf('progress')} />
          <SelectField
            name="goalId"
            label={t('records.cp_measured_goal')}
            includeBlank={t('records.cp_no_measurement')}
            value={valueOf('progress', 'goalId')}
            errors={errorsOf('progress')}
            options={plan.goals.map((g) => ({ value: g.id, label: g.measure ? `${g.measure} (${g.target ?? ''})` : g.description }))}
          />
          <Field
            name="measuredValue"
            label={t('records.cp_value')}
            value={valueOf('progress', 'measuredValue')}
            errors={errorsOf('progress')}
          />
          {form.confirmProgress && <Checkbox name="confirmImplausible" value="true" label={t('records.cp_reading_confirm')} />}
          <Button>{t('records.cp_add_progress')}</Button>
        </Form>
      )}
    </>
  );
}
