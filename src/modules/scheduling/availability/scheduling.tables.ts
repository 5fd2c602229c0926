import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, time, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, instant, updatedAt, version } from '../../../platform/db/columns.js';
import { departments, specialties, staffProfiles } from '../../staff/index.js';

/**
 * Availability: visit types, rooms, weekly working hours in the clinician's zone, and exceptions.
 * The appointments themselves live in appointments.tables.ts (the booking side).
 */

export const VISIT_MODES = ['in_person', 'telemedicine'] as const;
export type VisitMode = (typeof VISIT_MODES)[number];

export const visitTypes = pgTable(
  'visit_types',
  {
    id: id(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    mode: text('mode').$type<VisitMode>().notNull().default('in_person'),
    /** When set, only clinicians of this specialty offer the visit type. */
    specialtyId: uuid('specialty_id').references(() => specialties.id),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('visit_types_code_key').on(t.code),
    check('visit_types_duration_check', sql`${t.durationMinutes} > 0 and ${t.durationMinutes} <= 720`),
    check('visit_types_mode_check', sql`${t.mode} in ('in_person','telemedicine')`),
  ],
);

export const rooms = pgTable(
  'rooms',
  {
    id: id(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    departmentId: uuid('department_id').references(() => departments.id),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('rooms_code_key').on(t.code)],
);

/**
 * One block of weekly working hours: on ISO `weekday` (Monday 1), from `start_time` to `end_time`
 * local wall time in `time_zone`, between `valid_from` and `valid_to` (inclusive; null = open).
 * The zone is stored with the rule so that changing the account's zone never moves existing hours.
 * Overlapping rules of one clinician are refused by an exclusion constraint (custom migration).
 */
export const availabilityRules = pgTable(
  'availability_rules',
  {
    id: id(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffProfiles.id, { onDelete: 'cascade' }),
    weekday: integer('weekday').notNull(),
    startTime: time('start_time').notNull(),
    endTime: time('end_time').notNull(),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    timeZone: text('time_zone').notNull(),
    roomId: uuid('room_id').references(() => rooms.id),
    /** Visit types offered in these hours; null offers every active visit type. */
    visitTypeIds: jsonb('visit_type_ids').$type<string[]>(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('availability_rules_staff_idx').on(t.staffId, t.weekday),
    check('availability_rules_weekday_check', sql`${t.weekday} between 1 and 7`),
    check('availability_rules_time_check', sql`${t.endTime} > ${t.startTime}`),
    check('availability_rules_validity_check', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
);

export const EXCEPTION_KINDS = ['unavailable', 'extra'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/**
 * Leave, holidays and training (`unavailable`: removes slots) and extra sessions (`extra`: adds
 * slots, every active visit type, optionally in a room). Instants, half-open [starts_at, ends_at).
 * `time_zone` is the zone the clinician worked in when it was entered, for showing it.
 */
export const availabilityExceptions = pgTable(
  'availability_exceptions',
  {
    id: id(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffProfiles.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<ExceptionKind>().notNull(),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    timeZone: text('time_zone').notNull(),
    reason: text('reason'),
    roomId: uuid('room_id').references(() => rooms.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('availability_exceptions_staff_idx').on(t.staffId, t.startsAt),
    check('availability_exceptions_kind_check', sql`${t.kind} in ('unavailable','extra')`),
    check('availability_exceptions_range_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('availability_exceptions_room_check', sql`${t.kind} = 'extra' or ${t.roomId} is null`),
  ],
);

/**
 * A clinician's schedule version: a new number whenever one of their working-hour rules or
 * exceptions is inserted, changed or deleted, written by triggers (migration
 * `scheduling_schedule_versions`) so that no code path — a service, a seed, a test fixture, an
 * administrator's SQL — can forget it. Slot search keeps each clinician's computed slot grid in
 * memory and re-reads this one row to know the grid is still right (slot-grid-cache.ts): every
 * instance sees the change at once, with no message to miss. Numbers come from a sequence, never
 * reused even by a rolled-back change. No foreign key: the row outlives a deleted clinician harmlessly.
 * Appointments are not counted here: slot search reads them fresh on every search.
 */
export const scheduleVersions = pgTable('schedule_versions', {
  staffId: uuid('staff_id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
});
