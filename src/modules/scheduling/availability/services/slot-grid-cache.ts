import type { EngineVisitType, Slot } from './slots-engine.js';

/**
 * Each clinician's slot grid (working hours and extra sessions minus leave: slots-engine.ts
 * `computeGrid`), kept in memory per visit type and UTC day, so a slot search does not expand the
 * same weeks of rules in every zone on every request.
 *
 * Correctness first:
 * - An entry is used only while the clinician's schedule version (one row per clinician, bumped by
 *   database triggers on any change to their rules or exceptions, from a sequence so a number is
 *   never reused) is the one it was computed at. The version is read before the rules, so a grid
 *   can only ever be stored under a version older than its data, never newer: at worst it is
 *   recomputed once more. Every instance reads the same row, so none keeps a stale grid.
 * - Appointments are never in the grid: the caller reads them fresh on every search and takes them
 *   away (`freeSlots`), so a booking that has committed is never offered as free.
 * - The key holds what the engine uses of the visit type (id, duration, mode): editing one makes
 *   new entries.
 *
 * One cache per database handle (a WeakMap: a test's second database, or a transaction's handle,
 * never meets another's grids). Bounded by the number of slots kept; the oldest entries go first.
 */

const DAY_MS = 86_400_000;
const MAX_SLOTS = 50_000;

interface Entry {
  version: number;
  /** Grid slots starting in this UTC day, sorted. */
  slots: readonly Slot[];
}

interface GridCache {
  entries: Map<string, Entry>;
  slotsKept: number;
}

const caches = new WeakMap<object, GridCache>();

/**
 * A number for every slot object a grid holds, never reused in this process. Grid slots are never
 * changed, so the list of numbers of an answer names its content exactly (slot-answer-cache.ts).
 */
const slotNumbers = new WeakMap<Slot, number>();
let lastSlotNumber = 0;

/** The slot's number, or undefined for a slot that did not come from a grid. */
export const slotNumberOf = (slot: Slot): number | undefined => slotNumbers.get(slot);

function cacheOf(db: object): GridCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { entries: new Map(), slotsKept: 0 };
    caches.set(db, cache);
  }
  return cache;
}

const keyOf = (staffId: string, visitType: EngineVisitType, day: number) =>
  `${staffId}|${visitType.id}|${visitType.durationMinutes}|${visitType.mode}|${day}`;

/** Computes the grids of some clinicians over [from, to), one sorted list per clinician. */
export type GridComputer = (staffIds: string[], from: Date, to: Date) => Promise<Map<string, Slot[]>>;

/**
 * The grid slots of each clinician starting in the UTC days that [from, to) touches (the caller
 * trims to the exact window), from memory where the version matches, else computed once for all
 * the clinicians that missed, over those days, and kept.
 */
export async function cachedGrids(
  db: object,
  visitType: EngineVisitType,
  staffIds: string[],
  versions: ReadonlyMap<string, number>,
  window: { from: Date; to: Date },
  compute: GridComputer,
): Promise<Slot[]> {
  const cache = cacheOf(db);
  const firstDay = Math.floor(window.from.getTime() / DAY_MS);
  const lastDay = Math.floor((window.to.getTime() - 1) / DAY_MS);
  const found: Slot[] = [];
  const missing: string[] = [];
  for (const staffId of staffIds) {
    const version = versions.get(staffId) ?? 0;
    const days: (readonly Slot[])[] = [];
    for (let day = firstDay; day <= lastDay; day++) {
      const entry = cache.entries.get(keyOf(staffId, visitType, day));
      if (!entry || entry.version !== version) break;
      days.push(entry.slots);
    }
    if (days.length === lastDay - firstDay + 1) for (const slots of days) found.push(...slots);
    else missing.push(staffId);
  }
  if (missing.length > 0) {
    const computed = await compute(missing, new Date(firstDay * DAY_MS), new Date((lastDay + 1) * DAY_MS));
    for (const staffId of missing) {
      const grid = computed.get(staffId) ?? [];
      keep(cache, staffId, visitType, versions.get(staffId) ?? 0, firstDay, lastDay, grid);
      found.push(...grid);
    }
  }
  return found;
}

/** Stores a clinician's sorted grid day by day (empty days too: they are answers as well). */
function keep(
  cache: GridCache,
  staffId: string,
  visitType: EngineVisitType,
  version: number,
  firstDay: number,
  lastDay: number,
  grid: Slot[],
): void {
  let index = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    const end = (day + 1) * DAY_MS;
    const start = index;
    while (index < grid.length && grid[index]!.startsAt.getTime() < end) index++;
    const key = keyOf(staffId, visitType, day);
    const previous = cache.entries.get(key);
    if (previous) {
      cache.slotsKept -= previous.slots.length;
      cache.entries.delete(key);
    }
    const slots = grid.slice(start, index);
    for (const slot of slots) slotNumbers.set(slot, ++lastSlotNumber);
    cache.entries.set(key, { version, slots });
    cache.slotsKept += slots.length;
  }
  for (const [key, entry] of cache.entries) {
    if (cache.slotsKept <= MAX_SLOTS) break;
    cache.entries.delete(key);
    cache.slotsKept -= entry.slots.length;
  }
}

/** Forgets every grid kept for this database handle (a test that measures a cold search). */
export function clearSlotGridCache(db: object): void {
  caches.delete(db);
}
