import { Card, LinkButton } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { ProblemItem } from '../../chart/chart.types.js';
import type { HealthRecord } from '../services/health-record.service.js';
import { label, when } from '../../chart/views/chart-format.js';

/** What a section says instead of a list: not available (null), or none recorded (empty). */
function emptyNote(t: PageContext['t'], items: unknown[] | null) {
  return items === null ? (
    <p class="empty-state-title">{t('records.hr_not_available')}</p>
  ) : items.length === 0 ? (
    <p class="empty-state-title">{t('records.hr_none')}</p>
  ) : null;
}

/** "My health record": calm, plain words, one section after another; a PDF copy to download. */
export function HealthRecordPage(props: { ctx: PageContext; record: HealthRecord }) {
  const { ctx, record } = props;
  const { t } = ctx;
  const problems: ProblemItem[] =
    record.problems ??
    record.conditions
      .filter((c) => c.status === 'active')
      .map((c) => ({ id: c.id, code: c.icd10Code, description: c.description, since: c.onsetDate }));
  return (
    <Layout ctx={ctx} title={t('records.hr_title')}>
      <PageHeader
        title={t('records.hr_title')}
        subtitle={t('records.hr_intro')}
        actions={
          <LinkButton href="/portal/health-record.pdf" variant="primary">
            {t('records.hr_download_pdf')}
          </LinkButton>
        }
      />

      <Card title={t('records.hr_problems')} id="problems">
        {emptyNote(t, problems) ?? (
          <ul class="plain-list">
            {problems.map((x) => (
              <li>
                <strong>{x.description}</strong>
                {x.code && <span> ({x.code})</span>}
                {x.since && (
                  <span>
                    {' '}
                    · {t('records.hr_since')} {when(ctx, x.since)}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title={t('records.hr_diagnoses')} id="diagnoses">
        {emptyNote(t, record.diagnoses) ?? (
          <ul class="plain-list">
            {record.diagnoses!.map((d) => (
              <li>
                <strong>{d.description}</strong> ({d.code}) · {when(ctx, d.recordedAt)}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title={t('records.hr_allergies')} id="allergies">
        {emptyNote(
          t,
          record.allergies.filter((a) => a.status === 'active'),
        ) ?? (
          <ul class="plain-list">
            {record.allergies
              .filter((a) => a.status === 'active')
              .map((a) => (
                <li>
                  <strong>{a.substance}</strong>
                  {a.reaction && <span>: {a.reaction}</span>}
                </li>
              ))}
          </ul>
        )}
      </Card>

      <VisitSummariesCard {...props} />

      <Card
        title={t('records.hr_documents')}
        id="documents"
        actions={<LinkButton href="/portal/documents">{t('records.hr_all_documents')}</LinkButton>}
      >
        {emptyNote(t, record.documents) ?? (
          <ul class="plain-list">
            {record.documents!.map((d) => (
              <li>
                <a href={`/documents/${d.id}/view`}>
                  <strong>{d.title}</strong>
                </a>{' '}
                · {label(ctx, 'chart_category', d.category)} · {when(ctx, d.uploadedAt)}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <CarePlansCard {...props} />
    </Layout>
  );
}

/** The care plans section. */
function CarePlansCard(props: { ctx: PageContext; record: HealthRecord }) {
  const { ctx, record } = props;
  const { t } = ctx;
  return (
    <Card
      title={t('records.hr_care_plans')}
      id="care-plans"
      actions={<LinkButton href="/portal/care-plans">{t('records.hr_all_care_plans')}</LinkButton>}
    >
      {emptyNote(t, record.carePlans) ?? (
        <ul class="plain-list">
          {record.carePlans!.map((c) => (
            <li>
              <a href={`/portal/care-plans/${c.id}`}>
                <strong>{c.title}</strong>
              </a>{' '}
              · {t('records.chart_goals_met', { met: c.goalsMet, total: c.goalsTotal })} · {t('records.hr_next_review')}:{' '}
              {when(ctx, c.nextReviewAt)}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** The visit summaries section. */
function VisitSummariesCard(props: { ctx: PageContext; record: HealthRecord }) {
  const { ctx, record } = props;
  const { t } = ctx;
  return (
    <Card
      title={t('records.hr_summaries')}
      id="summaries"
      actions={<LinkButton href="/portal/summaries">{t('records.hr_all_summaries')}</LinkButton>}
    >
      {emptyNote(t, record.summaries) ??
        record.summaries!.map((s) => (
          <article class="visit-summary">
            <h3>{t('records.hr_visit_on', { date: when(ctx, s.sharedAt), clinician: s.clinicianName ?? '—' })}</h3>
            {s.summary && (
              <p>
                <strong>{t('records.hr_summary')}:</strong> {s.summary}
              </p>
            )}
            {s.instructions && (
              <p>
                <strong>{t('records.hr_instructions')}:</strong> {s.instructions}
              </p>
            )}
          </article>
        ))}
    </Card>
  );
}
