/**
 * Wall-clock time in an IANA time zone, with the built-in Intl API only. Nothing here reads the
 * process time zone (`TZ`): every conversion names its zone, so the answers are the same on any
 * server. Dates are ISO `YYYY-MM-DD` strings, wall times are minutes since local midnight.
 *
 * Daylight-saving rules (docs/scheduling.md):
 * - a wall time that does not exist on a day (the spring-forward gap) has no instant: callers skip it;
 * - a wall time that happens twice (the fall-back hour) means its EARLIER occurrence.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for a zone the runtime knows (`Europe/Paris`, `UTC`); false for anything else. */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone || timeZone.length > 64) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface WallClock {
  date: string;
  minutes: number;
}

/**
 * Wall clocks already worked out, by zone and minute. `formatToParts` is slow (a few µs), and pages
 * ask for many: the calendar resolves each slot's local time (six wall clocks each), every list of
 * today's patients its day's bounds. It was 3.7 % of the server's CPU in the page bench (2026-12-05,
 * docs/performance.md). The wall clock depends only on the zone and the instant's second (offsets
 * are whole seconds, even the old local mean times), so the remembered answer is exact; the map is
 * emptied when full, so it cannot grow.
 */
const wallClocks = new Map<string, WallClock>();
const MAX_REMEMBERED_WALL_CLOCKS = 50_000;

/** The local date and wall time (to the minute) that an instant shows in a zone. */
export function wallClockOf(instant: Date, timeZone: string): WallClock {
  const key = `${Math.floor(instant.getTime() / 1000)} ${timeZone}`;
  let wallClock = wallClocks.get(key);
  if (wallClock === undefined) {
    const parts: Record<string, string> = {};
    for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
    wallClock = Object.freeze({
      date: `${parts.year}-${parts.month}-${parts.day}`,
      minutes: Number(parts.hour) * 60 + Number(parts.minute),
    });
    if (wallClocks.size >= MAX_REMEMBERED_WALL_CLOCKS) wallClocks.clear();
    wallClocks.set(key, wallClock);
  }
  return wallClock;
}

/** The local calendar date of an instant in a zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  return wallClockOf(instant, timeZone).date;
}

/** The zone's offset from UTC at an instant, in minutes (Paris in winter: +60). */
export function offsetMinutesAt(instant: Date, timeZone: string): number {
  const { date, minutes } = wallClockOf(instant, timeZone);
  const seconds = instant.getUTCSeconds();
  const wallAsUtc = dateToUtcMs(date) + minutes * MINUTE_MS + seconds * 1000 + instant.getUTCMilliseconds();
  return Math.round((wallAsUtc - instant.getTime()) / MINUTE_MS);
}

function dateToUtcMs(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(dateToUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: Monday 1 … Sunday 7. */
export function isoWeekday(date: string): number {
  const day = new Date(dateToUtcMs(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateToUtcMs(to) - dateToUtcMs(from)) / DAY_MS);
}

/** `HH:MM` (00:00–24:00) → minutes since midnight. */
export function parseWallTime(value: string): number {
  const match = /^(\d{2}):(\d{2})(?::00)?$/.exec(value);
  if (!match) throw new RangeError(`Not a wall time: ${value}`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (Number(match[2]) > 59 || minutes > 24 * 60) throw new RangeError(`Not a wall time: ${value}`);
  return minutes;
}

/** Minutes since midnight → `HH:MM`. */
export function formatWallTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** An instant as a `datetime-local` input's value (`2026-12-03T09:05`) in a zone: a form's "now" default. */
export function localDateTimeInputValue(instant: Date, timeZone: string): string {
  const { date, minutes } = wallClockOf(instant, timeZone);
  return `${date}T${formatWallTime(minutes)}`;
}

export type LocalTimeResolution =
  | { kind: 'exact'; instant: Date }
  /** The wall time happens twice; `instant` is the earlier occurrence, `later` the other. */
  | { kind: 'repeated'; instant: Date; later: Date }
  /** The wall time does not exist that day (clocks jump over it). */
  | { kind: 'nonexistent' };

/**
 * The instant(s) at which a zone's clocks show `minutes` after midnight on `date`. Minutes may run
 * past 24:00 (24:00 is the next day's midnight). Offsets are sampled a day either side, which covers
 * every real zone (no zone changes its offset twice within two days).
 */
export function resolveLocalTime(date: string, minutes: number, timeZone: string): LocalTimeResolution {
  const wallAsUtc = dateToUtcMs(date) + minutes * MINUTE_MS;
  const target = wallClockKey(wallAsUtc);
  const candidates = new Set<number>();
  for (const probe of [wallAsUtc - DAY_MS, wallAsUtc, wallAsUtc + DAY_MS]) {
    const candidate = wallAsUtc - offsetMinutesAt(new Date(probe), timeZone) * MINUTE_MS;
    const shown = wallClockOf(new Date(candidate), timeZone);
    if (dateToUtcMs(shown.date) + shown.minutes * MINUTE_MS === target) candidates.add(candidate);
  }
  const sorted = [...candidates].sort((a, b) => a - b);
  if (sorted.length === 0) return { kind: 'nonexistent' };
  if (sorted.length === 1) return { kind: 'exact', instant: new Date(sorted[0]!) };
  return { kind: 'repeated', instant: new Date(sorted[0]!), later: new Date(sorted.at(-1)!) };
}

function wallClockKey(wallAsUtc: number): number {
  return Math.floor(wallAsUtc / MINUTE_MS) * MINUTE_MS;
}

/**
 * The instant a wall time names, by the rules above: the earlier occurrence of a repeated time,
 * and undefined for a time in the spring-forward gap.
 */
export function localTimeToInstant(date: string, minutes: number, timeZone: string): Date | undefined {
  const resolved = resolveLocalTime(date, minutes, timeZone);
  return resolved.kind === 'nonexistent' ? undefined : resolved.instant;
}

/**
 * The first instant at or after a wall time: the time itself, or for a time in the gap, the
 * moment the clocks jump (used for the END of a working window that falls in the gap).
 */
export function localTimeToInstantOrAfterGap(date: string, minutes: number, timeZone: string): Date {
  for (let probe = minutes; probe <= minutes + 24 * 60; probe += 1) {
    const instant = localTimeToInstant(date, probe, timeZone);
    if (instant) return instant;
  }
  throw new RangeError(`No instant found after ${date} ${formatWallTime(minutes)} in ${timeZone}`);
}

/** Length of a local day in hours (23, 24 or 25 around daylight-saving changes). */
export function localDayHours(date: string, timeZone: string): number {
  const start = localTimeToInstantOrAfterGap(date, 0, timeZone);
  const end = localTimeToInstantOrAfterGap(addDays(date, 1), 0, timeZone);
  return (end.getTime() - start.getTime()) / 3_600_000;
}

const dayOffsetCache = new Map<string, number | null>();

/**
 * The zone's UTC offset (minutes) when it is the same all through the local day `date`, or
 * undefined on a day with a daylight-saving change. Lets slot expansion convert most wall times
 * with one addition instead of several Intl calls (a month of slots for ten clinicians stays fast).
 */
export function steadyOffsetOfDay(date: string, timeZone: string): number | undefined {
  const key = `${timeZone}|${date}`;
  let cached = dayOffsetCache.get(key);
  if (cached === undefined) {
    // Local day D lies within [D 00:00 UTC − 14 h, D+1 00:00 UTC + 12 h] for every zone.
    const start = offsetMinutesAt(new Date(dateToUtcMs(date) - 15 * 3_600_000), timeZone);
    const end = offsetMinutesAt(new Date(dateToUtcMs(date) + 39 * 3_600_000), timeZone);
    cached = start === end ? start : null;
    if (dayOffsetCache.size > 50_000) dayOffsetCache.clear();
    dayOffsetCache.set(key, cached);
  }
  return cached ?? undefined;
}

/** `localTimeToInstant` with the steady-day shortcut; identical answers, far fewer Intl calls. */
export function fastLocalTimeToInstant(date: string, minutes: number, timeZone: string): Date | undefined {
  const offset = steadyOffsetOfDay(date, timeZone);
  if (offset === undefined || minutes >= 24 * 60) return localTimeToInstant(date, minutes, timeZone);
  return new Date(dateToUtcMs(date) + (minutes - offset) * MINUTE_MS);
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * One `Intl.DateTimeFormat` per locale, zone and options, built once: constructing a formatter costs
 * far more than using it, and a list page formats hundreds of times with the same few settings.
 */
export function cachedDateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = displayFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options);
    if (displayFormatters.size > 5_000) displayFormatters.clear();
    displayFormatters.set(key, formatter);
  }
  return formatter;
}

/** A formatter by `dateStyle` and `timeStyle`: the views' usual few shapes. */
export interface FormatterStyle {
  dateStyle?: 'full' | 'long' | 'medium' | 'short';
  timeStyle?: 'short';
}

const styledFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * `cachedDateTimeFormat` for the styles the views format every time with, keyed by joining its few
 * strings. Why: `JSON.stringify` of the options was about a third of a formatted time's cost, and
 * a page of times (a week of slots, a vitals chart) formats hundreds (issue 11).
 */
export function styledDateTimeFormat(locale: string, timeZone: string, style: FormatterStyle): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${style.dateStyle ?? ''}|${style.timeStyle ?? ''}`;
  let formatter = styledFormatters.get(key);
  if (!formatter) {
    formatter = cachedDateTimeFormat(locale, { ...style, timeZone });
    if (styledFormatters.size > 5_000) styledFormatters.clear();
    styledFormatters.set(key, formatter);
  }
  return formatter;
}

let hospitalZone = 'UTC';

/**
 * The hospital's zone (HOSPITAL_TIME_ZONE), set once at start-up from the configuration. An account
 * without a zone of its own (users.time_zone null) sees every time in it (docs/time.md).
 */
export function setHospitalTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone: ${timeZone}`);
  hospitalZone = timeZone;
}

export function hospitalTimeZone(): string {
  return hospitalZone;
}

/** The zone a person sees times in: their account's zone when set and known, else the hospital's. */
export function effectiveTimeZone(accountZone: string | null | undefined): string {
  return accountZone && isValidTimeZone(accountZone) ? accountZone : hospitalZone;
}
