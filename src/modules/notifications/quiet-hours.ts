/**
 * Quiet hours are local wall time in the person's IANA time zone; a window may cross midnight.
 * These functions are pure (they take `now`) so DST and zone boundaries are unit-tested.
 */

export interface QuietHours {
  start: string; // 'HH:MM'
  end: string; // 'HH:MM'
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The wall-clock parts of an instant in a zone. */
function localParts(instant: Date, timeZone: string): { year: number; month: number; day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: get('year'), month: get('month'), day: get('day'), minutes: get('hour') * 60 + get('minute') };
}

/** The zone's offset from UTC in minutes at an instant. */
function offsetMinutes(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, 0, p.minutes);
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant a local date and time happen in a zone. A time skipped by a DST jump (02:30 on the
 * spring-forward night) resolves to the same distance after the jump, i.e. later, never earlier.
 */
export function zonedInstant(date: { year: number; month: number; day: number }, minutes: number, timeZone: string): Date {
  const guess = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  let result = guess - offsetMinutes(new Date(guess), timeZone) * 60_000;
  const corrected = guess - offsetMinutes(new Date(result), timeZone) * 60_000;
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
  const local = localParts(now, timeZone);
  const crossesMidnight = start > end;
  const inside = crossesMidnight ? local.minutes >= start || local.minutes < end : local.minutes >= start && local.minutes < end;
  if (!inside) return null;
  // The end is today unless the window crosses midnight and we are in its evening part.
  const endDay = new Date(Date.UTC(local.year, local.month - 1, local.day));
  if (crossesMidnight && local.minutes >= start) endDay.setUTCDate(endDay.getUTCDate() + 1);
  return zonedInstant({ year: endDay.getUTCFullYear(), month: endDay.getUTCMonth() + 1, day: endDay.getUTCDate() }, end, timeZone);
}
