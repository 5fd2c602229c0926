import { Badge, Pagination, Table } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { AccessLogEntry } from '../access.schemas.js';
import { formatInstant } from '../../../platform/views/format.js';

/** Plain words for audit actions; unknown ones fall back to a generic phrase. */
export function actionLabel(ctx: PageContext, action: string): string {
  const key = `patients.action_${action.replace(/\./g, '_')}`;
  const label = ctx.t(key);
  return label === key ? ctx.t('patients.action_other') : label;
}

/** A part of the record named by a view's audit row; an unknown name is shown as it is. */
export function sectionLabel(ctx: PageContext, section: string): string {
  const key = `patients.log_section_${section}`;
  const label = ctx.t(key);
  return label === key ? section : label;
}

export function AccessLogPage(props: { ctx: PageContext; entries: AccessLogEntry[]; nextHref: string | null }) {
  const { ctx } = props;
  const { t } = ctx;
  const who = (e: AccessLogEntry) =>
    e.actor.kind === 'you'
      ? t('patients.log_you')
      : e.actor.kind === 'patient'
        ? t('patients.log_patient')
        : e.actor.kind === 'system'
          ? t('patients.log_system')
          : `${e.actor.name ?? t('patients.log_staff')} (${e.actor.role ? t(`patients.role_${e.actor.role}`) : ''})`;
  return (
    <Layout ctx={ctx} title={t('patients.access_log_title')}>
      <PageHeader title={t('patients.access_log_title')} subtitle={t('patients.access_log_intro')} />
      <Table
        caption={t('patients.access_log_title')}
        empty={t('patients.access_log_empty')}
        rows={props.entries}
        columns={[
          { header: t('patients.log_when'), cell: (e) => formatInstant(ctx.locale, e.occurredAt, ctx.timeZone) },
          { header: t('patients.log_who'), cell: who },
          {
            header: t('patients.log_what'),
            cell: (e) => (
              <>
                {actionLabel(ctx, e.action)}
                {e.sections && e.sections.length > 0 && (
                  <div class="hint">{t('patients.log_sections', { list: e.sections.map((s) => sectionLabel(ctx, s)).join(', ') })}</div>
                )}
              </>
            ),
          },
          {
            header: t('patients.log_outcome'),
            cell: (e) => (
              <>
                {e.outcome === 'success' ? (
                  <Badge kind="success">{t('patients.outcome_success')}</Badge>
                ) : (
                  <Badge kind="warning">{t(`patients.outcome_${e.outcome}`)}</Badge>
                )}{' '}
                {e.breakGlass && <Badge kind="danger">{t('patients.log_break_glass')}</Badge>}
              </>
            ),
          },
        ]}
      />
      <Pagination ctx={ctx} nextHref={props.nextHref} />
    </Layout>
  );
}
