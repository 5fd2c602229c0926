import { EmptyState } from '../../../../platform/views/components.js';
import { formatDate } from '../../../../platform/i18n/i18n.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { Instant } from '../chart.types.js';

/** A date (or date and time) in the viewer's language and time zone; "—" when there is none. */
export function when(ctx: PageContext, value: Instant | undefined, withTime = false): string {
  if (!value) return '—';
  return formatDate(ctx.locale, value, ctx.timeZone, withTime);
}

export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** A chart section whose part of the record is not available in this build. */
export function NotAvailable(props: { ctx: PageContext }) {
  return <EmptyState title={props.ctx.t('records.chart_not_available')} />;
}

/** A translated code when the key exists, the code itself otherwise. */
export function label(ctx: PageContext, prefix: string, code: string): string {
  const key = `records.${prefix}_${code.replace(/-/g, '_')}`;
  const text = ctx.t(key);
  return text === key ? code.replace(/[_-]/g, ' ') : text;
}
