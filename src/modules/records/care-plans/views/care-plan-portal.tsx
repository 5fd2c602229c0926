import { Card, EmptyState, LinkButton, Table } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { CarePlan, CarePlanSummary } from '../care-plans.schemas.js';
import { PortalGoalReadings, type ReadingFailure } from './goal-readings.js';
import { activityColumns, formatDay, goalColumns, MeasurementHistory, PlanStatus, ProgressNotes } from './care-plan-parts.js';

/** The patient's care plans: calm, read-only, plain words. */

export function PortalCarePlansPage(props: { ctx: PageContext; plans: CarePlanSummary[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('records.cp_portal_title')}>
      <PageHeader title={t('records.cp_portal_title')} subtitle={t('records.cp_portal_intro')} />
      {props.plans.length === 0 ? (
        <EmptyState title={t('records.cp_portal_empty')} />
      ) : (
        <div class="card-grid">
          {props.plans.map((p) => (
            <Card title={p.title}>
              <p>
                <PlanStatus ctx={ctx} status={p.status} />
              </p>
              <p>{t('records.cp_goals_met_count', { met: String(p.goalsMet), total: String(p.goalsTotal) })}</p>
              <p>
                {t('records.cp_next_review')}: {formatDay(ctx, p.nextReviewAt)}
              </p>
              <LinkButton href={`/portal/care-plans/${p.id}`} variant="primary">
                {t('records.cp_open')}
              </LinkButton>
            </Card>
          ))}
        </div>
      )}
    </Layout>
  );
}

export function PortalCarePlanPage(props: { ctx: PageContext; plan: CarePlan; readingSaved?: boolean; failure?: ReadingFailure }) {
  const { ctx, plan } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={plan.title}>
      <PageHeader title={plan.title} subtitle={<PlanStatus ctx={ctx} status={plan.status} />} />
      {plan.description && <p>{plan.description}</p>}
      <p>
        {t('records.cp_next_review')}: {formatDay(ctx, plan.nextReviewAt)}
      </p>
      <h2>{t('records.cp_portal_goals')}</h2>
      <Table caption={t('records.cp_portal_goals')} empty={t('records.cp_goals_empty')} rows={plan.goals} columns={goalColumns(ctx)} />
      <PortalGoalReadings ctx={ctx} plan={plan} failure={props.failure} saved={props.readingSaved} />
      <h2>{t('records.cp_portal_activities')}</h2>
      <Table
        caption={t('records.cp_portal_activities')}
        empty={t('records.cp_activities_empty')}
        rows={plan.activities}
        columns={activityColumns(ctx)}
      />
      <h2>{t('records.cp_portal_progress')}</h2>
      <MeasurementHistory ctx={ctx} plan={plan} />
      <ProgressNotes ctx={ctx} plan={plan} />
      <LinkButton href="/portal/care-plans">{t('records.cp_all_plans')}</LinkButton>
    </Layout>
  );
}
