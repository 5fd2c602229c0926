import { StatusChip } from '../../../platform/views/components.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { AlertSeverity } from '../alerts.tables.js';

/** Severity with an icon and a word, never colour alone. */
export function SeverityBadge(props: { ctx: PageContext; severity: AlertSeverity }) {
  const tone = { info: 'info', warning: 'warning', critical: 'danger' } as const;
  const icon = { info: 'info', warning: 'triangle-alert', critical: 'siren' } as const;
  return (
    <StatusChip tone={tone[props.severity]} icon={icon[props.severity]}>
      {props.ctx.t(`alerts.severity_${props.severity}`)}
    </StatusChip>
  );
}

export function AlertStatusBadge(props: { ctx: PageContext; resolvedAt: string | null }) {
  return props.resolvedAt ? (
    <StatusChip tone="neutral" icon="check">
      {props.ctx.t('alerts.status_resolved')}
    </StatusChip>
  ) : (
    <StatusChip tone="warning" icon="bell">
      {props.ctx.t('alerts.status_active')}
    </StatusChip>
  );
}

/** Flash messages after a redirect come from an allowlist of keys, never from free text in the URL. */
export const ALERT_DONE_MESSAGES = ['sent', 'acknowledged', 'resolved'] as const;
export type AlertDoneMessage = (typeof ALERT_DONE_MESSAGES)[number];

export function alertDoneMessage(value: unknown): AlertDoneMessage | undefined {
  return ALERT_DONE_MESSAGES.find((d) => d === value);
}

/** "everyone", "Department: Cardiology", "Role: Nurse". */
export function audienceLabel(
  ctx: PageContext,
  alert: { audience: string; department: { name: string } | null; role: string | null },
): string {
  if (alert.audience === 'department') return ctx.t('alerts.audience_department_named', { name: alert.department?.name ?? '' });
  if (alert.audience === 'role') return ctx.t('alerts.audience_role_named', { role: ctx.t(`staff.role_${alert.role}`) });
  return ctx.t('alerts.audience_everyone');
}
