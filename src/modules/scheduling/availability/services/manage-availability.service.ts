import type { ServiceContext } from '../../../../platform/auth/actor.js';
import { auditActorOf, writeAudit } from '../../../../platform/audit/audit.service.js';
import type { Db } from '../../../../platform/db/database.js';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../../../platform/errors.js';
import { assertVersion } from '../../../../platform/http/api-helpers.js';
import { findStaffById, type StaffMember } from '../../../staff/index.js';
import {
  activeRoomExists,
  countActiveVisitTypes,
  deleteException,
  deleteRule,
  insertException,
  insertRule,
  selectException,
  selectExceptionsOfStaff,
  selectOverlappingRule,
  selectRule,
  selectRulesOfStaff,
  selectUserTimeZone,
  updateRule,
  type ExceptionRow,
  type RuleRow,
  type RuleValues,
} from '../availability.repository.js';
import type {
  AvailabilityException,
  AvailabilityRule,
  CreateExceptionInput,
  CreateRuleInput,
  UpdateRuleInput,
} from '../availability.schemas.js';
import { formatWallTime, parseWallTime } from '../../../../platform/time/zoned-time.js';

/**
 * Working hours and exceptions. Clinicians manage their own; administrators anyone's. The staff
 * directory is public, so refusing someone else's calendar is a plain 403, not a hidden 404.
 */

const hhmm = (value: string) => value.slice(0, 5);

export const toRule = (row: RuleRow): AvailabilityRule => ({
  id: row.id,
  staffId: row.staffId,
  weekday: row.weekday,
  startTime: hhmm(row.startTime),
  endTime: hhmm(row.endTime),
  validFrom: row.validFrom,
  validTo: row.validTo,
  timeZone: row.timeZone,
  roomId: row.roomId,
  visitTypeIds: row.visitTypeIds,
  version: row.version,
});

export const toException = (row: ExceptionRow): AvailabilityException => ({
  id: row.id,
  staffId: row.staffId,
  kind: row.kind,
  startsAt: row.startsAt,
  endsAt: row.endsAt,
  timeZone: row.timeZone,
  reason: row.reason,
  roomId: row.roomId,
});

export const mayManageAvailabilityOf = (ctx: ServiceContext, staffId: string) =>
  ctx.actor.role === 'admin' || ctx.actor.staffId === staffId;

/** The clinician whose calendar this is: yourself, or anyone for an administrator (404 when unknown). */
export async function resolveManagedStaff(db: Db, ctx: ServiceContext, staffId: string): Promise<StaffMember> {
  if (!mayManageAvailabilityOf(ctx, staffId)) throw forbidden('You can change only your own working hours and exceptions.');
  const member = await findStaffById(db, staffId);
  if (!member) throw notFound('The staff member');
  return member;
}

async function audit(
  tx: Db,
  ctx: ServiceContext,
  action: string,
  resourceType: string,
  resourceId: string,
  detail: Record<string, unknown>,
) {
  await writeAudit(
    tx,
    auditActorOf(ctx.actor),
    ctx.origin,
    { action, resourceType, resourceId, category: 'administration', detail },
    ctx.now,
  );
}

async function assertReferences(db: Db, roomId: string | null | undefined, visitTypeIds: string[] | null | undefined): Promise<void> {
  if (roomId && !(await activeRoomExists(db, roomId))) throw notFound('The room');
  if (visitTypeIds && visitTypeIds.length && (await countActiveVisitTypes(db, visitTypeIds)) !== new Set(visitTypeIds).size)
    throw notFound('A visit type');
}

const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

async function assertNoOverlap(db: Db, staffId: string, values: RuleValues, exceptRuleId?: string): Promise<void> {
  const other = await selectOverlappingRule(db, staffId, values, exceptRuleId);
  if (other) {
    throw conflict(
      `These hours overlap the ${WEEKDAY_NAMES[other.weekday]} ${hhmm(other.startTime)}–${hhmm(other.endTime)} hours already set. Change or remove those first.`,
      'conflict',
      {
        conflictingRuleId: other.id,
      },
    );
  }
}

export async function listAvailabilityRules(db: Db, ctx: ServiceContext, staffId: string): Promise<AvailabilityRule[]> {
  await resolveManagedStaff(db, ctx, staffId);
  return (await selectRulesOfStaff(db, staffId)).map(toRule);
}

/** Adds weekly hours; the zone defaults to the clinician's account zone and is stored with the rule. */
export async function addAvailabilityRule(db: Db, ctx: ServiceContext, staffId: string, input: CreateRuleInput): Promise<AvailabilityRule> {
  const member = await resolveManagedStaff(db, ctx, staffId);
  const timeZone = input.timeZone ?? (await selectUserTimeZone(db, member.userId)) ?? 'UTC';
  const values: RuleValues = {
    weekday: input.weekday,
    startTime: input.startTime,
    endTime: input.endTime,
    validFrom: input.validFrom,
    validTo: input.validTo ?? null,
    timeZone,
    roomId: input.roomId ?? null,
    visitTypeIds: input.visitTypeIds ? [...new Set(input.visitTypeIds)] : null,
  };
  await assertReferences(db, values.roomId, values.visitTypeIds);
  await assertNoOverlap(db, staffId, values);
  return db.transaction(async (tx) => {
    const row = await insertRule(tx, staffId, values, ctx.now);
    await audit(tx, ctx, 'availability_rule.create', 'availability_rule', row.id, { staffId, weekday: row.weekday });
    return toRule(row);
  });
}

/** Changes weekly hours (If-Match optional); the merged rule is validated as a whole. */
export async function changeAvailabilityRule(
  db: Db,
  ctx: ServiceContext,
  staffId: string,
  ruleId: string,
  input: UpdateRuleInput,
  expected: number | undefined,
): Promise<AvailabilityRule> {
  await resolveManagedStaff(db, ctx, staffId);
  const current = await selectRule(db, staffId, ruleId);
  if (!current) throw notFound('The working hours');
  assertVersion(current.version, expected);
  const values: RuleValues = {
    weekday: input.weekday ?? current.weekday,
    startTime: input.startTime ?? hhmm(current.startTime),
    endTime: input.endTime ?? hhmm(current.endTime),
    validFrom: input.validFrom ?? current.validFrom,
    validTo: input.validTo === undefined ? current.validTo : input.validTo,
    timeZone: input.timeZone ?? current.timeZone,
    roomId: input.roomId === undefined ? current.roomId : input.roomId,
    visitTypeIds: input.visitTypeIds === undefined ? current.visitTypeIds : input.visitTypeIds && [...new Set(input.visitTypeIds)],
  };
  if (parseWallTime(values.endTime) <= parseWallTime(values.startTime)) {
    throw validationFailed([
      { path: 'endTime', message: `The end time must be after the start time (${formatWallTime(parseWallTime(values.startTime))}).` },
    ]);
  }
  if (values.validTo && values.validTo < values.validFrom)
    throw validationFailed([{ path: 'validTo', message: 'The last day must be on or after the first day.' }]);
  await assertReferences(db, input.roomId, input.visitTypeIds);
  await assertNoOverlap(db, staffId, values, ruleId);
  return db.transaction(async (tx) => {
    const row = await updateRule(tx, ruleId, current.version, values, ctx.now);
    if (!row)
      throw new AppError('version_mismatch', 'Someone else changed these hours since you loaded them. Reload and apply your change again.');
    await audit(tx, ctx, 'availability_rule.update', 'availability_rule', ruleId, { staffId, fields: Object.keys(input) });
    return toRule(row);
  });
}

/** Removes weekly hours. Appointments already booked in them stay (the front desk moves them). */
export async function removeAvailabilityRule(
  db: Db,
  ctx: ServiceContext,
  staffId: string,
  ruleId: string,
  expected: number | undefined,
): Promise<void> {
  await resolveManagedStaff(db, ctx, staffId);
  const current = await selectRule(db, staffId, ruleId);
  if (!current) throw notFound('The working hours');
  assertVersion(current.version, expected);
  await db.transaction(async (tx) => {
    await deleteRule(tx, ruleId);
    await audit(tx, ctx, 'availability_rule.delete', 'availability_rule', ruleId, { staffId, weekday: current.weekday });
  });
}

export async function listAvailabilityExceptions(
  db: Db,
  ctx: ServiceContext,
  staffId: string,
  range: { from?: Date; to?: Date },
): Promise<AvailabilityException[]> {
  await resolveManagedStaff(db, ctx, staffId);
  return (await selectExceptionsOfStaff(db, staffId, range)).map(toException);
}

/** Leave (`unavailable`) or an extra session (`extra`, optionally in a room). */
export async function addAvailabilityException(
  db: Db,
  ctx: ServiceContext,
  staffId: string,
  input: CreateExceptionInput,
): Promise<AvailabilityException> {
  const member = await resolveManagedStaff(db, ctx, staffId);
  await assertReferences(db, input.roomId, undefined);
  const timeZone = (await selectUserTimeZone(db, member.userId)) ?? 'UTC';
  return db.transaction(async (tx) => {
    const row = await insertException(
      tx,
      {
        staffId,
        kind: input.kind,
        startsAt: new Date(input.startsAt),
        endsAt: new Date(input.endsAt),
        timeZone,
        reason: input.reason ?? null,
        roomId: input.roomId ?? null,
      },
      ctx.now,
    );
    await audit(tx, ctx, 'availability_exception.create', 'availability_exception', row.id, { staffId, kind: row.kind });
    return toException(row);
  });
}

export async function removeAvailabilityException(db: Db, ctx: ServiceContext, staffId: string, exceptionId: string): Promise<void> {
  await resolveManagedStaff(db, ctx, staffId);
  const current = await selectException(db, staffId, exceptionId);
  if (!current) throw notFound('The exception');
  await db.transaction(async (tx) => {
    await deleteException(tx, exceptionId);
    await audit(tx, ctx, 'availability_exception.delete', 'availability_exception', exceptionId, { staffId, kind: current.kind });
  });
}

export interface AvailabilityOverview {
  staff: StaffMember;
  /** The clinician's account zone: new hours default to it, and the page's forms use it. */
  timeZone: string;
  rules: AvailabilityRule[];
  /** Exceptions that have not ended yet. */
  exceptions: AvailabilityException[];
}

/** Everything the availability editor shows for one clinician. */
export async function getAvailabilityOverview(db: Db, ctx: ServiceContext, staffId: string): Promise<AvailabilityOverview> {
  const staff = await resolveManagedStaff(db, ctx, staffId);
  const [timeZone, rules, exceptions] = await Promise.all([
    selectUserTimeZone(db, staff.userId),
    selectRulesOfStaff(db, staffId),
    selectExceptionsOfStaff(db, staffId, { from: ctx.now }),
  ]);
  return { staff, timeZone: timeZone ?? 'UTC', rules: rules.map(toRule), exceptions: exceptions.map(toException) };
}
