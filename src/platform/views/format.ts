/**
 * Small display helpers shared by the views. Every time shown to a person goes through the
 * `formatZoned*` helpers below: in the viewer's zone, with the zone named (docs/time.md), through
 * cached Intl formatters.
 */
import { cachedDateTimeFormat, styledDateTimeFormat } from '../time/zoned-time.js';

/** Whole years between a birth date (YYYY-MM-DD) and `now`, in UTC. */
export function ageOn(birthDate: string, now: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = now.getUTCFullYear() - y;
  const month = now.getUTCMonth() + 1;
  if (month < m || (month === m && now.getUTCDate() < d)) age -= 1;
  return age;
}

export function fullName(p: { givenName: string; familyName: string }): string {
  return `${p.givenName} ${p.familyName}`;
}

export type DateStyle = 'full' | 'long' | 'medium' | 'short';

/** How a zone is named next to a time: its IANA name ("Europe/Paris", "UTC"), unambiguous in every language. */
export function zoneLabel(timeZone: string): string {
  return timeZone;
}

function withZone(text: string, timeZone: string): string {
  return `${text} (${zoneLabel(timeZone)})`;
}

/** The wall time alone, without the zone: "14:30" (for a range or where the zone is named once nearby). */
export function formatWallClock(locale: string, value: Date, timeZone: string): string {
  return styledDateTimeFormat(locale, timeZone, { timeStyle: 'short' }).format(value);
}

/** "14:30 (Europe/Paris)". */
export function formatZonedTime(locale: string, value: Date, timeZone: string): string {
  return withZone(formatWallClock(locale, value, timeZone), timeZone);
}

/** "14:30–15:00 (Europe/Paris)". */
export function formatZonedTimeRange(locale: string, start: Date, end: Date, timeZone: string): string {
  return withZone(`${formatWallClock(locale, start, timeZone)}–${formatWallClock(locale, end, timeZone)}`, timeZone);
}

/** The calendar date an instant falls on in a zone (no zone named: a date is not a time). */
export function formatZonedDate(locale: string, value: Date, timeZone: string, dateStyle: DateStyle = 'medium'): string {
  return styledDateTimeFormat(locale, timeZone, { dateStyle }).format(value);
}

/** "3 Dec 2026, 14:30 (Europe/Paris)". */
export function formatZonedDateTime(locale: string, value: Date, timeZone: string, dateStyle: DateStyle = 'medium'): string {
  return withZone(styledDateTimeFormat(locale, timeZone, { dateStyle, timeStyle: 'short' }).format(value), timeZone);
}

/**
 * "3 Dec 2026, 14:30" in the zone, the zone NOT named: only for a column or list whose heading names
 * it once (`zoneLabel`), e.g. a table of many times where repeating it in each cell is noise.
 */
export function formatDateTimeInZone(locale: string, value: Date, timeZone: string, dateStyle: DateStyle = 'medium'): string {
  return styledDateTimeFormat(locale, timeZone, { dateStyle, timeStyle: 'short' }).format(value);
}

/** A calendar date (`YYYY-MM-DD`, no instant): the same day in every zone. */
export function formatCalendarDate(locale: string, date: string, dateStyle: DateStyle | 'weekday' = 'medium'): string {
  const options: Intl.DateTimeFormatOptions =
    dateStyle === 'weekday'
      ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }
      : { dateStyle, timeZone: 'UTC' };
  return cachedDateTimeFormat(locale, options).format(new Date(`${date}T00:00:00Z`));
}

/** Kept for existing callers: a date and time in the viewer's zone, zone named. */
export function formatInstant(locale: string, value: Date, timeZone: string): string {
  return formatZonedDateTime(locale, value, timeZone);
}

/** A form value to show again in a field: the text that was sent, or undefined for anything else. */
export function formText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const numberFormatters = new Map<string, Intl.NumberFormat>();

/**
 * A number in the viewer's locale (digits and separators: Arabic pages get Arabic-Indic digits),
 * through one `Intl.NumberFormat` per locale and options, built once as the date formatters are:
 * a board or table formats a number per cell.
 */
export function formatNumber(locale: string, value: number, options: Intl.NumberFormatOptions = {}): string {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = numberFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, options);
    if (numberFormatters.size > 5_000) numberFormatters.clear();
    numberFormatters.set(key, formatter);
  }
  return formatter.format(value);
}
