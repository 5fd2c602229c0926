import type { Translate } from '../../../platform/i18n/i18n.js';
import { StatusChip } from '../../../platform/views/components.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { ClinicalAlertSeverity, ClinicalAlertStatus } from '../clinical-alerts.vocabulary.js';

/** Severity with an icon and a word, never colour alone. */
export function ClinicalSeverityBadge(props: { ctx: PageContext; severity: ClinicalAlertSeverity }) {
  return (
    <StatusChip
      tone={props.severity === 'critical' ? 'danger' : 'warning'}
      icon={props.severity === 'critical' ? 'siren' : 'triangle-alert'}
    >
      {props.ctx.t(`clinical_alerts.severity_${props.severity}`)}
    </StatusChip>
  );
}

export function ClinicalStatusBadge(props: { ctx: PageContext; status: ClinicalAlertStatus }) {
  return props.status === 'acknowledged' ? (
    <StatusChip tone="ok" icon="check">
      {props.ctx.t('clinical_alerts.status_acknowledged')}
    </StatusChip>
  ) : (
    <StatusChip tone="warning" icon="bell">
      {props.ctx.t('clinical_alerts.status_open')}
    </StatusChip>
  );
}

/** "4 min 05 s", "1 h 02 min": a duration in the viewer's words. */
export function formatDuration(t: Translate, seconds: number | null): string {
  if (seconds === null) return '—';
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (hours > 0) return t('clinical_alerts.duration_hours', { hours, minutes: String(minutes).padStart(2, '0') });
  return t('clinical_alerts.duration_minutes', { minutes, seconds: String(secs).padStart(2, '0') });
}
