import { addDays, localTimeToInstantOrAfterGap } from '../../../platform/time/zoned-time.js';

/**
 * The instants a run of local days covers in a zone: from the first day's midnight (or the moment
 * the clocks jump, when midnight falls in a gap) to the next midnight after the last day. A day
 * around a daylight-saving change is 23 or 25 hours long: counting from midnight to midnight, every
 * instant belongs to exactly one local day.
 */
export function dayBounds(from: string, to: string, timeZone: string): { start: Date; end: Date } {
  return { start: localTimeToInstantOrAfterGap(from, 0, timeZone), end: localTimeToInstantOrAfterGap(addDays(to, 1), 0, timeZone) };
}
