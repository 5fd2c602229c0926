import { effectiveTimeZone } from '../../../platform/time/zoned-time.js';
import { and, asc, eq, gt, inArray, isNull, lt, or, sql, gte, lte, type Placeholder } from 'drizzle-orm';
import { users } from '../../../platform/auth/auth.tables.js';
import type { Db } from '../../../platform/db/database.js';
import { readReference } from '../../../platform/db/reference-cache.js';
import { isAnyId } from '../../../platform/db/id-lists.js';
import { availabilityExceptions, availabilityRules, rooms, scheduleVersions, visitTypes, type ExceptionKind } from './scheduling.tables.js';

/** SQL for visit types, rooms, working hours and exceptions. Every function takes `db` or `tx`. */

export type VisitTypeRow = typeof visitTypes.$inferSelect;
export type RoomRow = typeof rooms.$inferSelect;
export type RuleRow = typeof availabilityRules.$inferSelect;
export type ExceptionRow = typeof availabilityExceptions.$inferSelect;

/** Visit types and rooms are reference rows: read through the reference cache (platform/db/reference-cache.ts). */
export async function selectActiveVisitTypes(db: Db): Promise<VisitTypeRow[]> {
  return readReference(db, 'visit_types:active', ['visit_types'], () =>
    db.select().from(visitTypes).where(eq(visitTypes.active, true)).orderBy(asc(visitTypes.durationMinutes), asc(visitTypes.code)),
  );
}

export async function selectVisitType(db: Db, id: string): Promise<VisitTypeRow | undefined> {
  return readReference(db, `visit_types:${id}`, ['visit_types'], async () => {
    const [row] = await db.select().from(visitTypes).where(eq(visitTypes.id, id)).limit(1);
    return row;
  });
}

export async function countActiveVisitTypes(db: Db, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db
    .select({ id: visitTypes.id })
    .from(visitTypes)
    .where(and(inArray(visitTypes.id, ids), eq(visitTypes.active, true)));
  return rows.length;
}

export async function selectActiveRooms(db: Db): Promise<RoomRow[]> {
  return readReference(db, 'rooms:active', ['rooms'], () => db.select().from(rooms).where(eq(rooms.active, true)).orderBy(asc(rooms.code)));
}

export async function activeRoomExists(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .select({ id: rooms.id })
    .from(rooms)
    .where(and(eq(rooms.id, id), eq(rooms.active, true)))
    .limit(1);
  return rows.length === 1;
}

/** A staff member's own rules, by weekday and start time. */
export async function selectRulesOfStaff(db: Db, staffId: string): Promise<RuleRow[]> {
  return db
    .select()
    .from(availabilityRules)
    .where(eq(availabilityRules.staffId, staffId))
    .orderBy(asc(availabilityRules.weekday), asc(availabilityRules.startTime), asc(availabilityRules.validFrom));
}

/**
 * Rules of many clinicians that may apply between two local dates (one query for a whole search).
 * The dates are padded by the caller to cover every zone.
 */
export async function selectRulesForRange(db: Db, staffIds: string[], fromDate: string, toDate: string): Promise<RuleRow[]> {
  if (staffIds.length === 0) return [];
  return db
    .select()
    .from(availabilityRules)
    .where(
      and(
        inArray(availabilityRules.staffId, staffIds),
        lte(availabilityRules.validFrom, toDate),
        or(isNull(availabilityRules.validTo), gte(availabilityRules.validTo, fromDate)),
      ),
    );
}

export async function selectRule(db: Db, staffId: string, ruleId: string): Promise<RuleRow | undefined> {
  const [row] = await db
    .select()
    .from(availabilityRules)
    .where(and(eq(availabilityRules.id, ruleId), eq(availabilityRules.staffId, staffId)))
    .limit(1);
  return row;
}

export type RuleValues = Pick<
  RuleRow,
  'weekday' | 'startTime' | 'endTime' | 'validFrom' | 'validTo' | 'timeZone' | 'roomId' | 'visitTypeIds'
>;

/**
 * Another rule of the clinician on the same weekday whose hours and validity overlap (the nice
 * message before the exclusion constraint `availability_rules_no_overlap` has to speak).
 */
export async function selectOverlappingRule(
  db: Db,
  staffId: string,
  values: RuleValues,
  exceptRuleId?: string,
): Promise<RuleRow | undefined> {
  const [row] = await db
    .select()
    .from(availabilityRules)
    .where(
      and(
        eq(availabilityRules.staffId, staffId),
        eq(availabilityRules.weekday, values.weekday),
        lt(availabilityRules.startTime, values.endTime),
        gt(availabilityRules.endTime, values.startTime),
        values.validTo ? lte(availabilityRules.validFrom, values.validTo) : undefined,
        or(isNull(availabilityRules.validTo), gte(availabilityRules.validTo, values.validFrom)),
        exceptRuleId ? sql`${availabilityRules.id} <> ${exceptRuleId}` : undefined,
      ),
    )
    .limit(1);
  return row;
}

export async function insertRule(db: Db, staffId: string, values: RuleValues, now: Date): Promise<RuleRow> {
  const [row] = await db
    .insert(availabilityRules)
    .values({ staffId, ...values, createdAt: now, updatedAt: now })
    .returning();
  return row!;
}

/** Applies the changes when the version still matches; undefined when someone changed it first. */
export async function updateRule(db: Db, ruleId: string, version: number, values: RuleValues, now: Date): Promise<RuleRow | undefined> {
  const [row] = await db
    .update(availabilityRules)
    .set({ ...values, updatedAt: now, version: sql`${availabilityRules.version} + 1` })
    .where(and(eq(availabilityRules.id, ruleId), eq(availabilityRules.version, version)))
    .returning();
  return row;
}

export async function deleteRule(db: Db, ruleId: string): Promise<void> {
  await db.delete(availabilityRules).where(eq(availabilityRules.id, ruleId));
}

/** A clinician's exceptions overlapping [from, to) (either bound optional), oldest first. */
export async function selectExceptionsOfStaff(db: Db, staffId: string, range: { from?: Date; to?: Date }): Promise<ExceptionRow[]> {
  return db
    .select()
    .from(availabilityExceptions)
    .where(
      and(
        eq(availabilityExceptions.staffId, staffId),
        range.from ? gt(availabilityExceptions.endsAt, range.from) : undefined,
        range.to ? lt(availabilityExceptions.startsAt, range.to) : undefined,
      ),
    )
    .orderBy(asc(availabilityExceptions.startsAt), asc(availabilityExceptions.id));
}

/** Exceptions of many clinicians overlapping [from, to), in one query. */
export async function selectExceptionsForRange(db: Db, staffIds: string[], from: Date, to: Date): Promise<ExceptionRow[]> {
  if (staffIds.length === 0) return [];
  return db
    .select()
    .from(availabilityExceptions)
    .where(
      and(
        inArray(availabilityExceptions.staffId, staffIds),
        gt(availabilityExceptions.endsAt, from),
        lt(availabilityExceptions.startsAt, to),
      ),
    );
}

export async function selectException(db: Db, staffId: string, exceptionId: string): Promise<ExceptionRow | undefined> {
  const [row] = await db
    .select()
    .from(availabilityExceptions)
    .where(and(eq(availabilityExceptions.id, exceptionId), eq(availabilityExceptions.staffId, staffId)))
    .limit(1);
  return row;
}

export async function insertException(
  db: Db,
  values: {
    staffId: string;
    kind: ExceptionKind;
    startsAt: Date;
    endsAt: Date;
    timeZone: string;
    reason: string | null;
    roomId: string | null;
  },
  now: Date,
): Promise<ExceptionRow> {
  const [row] = await db
    .insert(availabilityExceptions)
    .values({ ...values, createdAt: now })
    .returning();
  return row!;
}

export async function deleteException(db: Db, exceptionId: string): Promise<void> {
  await db.delete(availabilityExceptions).where(eq(availabilityExceptions.id, exceptionId));
}

/**
 * Clinicians with working hours or an extra session in a window: the candidates of a slot search
 * when no clinician is named (one query).
 */
export async function selectStaffWithAvailability(db: Db, fromDate: string, toDate: string, from: Date, to: Date): Promise<string[]> {
  const ruleStaff = db
    .selectDistinct({ staffId: availabilityRules.staffId })
    .from(availabilityRules)
    .where(and(lte(availabilityRules.validFrom, toDate), or(isNull(availabilityRules.validTo), gte(availabilityRules.validTo, fromDate))));
  const extraStaff = db
    .selectDistinct({ staffId: availabilityExceptions.staffId })
    .from(availabilityExceptions)
    .where(and(eq(availabilityExceptions.kind, 'extra'), gt(availabilityExceptions.endsAt, from), lt(availabilityExceptions.startsAt, to)));
  const rows = await ruleStaff.union(extraStaff);
  return rows.map((r) => r.staffId);
}

/** The account time zone of a user (a platform table: the clinician's default zone). */
export async function selectUserTimeZone(db: Db, userId: string): Promise<string | undefined> {
  const [row] = await db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, userId)).limit(1);
  return row ? effectiveTimeZone(row.timeZone) : undefined;
}

/**
 * The schedule versions of some clinicians (bumped by triggers on every change to their rules and
 * exceptions), in one query; a clinician whose schedule never changed since the table exists has
 * no row and is version 0.
 */
export async function selectScheduleVersions(db: Db, staffIds: string[]): Promise<Map<string, number>> {
  if (staffIds.length === 0) return new Map();
  return scheduleVersionsOf(await scheduleVersionsQuery(db, staffIds));
}

/** The same read as a query not run yet (the slot search reads it with the appointments; the ids may be a placeholder). */
export function scheduleVersionsQuery(db: Db, staffIds: readonly string[] | Placeholder) {
  return db.select().from(scheduleVersions).where(isAnyId(scheduleVersions.staffId, staffIds));
}

/** The same read for one clinician, as a query not run yet (a booking reads it with its other facts; the id may be a placeholder). */
export function clinicianScheduleVersionQuery(db: Db, staffId: string | Placeholder) {
  return db.select().from(scheduleVersions).where(eq(scheduleVersions.staffId, staffId));
}

export const scheduleVersionsOf = (rows: { staffId: string; version: number }[]) => new Map(rows.map((r) => [r.staffId, r.version]));

export function visitTypeQuery(db: Db, id: string | Placeholder) {
  return db.select().from(visitTypes).where(eq(visitTypes.id, id)).limit(1);
}
