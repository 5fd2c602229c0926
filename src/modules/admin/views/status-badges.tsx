import { Badge } from '../../../platform/views/components.js';
import type { PageContext } from '../../../platform/views/page-context.js';

/** Account status with an icon and a word, never colour alone. */
export function StaffStatusBadge(props: { ctx: PageContext; status: 'invited' | 'active' | 'disabled' }) {
  const kind = { invited: 'info', active: 'success', disabled: 'danger' } as const;
  return <Badge kind={kind[props.status]}>{props.ctx.t(`admin.status_${props.status}`)}</Badge>;
}

export function MfaBadge(props: { ctx: PageContext; enrolled: boolean }) {
  return props.enrolled ? (
    <Badge kind="success">{props.ctx.t('admin.mfa_enrolled')}</Badge>
  ) : (
    <Badge kind="warning">{props.ctx.t('admin.mfa_missing')}</Badge>
  );
}

/** Flash messages after a redirect come from an allowlist of keys, never from free text in the URL. */
export const DONE_MESSAGES = ['invited', 'saved', 'disabled', 'enabled', 'mfa_reset', 'invitation_sent', 'revoked', 'retried'] as const;
export type DoneMessage = (typeof DONE_MESSAGES)[number];

export function doneMessage(value: unknown): DoneMessage | undefined {
  return DONE_MESSAGES.find((d) => d === value);
}
