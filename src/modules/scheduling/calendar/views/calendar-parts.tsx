import { Alert, Button, Form } from '../../../../platform/views/components.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { Appointment } from '../../appointments/appointments.schemas.js';

/** The visit's next steps as small forms (calendar and schedule board share them). */
export function StatusActions(props: {
  ctx: PageContext;
  appointment: Appointment;
  now: Date;
  back: Record<string, string>;
  only?: 'check_in';
}) {
  const { ctx, appointment: a } = props;
  const { t } = ctx;
  const actions: { action: string; label: string; variant: 'primary' | 'secondary' }[] = [];
  if (a.status === 'booked') {
    actions.push({ action: 'check_in', label: t('scheduling.cal_check_in'), variant: 'primary' });
    if (!props.only && props.now >= a.startsAt)
      actions.push({ action: 'no_show', label: t('scheduling.cal_no_show'), variant: 'secondary' });
  }
  if (a.status === 'checked_in' && !props.only)
    actions.push({ action: 'complete', label: t('scheduling.cal_complete'), variant: 'primary' });
  if (actions.length === 0) return null;
  return (
    <div class="inline-form">
      {actions.map((x) => (
        <Form ctx={ctx} action={`/staff/appointments/${a.id}/status`} class="inline-form" version={a.version}>
          <input type="hidden" name="action" value={x.action} />
          {Object.entries(props.back).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <Button variant={x.variant}>{x.label}</Button>
        </Form>
      ))}
    </div>
  );
}

/** What happened to the last action, from the redirect's `?notice=`. */
export function ActionNotice(props: { ctx: PageContext; notice: string | undefined }) {
  if (!props.notice) return null;
  const { t } = props.ctx;
  const ok = props.notice.startsWith('done_');
  return <Alert kind={ok ? 'success' : 'warning'}>{t(`scheduling.cal_notice_${props.notice}`)}</Alert>;
}

export const NOTICES = ['done_check_in', 'done_complete', 'done_no_show', 'refused_conflict', 'refused_early', 'booked'] as const;
