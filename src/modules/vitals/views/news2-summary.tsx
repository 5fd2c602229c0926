import { Alert, Badge } from '../../../platform/views/components.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { VitalSetDto } from '../vitals.schemas.js';

type News2 = VitalSetDto['news2'];

/** The NEWS2 of a set in words: total (or why none), the response, never by colour alone. */
export function News2Badge(props: { ctx: PageContext; news2: News2 }) {
  const { t } = props.ctx;
  const n = props.news2;
  if (n.status === 'not_applicable' || n.status === 'not_scored')
    return <Badge kind="neutral">{t(`vitals.news2_status_${n.status}`)}</Badge>;
  const kind = n.response === 'emergency' ? 'danger' : n.response === 'urgent' ? 'warning' : 'neutral';
  const label = n.total === null ? t('vitals.news2_status_incomplete') : t('vitals.news2_total', { total: n.total });
  return (
    <Badge kind={kind}>
      {label}
      {n.redScore ? ` · ${t('vitals.red_score')}` : ''}
    </Badge>
  );
}

/** The recommended response and monitoring of the latest set. */
export function News2Response(props: { ctx: PageContext; news2: News2 }) {
  const { t } = props.ctx;
  const n = props.news2;
  if (!n.response) return null;
  const kind = n.response === 'emergency' ? 'danger' : n.response === 'urgent' ? 'warning' : 'info';
  return (
    <Alert kind={kind} title={t('vitals.news2_total', { total: n.total ?? '—' })}>
      {t(`vitals.response_${n.response}`)}
      {n.risk ? ` (${t(`vitals.risk_${n.risk}`)})` : ''}
    </Alert>
  );
}
