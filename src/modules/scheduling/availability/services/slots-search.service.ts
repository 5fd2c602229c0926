import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { validationFailed } from '../../../../platform/errors.js';
import { listStaffByIds, type StaffMember } from '../../../staff/index.js';
import { selectStaffWithAvailability } from '../availability.repository.js';
import { MAX_SLOT_SEARCH_DAYS, type SlotSearchQuery } from '../availability.schemas.js';
import { addDays, fastLocalTimeToInstant, isValidTimeZone, localTimeToInstantOrAfterGap } from '../../../../platform/time/zoned-time.js';
import { computeSlotsForVisitType, requireVisitType } from './availability.service.js';
import type { Slot } from './slots-engine.js';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export interface SlotSearchItem extends Slot {
  staffName: string;
}

/**
 * The window of a search. A date means whole local days in the searcher's own zone (`to`
 * inclusive); an instant means itself. At most 62 days, `to` after `from` (400 otherwise).
 */
export function searchWindow(query: Pick<SlotSearchQuery, 'from' | 'to'>, viewerZone: string): { from: Date; to: Date } {
  const zone = isValidTimeZone(viewerZone) ? viewerZone : 'UTC';
  const from = DATE_ONLY.test(query.from) ? startOfLocalDay(query.from, zone) : new Date(query.from);
  const to = DATE_ONLY.test(query.to) ? startOfLocalDay(addDays(query.to, 1), zone) : new Date(query.to);
  if (to <= from) throw validationFailed([{ path: 'to', message: 'The end of the search must be after its start.' }]);
  if (to.getTime() - from.getTime() > MAX_SLOT_SEARCH_DAYS * DAY_MS) {
    throw validationFailed([{ path: 'to', message: `Search at most ${MAX_SLOT_SEARCH_DAYS} days at a time.` }]);
  }
  return { from, to };
}

/** A local day's first instant: one addition on a day without a clock change, the full search otherwise. */
const startOfLocalDay = (date: string, zone: string): Date =>
  fastLocalTimeToInstant(date, 0, zone) ?? localTimeToInstantOrAfterGap(date, 0, zone);

/**
 * Slots start strictly after this instant. With a minimum notice, a slot starting exactly at
 * now + notice is still offered (a millisecond earlier bound); without one, never one at now.
 */
export function earliestBookable(now: Date, minNoticeMinutes: number): Date {
  return minNoticeMinutes > 0 ? new Date(now.getTime() + minNoticeMinutes * 60_000 - 1) : now;
}

/** `pt` matches `pt` and `pt-BR`; `pt-BR` matches only itself (as the staff directory does). */
const speaks = (member: StaffMember, tag: string) =>
  member.languages.some((l) => l.toLowerCase() === tag.toLowerCase() || l.toLowerCase().startsWith(`${tag.toLowerCase()}-`));

export interface SlotSearchOptions {
  /** No slot starting sooner than this many minutes after now is offered (BOOKING_MIN_NOTICE_MINUTES). */
  minNoticeMinutes?: number;
}

/**
 * Slot search for patients and staff: clinicians by id, specialty and language, free slots of one
 * visit type, never in the past nor inside the minimum notice. No PHI: clinicians' names and times
 * only. Six queries, whatever the number of clinicians and days (two more when a clinician's
 * schedule changed since their grid was computed: slot-grid-cache.ts).
 */
export async function searchSlots(
  db: Db,
  ctx: ServiceContext,
  query: SlotSearchQuery,
  options: SlotSearchOptions = {},
): Promise<SlotSearchItem[]> {
  const { slots, names } = await findFreeSlots(db, ctx, query, options);
  return slots.map((slot) => ({ ...slot, staffName: names.get(slot.staffId)! }));
}

export interface FreeSlots {
  /** In order; the grid's own objects (never change them). */
  slots: Slot[];
  /** Each clinician's shown name (title and name), in name order. */
  names: Map<string, string>;
}

/** `searchSlots` before the names are put on each slot (the API answers from this: slot-answer-cache.ts). */
export async function findFreeSlots(
  db: Db,
  ctx: ServiceContext,
  query: SlotSearchQuery,
  options: SlotSearchOptions = {},
): Promise<FreeSlots> {
  const { from, to } = searchWindow(query, ctx.actor.timeZone);
  const visitType = await requireVisitType(db, query.visitType);
  const candidates = query.staffId
    ? [query.staffId]
    : await selectStaffWithAvailability(
        db,
        addDays(from.toISOString().slice(0, 10), -1),
        addDays(to.toISOString().slice(0, 10), 1),
        from,
        to,
      );
  // The visit type's own specialty too, here where the specialties are at hand (no second lookup).
  const members = (await listStaffByIds(db, candidates)).filter(
    (m) =>
      m.active &&
      (!query.specialty || m.specialties.some((s) => s.id === query.specialty)) &&
      (!visitType.specialtyId || m.specialties.some((s) => s.id === visitType.specialtyId)) &&
      (!query.language || speaks(m, query.language)),
  );
  const names = new Map(members.map((m) => [m.id, m.title ? `${m.title} ${m.name}` : m.name]));
  if (members.length === 0) return { slots: [], names };
  const slots = await computeSlotsForVisitType(db, visitType, {
    staffIds: [...names.keys()],
    from,
    to,
    now: earliestBookable(ctx.now, options.minNoticeMinutes ?? 0),
    staffVetted: true,
  });
  return { slots, names };
}
