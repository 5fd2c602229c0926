import type { Db } from '../../../../platform/db/database.js';
import { AppError, notFound } from '../../../../platform/errors.js';
import { listStaffByIds } from '../../../staff/index.js';
import {
  selectActiveRooms,
  selectActiveVisitTypes,
  selectExceptionsForRange,
  selectRulesForRange,
  scheduleVersionsOf,
  scheduleVersionsQuery,
  selectScheduleVersions,
  selectVisitType,
  type ExceptionRow,
  type RuleRow,
  type VisitTypeRow,
} from '../availability.repository.js';
import type { RoomView, VisitTypeView } from '../availability.schemas.js';
import { addDays, isoWeekday, localDateOf } from '../../../../platform/time/zoned-time.js';
import { listBusyIntervals } from '../../appointments/services/appointments-query.service.js';
import { busyIntervalsQuery } from '../../appointments/appointments.repository.js';
import { idListValue } from '../../../../platform/db/id-lists.js';
import { deferRead, preparedReadTogether } from '../../../../platform/db/read-together.js';
import type { Placeholder } from 'drizzle-orm';
import { cachedGrids, type GridComputer } from './slot-grid-cache.js';
import { byStartThenStaff, computeGrid, freeSlots, ruleOffersVisitType, ruleValidOn, type EngineRule, type Slot } from './slots-engine.js';

export type { Slot } from './slots-engine.js';

const DAY_MS = 86_400_000;

/** Scheduling's own refusal codes (API.md), both 422 in ERROR_STATUS. */
export type SchedulingErrorCode = 'slot_in_past' | 'outside_availability';
export const schedulingError = (code: SchedulingErrorCode, detail: string) => new AppError(code, detail);

export const toVisitTypeView = (row: VisitTypeRow): VisitTypeView => ({
  id: row.id,
  code: row.code,
  name: row.name,
  durationMinutes: row.durationMinutes,
  mode: row.mode,
  specialtyId: row.specialtyId,
});

/** A visit type by id (active or not), or undefined. */
export async function getVisitType(db: Db, id: string): Promise<VisitTypeRow | undefined> {
  return selectVisitType(db, id);
}

export async function listVisitTypes(db: Db): Promise<VisitTypeView[]> {
  return (await selectActiveVisitTypes(db)).map(toVisitTypeView);
}

export async function listRooms(db: Db): Promise<RoomView[]> {
  return (await selectActiveRooms(db)).map((r) => ({ id: r.id, code: r.code, name: r.name, departmentId: r.departmentId }));
}

/** An active visit type, or 404. */
export async function requireVisitType(db: Db, id: string): Promise<VisitTypeRow> {
  const visitType = await selectVisitType(db, id);
  if (!visitType || !visitType.active) throw notFound('The visit type');
  return visitType;
}

const toEngineRule = (row: RuleRow): EngineRule => ({
  staffId: row.staffId,
  weekday: row.weekday,
  startTime: row.startTime,
  endTime: row.endTime,
  validFrom: row.validFrom,
  validTo: row.validTo,
  timeZone: row.timeZone,
  roomId: row.roomId,
  visitTypeIds: row.visitTypeIds,
});

/** Clinicians who may offer a visit type restricted to a specialty (two queries, only then). */
async function staffOfferingVisitType(db: Db, visitType: VisitTypeRow, staffIds: string[]): Promise<string[]> {
  if (!visitType.specialtyId || staffIds.length === 0) return staffIds;
  const members = await listStaffByIds(db, staffIds);
  return members.filter((m) => m.specialties.some((s) => s.id === visitType.specialtyId)).map((m) => m.id);
}

/** The rules, exceptions and busy intervals of the window, in three queries whatever the number of clinicians. */
async function loadAvailability(db: Db, staffIds: string[], from: Date, to: Date, withBusy: boolean) {
  // Rules are per local date: pad the UTC dates by a day to cover every zone (UTC−12 … UTC+14).
  const fromDate = addDays(from.toISOString().slice(0, 10), -1);
  const toDate = addDays(to.toISOString().slice(0, 10), 1);
  const [rules, exceptions, busy] = await Promise.all([
    selectRulesForRange(db, staffIds, fromDate, toDate),
    selectExceptionsForRange(db, staffIds, from, to),
    withBusy ? listBusyIntervals(db, { staffIds, from, to }) : Promise.resolve([]),
  ]);
  return { rules, exceptions, busy };
}

function engineInput(exceptions: ExceptionRow[]) {
  return {
    extraSessions: exceptions
      .filter((e) => e.kind === 'extra')
      .map((e) => ({ staffId: e.staffId, startsAt: e.startsAt, endsAt: e.endsAt, roomId: e.roomId, timeZone: e.timeZone })),
    unavailable: exceptions
      .filter((e) => e.kind === 'unavailable')
      .map((e) => ({ staffId: e.staffId, startsAt: e.startsAt, endsAt: e.endsAt })),
  };
}

/**
 * The slots of an already-resolved visit type (the slot search resolves it once for its own checks).
 * Each clinician's grid comes from memory while their schedule version holds (slot-grid-cache.ts);
 * their appointments are read fresh every time. `staffVetted`: the caller already kept only
 * clinicians of the visit type's specialty.
 */
export async function computeSlotsForVisitType(
  db: Db,
  visitType: VisitTypeRow,
  input: { staffIds: string[]; from: Date; to: Date; now: Date; staffVetted?: boolean },
): Promise<Slot[]> {
  const unique = [...new Set(input.staffIds)];
  const staffIds = input.staffVetted ? unique : await staffOfferingVisitType(db, visitType, unique);
  const notBefore = Math.max(input.from.getTime(), input.now.getTime() + 1);
  if (staffIds.length === 0 || notBefore >= input.to.getTime()) return [];
  // A slot that starts before `to` may run past it: its appointments are read that far too.
  const busyTo = new Date(input.to.getTime() + visitType.durationMinutes * 60_000);
  // The versions are read before any rule (see slot-grid-cache.ts); appointments in the same statement.
  const { versions, busy } = await versionsAndBusy(db, { staffIds: idListValue(staffIds), from: input.from, to: busyTo });
  const grid = await cachedGrids(db, visitType, staffIds, versions, input, gridComputer(db, visitType));
  return freeSlots(grid.sort(byStartThenStaff), busy, notBefore, input.to.getTime());
}

/**
 * The clinicians' schedule versions and their appointments in [from, to): one statement built once
 * (they were two, and their text was written out on every search).
 */
const versionsAndBusy = preparedReadTogether((db, param: (name: 'staffIds' | 'from' | 'to') => Placeholder) => ({
  versions: deferRead(scheduleVersionsQuery(db, param('staffIds')), scheduleVersionsOf),
  busy: deferRead(busyIntervalsQuery(db, param('staffIds'), param('from'), param('to')), (rows) => rows),
}));

/** Computes clinicians' grids from their rules and exceptions (two queries), for slot-grid-cache.ts. */
const gridComputer =
  (db: Db, visitType: VisitTypeRow): GridComputer =>
  async (staffIds, from, to) => {
    const { rules, exceptions } = await loadAvailability(db, staffIds, from, to, false);
    const byStaff = new Map<string, Slot[]>();
    for (const slot of computeGrid({ visitType, rules: rules.map(toEngineRule), ...engineInput(exceptions), from, to })) {
      const list = byStaff.get(slot.staffId);
      if (list) list.push(slot);
      else byStaff.set(slot.staffId, [slot]);
    }
    return byStaff;
  };

/**
 * Bookable slots of some clinicians for one visit type: working hours (per local day in the
 * rule's zone) and extra sessions, minus leave and active appointments, starting in [from, to)
 * and after `now`, sorted by start then clinician. A handful of queries for any number of
 * clinicians and days. An unknown or retired visit type is 404.
 */
export async function computeSlots(
  db: Db,
  input: { staffIds: string[]; visitTypeId: string; from: Date; to: Date; now: Date },
): Promise<Slot[]> {
  const visitType = await requireVisitType(db, input.visitTypeId);
  return computeSlotsForVisitType(db, visitType, input);
}

/**
 * Whether a clinician works at `startsAt` for this visit type: 422 `slot_in_past`, or 422
 * `outside_availability` with a sentence naming why (including a start inside the minimum notice,
 * when `minNoticeMinutes` is given: the API and the pages enforce the same notice). Other
 * appointments are NOT checked here: the database's exclusion constraints decide that at insert
 * time. A caller that already holds the visit type row and the clinician's specialties passes
 * them (`known`) and saves their queries.
 */
export async function checkBookable(
  db: Db,
  input: { staffId: string; visitTypeId: string; startsAt: Date; now: Date; minNoticeMinutes?: number },
  known: { visitType?: VisitTypeRow; clinicianSpecialtyIds?: string[]; scheduleVersions?: Map<string, number> } = {},
): Promise<{ endsAt: Date; roomId: string | null }> {
  checkNotice(input.startsAt, input.now, input.minNoticeMinutes ?? 0);
  const visitType = known.visitType ?? (await requireVisitType(db, input.visitTypeId));
  const offered = known.clinicianSpecialtyIds
    ? !visitType.specialtyId || known.clinicianSpecialtyIds.includes(visitType.specialtyId)
    : (await staffOfferingVisitType(db, visitType, [input.staffId])).length > 0;
  if (!offered) {
    throw schedulingError('outside_availability', 'This clinician does not offer this visit type: it belongs to another specialty.');
  }
  // The clinician's grid for that day, from memory while their schedule version holds.
  const start = input.startsAt.getTime();
  const versions = known.scheduleVersions ?? (await selectScheduleVersions(db, [input.staffId]));
  const window = { from: input.startsAt, to: new Date(start + 1) };
  const grid = await cachedGrids(db, visitType, [input.staffId], versions, window, gridComputer(db, visitType));
  const slot = grid.find((s) => s.startsAt.getTime() === start);
  if (slot) return { endsAt: slot.endsAt, roomId: slot.roomId };
  // Refused: the rules and exceptions around it say why.
  const endsAt = new Date(start + visitType.durationMinutes * 60_000);
  const { rules, exceptions } = await loadAvailability(db, [input.staffId], new Date(start - DAY_MS), new Date(start + DAY_MS), false);
  throw schedulingError('outside_availability', whyNotBookable(rules, exceptions, visitType, input.startsAt, endsAt));
}

/**
 * 422 `slot_in_past` for a start at or before now; 422 `outside_availability` for one sooner than
 * the minimum notice (BOOKING_MIN_NOTICE_MINUTES). A start exactly at now + notice is allowed, as
 * the slot search offers it. No query: callers run it before anything else.
 */
export function checkNotice(startsAt: Date, now: Date, minNoticeMinutes: number): void {
  if (startsAt.getTime() <= now.getTime()) throw schedulingError('slot_in_past', 'That time has already passed. Choose a later slot.');
  if (minNoticeMinutes > 0 && startsAt.getTime() < now.getTime() + minNoticeMinutes * 60_000) {
    throw schedulingError(
      'outside_availability',
      `Appointments are booked at least ${minNoticeMinutes} minutes ahead. Choose a later slot from the slot search.`,
    );
  }
}

/** The first reason that applies, in the order a person would look for it. */
function whyNotBookable(rules: RuleRow[], exceptions: ExceptionRow[], visitType: VisitTypeRow, startsAt: Date, endsAt: Date): string {
  const overlaps = (e: ExceptionRow) => e.startsAt < endsAt && e.endsAt > startsAt;
  if (exceptions.some((e) => e.kind === 'unavailable' && overlaps(e))) {
    return 'The clinician is not available then (leave, a holiday or another commitment). Choose another time.';
  }
  const inSession = exceptions.some((e) => e.kind === 'extra' && e.startsAt <= startsAt && e.endsAt > startsAt);
  const rulesThatDay = rules.filter((r) => {
    const date = localDateOf(startsAt, r.timeZone);
    return isoWeekday(date) === r.weekday && ruleValidOn(r, date);
  });
  if (rulesThatDay.length === 0 && !inSession) return 'The clinician has no working hours on that day. Choose another day.';
  if (!inSession && !rulesThatDay.some((r) => ruleOffersVisitType(r, visitType.id))) {
    return 'The clinician does not offer this visit type on that day. Choose another visit type or day.';
  }
  return `That time is outside the clinician's working hours, or does not start on one of their ${visitType.durationMinutes}-minute slots. Choose a time from the slot search.`;
}
