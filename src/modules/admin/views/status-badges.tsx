import { StatusChip } from '../../../platform/views/components.js';
import type { PageContext } from '../../../platform/views/page-context.js';

/** Account status with an icon and a word, never colour alone. */
export function StaffStatusBadge(props: { ctx: PageContext; status: 'invited' | 'active' | 'disabled' }) {
  const tone = { invited: 'info', active: 'ok', disabled: 'danger' } as const;
  const icon = { invited: 'clock', active: 'circle-check', disabled: 'ban' } as const;
  return (
    <StatusChip tone={tone[props.status]} icon={icon[props.status]}>
      {props.ctx.t(`admin.status_${props.status}`)}
    </StatusChip>
  );
}

export function MfaBadge(props: { ctx: PageContext; enrolled: boolean }) {
  return props.enrolled ? (
    <StatusChip tone="ok">{props.ctx.t('admin.mfa_enrolled')}</StatusChip>
  ) : (
    <StatusChip tone="warning">{props.ctx.t('admin.mfa_missing')}</StatusChip>
  );
}

/** Flash messages after a redirect come from an allowlist of keys, never from free text in the URL. */
export const DONE_MESSAGES = ['invited', 'saved', 'disabled', 'enabled', 'mfa_reset', 'invitation_sent', 'revoked', 'retried'] as const;
export type DoneMessage = (typeof DONE_MESSAGES)[number];

export function doneMessage(value: unknown): DoneMessage | undefined {
  return DONE_MESSAGES.find((d) => d === value);
}
