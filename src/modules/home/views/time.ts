import { formatInstant, formatWallClock } from '../../../platform/views/format.js';
import type { PageContext } from '../../../platform/views/page-context.js';

/** An instant in the viewer's zone, date and time. */
export const when = (ctx: PageContext, value: Date | string) => formatInstant(ctx.locale, new Date(value), ctx.timeZone);

/** A time of day in the viewer's zone (a cached formatter: building one costs more than using it). */
export const timeOfDay = (ctx: PageContext, value: Date) => formatWallClock(ctx.locale, value, ctx.timeZone);
