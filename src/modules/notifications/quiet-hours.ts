import { addDays, offsetMinutesAt, wallClockOf } from '../../platform/time/zoned-time.js';

/**
 * Quiet hours are local wall time in the person's IANA time zone; a window may cross midnight.
 * These functions are pure (they take `now`) so DST and zone boundaries are unit-tested.
 */

export interface QuietHours {
  start: string; // 'HH:MM'
  end: string; // 'HH:MM'
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The instant a local date and time happen in a zone. A time skipped by a DST jump (02:30 on the
 * spring-forward night) resolves to the same distance after the jump, i.e. later, never earlier.
 */
export function zonedInstant(date: { year: number; month: number; day: number }, minutes: number, timeZone: string): Date {
  const guess = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  let result = guess - offsetMinutesAt(new Date(guess), timeZone) * 60_000;
  const corrected = guess - offsetMinutesAt(new Date(result), timeZone) * 60_000;
  if (corrected !== result) result = Math.max(result, corrected);
  return new Date(result);
}

/**
 * When an external message due `now` may go out: the end of the quiet hours if `now` falls inside
 * them (local time in `timeZone`), otherwise null (send now). The window is half-open [start, end).
 */
export function quietHoursRelease(now: Date, quiet: QuietHours, timeZone: string): Date | null {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const local = wallClockOf(now, timeZone);
  const crossesMidnight = start > end;
  const inside = crossesMidnight ? local.minutes >= start || local.minutes < end : local.minutes >= start && local.minutes < end;
  if (!inside) return null;
  // The end is today unless the window crosses midnight and we are in its evening part.
  const endDay = crossesMidnight && local.minutes >= start ? addDays(local.date, 1) : local.date;
  const [year, month, day] = endDay.split('-').map(Number) as [number, number, number];
  return zonedInstant({ year, month, day }, end, timeZone);
}
