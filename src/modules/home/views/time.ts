import { formatInstant } from '../../../platform/views/format.js';
import type { PageContext } from '../../../platform/views/page-context.js';

/** An instant in the viewer's zone, date and time. */
export const when = (ctx: PageContext, value: Date | string) => formatInstant(ctx.locale, new Date(value), ctx.timeZone);

/** A time of day in the viewer's zone. */
export const timeOfDay = (ctx: PageContext, value: Date) =>
  new Intl.DateTimeFormat(ctx.locale, { timeStyle: 'short', timeZone: ctx.timeZone }).format(value);
