import {
  addDays,
  daysBetween,
  fastLocalTimeToInstant,
  isoWeekday,
  localDateOf,
  localTimeToInstantOrAfterGap,
  parseWallTime,
} from '../../../../platform/time/zoned-time.js';

/**
 * The slot engine, pure: working hours expanded per local day in each rule's zone, plus extra
 * sessions, minus leave and busy intervals. No database, no clock: everything comes in as data.
 *
 * Daylight saving (docs/scheduling.md): slots sit on the wall-clock grid of the rule (09:00, 09:30 …);
 * a grid time that does not exist that day is skipped; a repeated one means its earlier
 * occurrence (so the repeated hour is offered once); a slot always lasts the visit type's real
 * duration and never runs past the end of the working window or into the slot before it.
 */

const MINUTE_MS = 60_000;

export interface EngineRule {
  staffId: string;
  weekday: number;
  /** `HH:MM` or `HH:MM:SS`. */
  startTime: string;
  endTime: string;
  validFrom: string;
  validTo: string | null;
  timeZone: string;
  roomId: string | null;
  visitTypeIds: string[] | null;
}

export interface EngineSession {
  staffId: string;
  startsAt: Date;
  endsAt: Date;
  roomId: string | null;
  timeZone: string;
}

export interface EngineInterval {
  staffId: string;
  startsAt: Date;
  endsAt: Date;
}

export interface EngineVisitType {
  id: string;
  durationMinutes: number;
  mode: 'in_person' | 'telemedicine';
}

export interface Slot {
  staffId: string;
  startsAt: Date;
  endsAt: Date;
  roomId: string | null;
  visitTypeId: string;
  /** The zone of the hours the slot comes from, for showing local time. */
  timeZone: string;
}

export interface SlotEngineInput {
  visitType: EngineVisitType;
  rules: EngineRule[];
  extraSessions: EngineSession[];
  unavailable: EngineInterval[];
  busy: EngineInterval[];
  /** Slots START in [from, to) and strictly after `now`. */
  from: Date;
  to: Date;
  now: Date;
}

export const ruleOffersVisitType = (rule: Pick<EngineRule, 'visitTypeIds'>, visitTypeId: string) =>
  rule.visitTypeIds === null || rule.visitTypeIds.includes(visitTypeId);

export const ruleValidOn = (rule: Pick<EngineRule, 'validFrom' | 'validTo'>, date: string) =>
  date >= rule.validFrom && (rule.validTo === null || date <= rule.validTo);

/** The slots one rule gives on one local date (empty when the rule does not apply that day). */
export function expandRuleOnDate(rule: EngineRule, date: string, visitType: EngineVisitType, weekday = isoWeekday(date)): Slot[] {
  if (weekday !== rule.weekday || !ruleValidOn(rule, date) || !ruleOffersVisitType(rule, visitType.id)) return [];
  const duration = visitType.durationMinutes;
  const startMinutes = parseWallTime(rule.startTime.slice(0, 5));
  const endMinutes = parseWallTime(rule.endTime.slice(0, 5));
  const windowEnd = (
    fastLocalTimeToInstant(date, endMinutes, rule.timeZone) ?? localTimeToInstantOrAfterGap(date, endMinutes, rule.timeZone)
  ).getTime();
  const roomId = visitType.mode === 'telemedicine' ? null : rule.roomId;
  const slots: Slot[] = [];
  let previousEnd = -Infinity;
  for (let minutes = startMinutes; minutes + duration <= endMinutes; minutes += duration) {
    const start = fastLocalTimeToInstant(date, minutes, rule.timeZone);
    if (!start) continue; // in the spring-forward gap: this grid time does not exist today
    const end = start.getTime() + duration * MINUTE_MS;
    if (end > windowEnd || start.getTime() < previousEnd) continue;
    slots.push({
      staffId: rule.staffId,
      startsAt: start,
      endsAt: new Date(end),
      roomId,
      visitTypeId: visitType.id,
      timeZone: rule.timeZone,
    });
    previousEnd = end;
  }
  return slots;
}

/** An extra session's slots, on a grid from its start in real time. */
export function expandSession(session: EngineSession, visitType: EngineVisitType): Slot[] {
  const slots: Slot[] = [];
  const step = visitType.durationMinutes * MINUTE_MS;
  const roomId = visitType.mode === 'telemedicine' ? null : session.roomId;
  for (let start = session.startsAt.getTime(); start + step <= session.endsAt.getTime(); start += step) {
    slots.push({
      staffId: session.staffId,
      startsAt: new Date(start),
      endsAt: new Date(start + step),
      roomId,
      visitTypeId: visitType.id,
      timeZone: session.timeZone,
    });
  }
  return slots;
}

/** Every local date a slot starting in [from, to) can fall on, in a zone. */
export function localDatesCovering(from: Date, to: Date, timeZone: string): string[] {
  const first = localDateOf(from, timeZone);
  const last = localDateOf(new Date(to.getTime() - 1), timeZone);
  const days = daysBetween(first, last);
  return Array.from({ length: days + 1 }, (_, i) => addDays(first, i));
}

/** Sorted, merged busy time per clinician: each slot is then checked with a binary search. */
function mergeByStaff(intervals: EngineInterval[]): Map<string, [number, number][]> {
  const byStaff = new Map<string, [number, number][]>();
  for (const interval of intervals) {
    const list = byStaff.get(interval.staffId) ?? [];
    list.push([interval.startsAt.getTime(), interval.endsAt.getTime()]);
    byStaff.set(interval.staffId, list);
  }
  for (const [staffId, list] of byStaff) {
    list.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [start, end] of list) {
      const last = merged.at(-1);
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else merged.push([start, end]);
    }
    byStaff.set(staffId, merged);
  }
  return byStaff;
}

/** Half-open overlap of [start, end) with any merged interval. */
function overlapsAny(merged: [number, number][] | undefined, start: number, end: number): boolean {
  if (!merged || merged.length === 0) return false;
  let lo = 0;
  let hi = merged.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (merged[mid]![1] <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo < merged.length && merged[lo]![0] < end;
}

/** All bookable slots, sorted by start then clinician; one slot per clinician and start time. */
export function computeSlotsFromData(input: SlotEngineInput): Slot[] {
  const notBefore = Math.max(input.from.getTime(), input.now.getTime() + 1);
  if (notBefore >= input.to.getTime()) return [];
  const grid = computeGrid({ ...input, from: new Date(notBefore) });
  return freeSlots(grid, input.busy, notBefore, input.to.getTime());
}

export type GridInput = Omit<SlotEngineInput, 'busy' | 'now'>;

/**
 * What the clinicians offer before any appointment: working hours and extra sessions minus leave,
 * starting in [from, to), sorted by start then clinician, one per clinician and start. It depends
 * only on the rules and exceptions, so slot search may keep it (slot-grid-cache.ts) and take
 * away the appointments, read fresh, with `freeSlots`.
 */
export function computeGrid(input: GridInput): Slot[] {
  const from = input.from.getTime();
  const to = input.to.getTime();
  if (from >= to) return [];
  const candidates: Slot[] = [];
  const datesByZone = new Map<string, { date: string; weekday: number }[]>();
  for (const rule of input.rules) {
    let dates = datesByZone.get(rule.timeZone);
    if (!dates) {
      dates = localDatesCovering(input.from, input.to, rule.timeZone).map((date) => ({ date, weekday: isoWeekday(date) }));
      datesByZone.set(rule.timeZone, dates);
    }
    for (const { date, weekday } of dates) {
      if (weekday === rule.weekday) candidates.push(...expandRuleOnDate(rule, date, input.visitType, weekday));
    }
  }
  for (const session of input.extraSessions) candidates.push(...expandSession(session, input.visitType));

  const blocked = mergeByStaff(input.unavailable);
  const seen = new Set<string>();
  const slots: Slot[] = [];
  for (const slot of candidates) {
    const start = slot.startsAt.getTime();
    if (start < from || start >= to) continue;
    if (overlapsAny(blocked.get(slot.staffId), start, slot.endsAt.getTime())) continue;
    const key = `${slot.staffId}|${start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    slots.push(slot);
  }
  return slots.sort(byStartThenStaff);
}

export const byStartThenStaff = (a: Slot, b: Slot) =>
  a.startsAt.getTime() - b.startsAt.getTime() || (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0);

/**
 * The slots of a sorted grid starting in [notBefore, to) that no busy interval overlaps (half-open),
 * in the grid's order. The slot objects are the grid's own: callers must not change them.
 */
export function freeSlots(grid: readonly Slot[], busy: EngineInterval[], notBefore: number, to: number): Slot[] {
  const blocked = mergeByStaff(busy);
  const free: Slot[] = [];
  for (const slot of grid) {
    const start = slot.startsAt.getTime();
    if (start < notBefore || start >= to) continue;
    if (overlapsAny(blocked.get(slot.staffId), start, slot.endsAt.getTime())) continue;
    free.push(slot);
  }
  return free;
}
