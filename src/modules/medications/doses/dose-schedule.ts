import type { Frequency } from '../prescriptions.frequency.js';
import { addDays, localDateOf, offsetMinutesAt, parseWallTime, resolveLocalTime, wallClockOf } from '../../../platform/time/zoned-time.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Local wall times for "N times a day" (docs/medications.md "Dose schedules"): the usual waking-day
 * times for 1–4 doses; from 5 a day, evenly spaced from 08:00 round the clock.
 */
export function timesADayWallTimes(times: number): number[] {
  const table: Record<number, string[]> = {
    1: ['08:00'],
    2: ['08:00', '20:00'],
    3: ['08:00', '14:00', '20:00'],
    4: ['08:00', '12:00', '16:00', '20:00'],
  };
  const fixed = table[times];
  if (fixed) return fixed.map(parseWallTime);
  const step = Math.floor((24 * 60) / times);
  return Array.from({ length: times }, (_, i) => (8 * 60 + i * step) % (24 * 60)).sort((a, b) => a - b);
}

export interface ScheduleInput {
  frequency: Frequency;
  startsAt: Date;
  /** Exclusive end of the course (an explicit end, or start + duration days), or null when open. */
  endsAt: Date | null;
  /** The patient's IANA zone: wall times are theirs. */
  timeZone: string;
}

/**
 * The instant a local wall time names, with the "compatible" rule (RFC 5545 §3.3.5, Temporal's
 * default): a time in the spring-forward gap is read with the offset before the gap, so it moves
 * forward by the gap's length (02:30 → 03:30 in London); a repeated autumn time is its earlier
 * occurrence only, so the dose happens once.
 */
export function doseInstantOf(date: string, minutes: number, timeZone: string): Date {
  const resolved = resolveLocalTime(date, minutes, timeZone);
  if (resolved.kind !== 'nonexistent') return resolved.instant;
  const wallAsUtc = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE_MS;
  const offsetBefore = offsetMinutesAt(new Date(wallAsUtc - DAY_MS), timeZone);
  return new Date(wallAsUtc - offsetBefore * MINUTE_MS);
}

/** The end of a course: the explicit end, or the start's wall time `durationDays` local days later. */
export function courseEnd(startsAt: Date, durationDays: number | null, endsAt: Date | null, timeZone: string): Date | null {
  if (endsAt) return endsAt;
  if (durationDays === null) return null;
  const start = wallClockOf(startsAt, timeZone);
  return doseInstantOf(addDays(start.date, durationDays), start.minutes, timeZone);
}

/**
 * Every planned dose instant of a prescription within [from, to), sorted, without duplicates.
 * Pure: the same input gives the same instants on any server.
 * - "times a day" and "at given times" are local wall times in the patient's zone, every local day;
 * - "every N hours" is elapsed time from the start (8 h stays 8 h across a clock change, so the
 *   wall times shift by an hour after it);
 * - "as needed" has no schedule.
 * Doses before the start or at/after the end are left out.
 */
export function plannedDoses(input: ScheduleInput, from: Date, to: Date): Date[] {
  const lower = Math.max(from.getTime(), input.startsAt.getTime());
  const upper = Math.min(to.getTime(), input.endsAt?.getTime() ?? Number.POSITIVE_INFINITY);
  if (lower >= upper) return [];
  const { frequency } = input;
  if (frequency.kind === 'as_needed') return [];
  if (frequency.kind === 'every_n_hours') {
    const step = frequency.hours * HOUR_MS;
    const start = input.startsAt.getTime();
    const out: Date[] = [];
    for (let at = start + Math.ceil((lower - start) / step) * step; at < upper; at += step) out.push(new Date(at));
    return out;
  }
  const wallTimes = frequency.kind === 'times_a_day' ? timesADayWallTimes(frequency.times) : frequency.times.map(parseWallTime);
  const seen = new Set<number>();
  const lastDate = addDays(localDateOf(new Date(upper), input.timeZone), 1);
  for (let date = addDays(localDateOf(new Date(lower), input.timeZone), -1); date <= lastDate; date = addDays(date, 1)) {
    for (const minutes of wallTimes) {
      const at = doseInstantOf(date, minutes, input.timeZone).getTime();
      if (at >= lower && at < upper) seen.add(at);
    }
  }
  return [...seen].sort((a, b) => a - b).map((at) => new Date(at));
}
