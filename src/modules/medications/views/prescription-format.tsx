import { StatusChip, type Tone } from '../../../platform/views/components.js';
import type { IconName } from '../../../platform/views/icons.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { formatZonedDateTime } from '../../../platform/views/format.js';
import type { Frequency } from '../prescriptions.frequency.js';
import type { AlertSeverity, PrescriptionStatus } from '../prescriptions.vocabulary.js';
import { formatStrength } from './format.js';

/** A dose as people read it; a UCUM annotation (`{tablet}`) shows as its word. */
export function formatDose(ctx: PageContext, dose: { value: number; unit: string }): string {
  return formatStrength(ctx, { value: dose.value, unit: dose.unit.replace(/^\{(.+)\}$/, '$1') });
}

export function formatFrequency(ctx: PageContext, f: Frequency): string {
  const { t } = ctx;
  switch (f.kind) {
    case 'times_a_day':
      return t('medications.freq_times_a_day', { n: f.times });
    case 'every_n_hours':
      return t('medications.freq_every_n_hours', { n: f.hours });
    case 'at_times':
      return t('medications.freq_at_times', { times: f.times.join(', ') });
    case 'as_needed':
      return t('medications.freq_as_needed', { n: f.maxPerDay });
  }
}

/** An instant in the viewer's time zone, the zone named. */
export const formatWhen = (ctx: PageContext, value: Date) => formatZonedDateTime(ctx.locale, value, ctx.timeZone);

const STATUS_TONES: Record<PrescriptionStatus, [Tone, IconName]> = {
  draft: ['info', 'file-text'],
  signed: ['ok', 'check'],
  completed: ['neutral', 'check'],
  stopped: ['neutral', 'ban'],
  entered_in_error: ['danger', 'circle-x'],
};

export function PrescriptionStatusChip(props: { ctx: PageContext; status: PrescriptionStatus }) {
  const [tone, icon] = STATUS_TONES[props.status];
  return (
    <StatusChip tone={tone} icon={icon}>
      {props.ctx.t(`medications.rx_status_${props.status}`)}
    </StatusChip>
  );
}

const SEVERITY_TONES: Record<AlertSeverity, Tone> = {
  critical: 'danger',
  high_priority: 'danger',
  significant: 'warning',
  warning: 'warning',
  review: 'info',
};

export function SeverityChip(props: { ctx: PageContext; severity: AlertSeverity }) {
  return (
    <StatusChip tone={SEVERITY_TONES[props.severity]} icon="triangle-alert">
      {props.ctx.t(`medications.severity_${props.severity}`)}
    </StatusChip>
  );
}
