import { formatZonedDate } from '../../../../platform/views/format.js';
import { Card, EmptyState } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { SharedSummary } from '../encounters.schemas.js';

const date = (ctx: PageContext, d: Date) => formatZonedDate(ctx.locale, d, ctx.timeZone, 'long');

/** `/portal/summaries`: the visit summaries the patient's clinicians shared, in plain words. */
export function EncounterSummariesPage(props: { ctx: PageContext; summaries: SharedSummary[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('records.enc_summaries_title')}>
      <PageHeader title={t('records.enc_summaries_title')} subtitle={t('records.enc_summaries_intro')} />
      {props.summaries.length === 0 && <EmptyState title={t('records.enc_summaries_empty')} />}
      {props.summaries.map((s) => (
        <Card title={t('records.enc_summaries_visit', { date: date(ctx, s.sharedAt), clinician: s.clinicianName })} id={`summary-${s.id}`}>
          <h3>{t('records.enc_summary')}</h3>
          <p class="prewrap">{s.summary}</p>
          {s.instructions && (
            <>
              <h3>{t('records.enc_instructions')}</h3>
              <p class="prewrap">{s.instructions}</p>
            </>
          )}
        </Card>
      ))}
    </Layout>
  );
}
