import { and, asc, desc, eq, gt, inArray, lt, lte, ne, or, sql, type SQL, type SQLWrapper, type Placeholder } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { isAnyId } from '../../../platform/db/id-lists.js';
import { visitTypes } from '../availability/scheduling.tables.js';
import { ACTIVE_APPOINTMENT_STATUSES, appointments, type AppointmentStatus } from './appointments.tables.js';

export type AppointmentRow = typeof appointments.$inferSelect;
export type NewAppointmentRow = typeof appointments.$inferInsert;

const isActive = inArray(appointments.status, [...ACTIVE_APPOINTMENT_STATUSES]);
/** Half-open intervals overlap when each starts before the other ends. */
const overlaps = (from: Date | Placeholder, to: Date | Placeholder) => and(lt(appointments.startsAt, to), gt(appointments.endsAt, from));

export async function insertAppointment(tx: Db, values: NewAppointmentRow): Promise<AppointmentRow> {
  const [row] = await tx.insert(appointments).values(values).returning();
  return row!;
}

/**
 * Inserts an appointment together with the rows that must exist with it (its audit row, the
 * clinician's care-team membership, the idempotency record), in ONE statement: the others are
 * data-modifying WITH clauses named by the keys of `alongside`. Atomic without a transaction: an
 * exclusion violation of the appointment undoes them all. The id is chosen by the caller so the
 * other rows can name the appointment.
 */
export async function insertAppointmentWith(
  db: Db,
  values: NewAppointmentRow & { id: string },
  alongside: Record<string, SQLWrapper>,
): Promise<AppointmentRow> {
  const withClauses = Object.entries(alongside).map(([name, write]) => db.$with(name, {}).as(write.getSQL()));
  const [row] = await db
    .with(...withClauses)
    .insert(appointments)
    .values(values)
    .returning();
  return row!;
}

export async function findAppointmentById(db: Db, id: string): Promise<AppointmentRow | undefined> {
  const [row] = await db.select().from(appointments).where(eq(appointments.id, id));
  return row;
}

/** Locks the row for the rest of the transaction (reschedule, cancel, status changes). */
export async function lockAppointment(tx: Db, id: string): Promise<AppointmentRow | undefined> {
  const [row] = await tx.select().from(appointments).where(eq(appointments.id, id)).for('update');
  return row;
}

/**
 * Changes an appointment only if it is still in `from` status at `version` (optimistic check on
 * top of the row lock); bumps the version. Undefined when someone else changed it first.
 */
export async function transitionAppointment(
  tx: Db,
  id: string,
  expected: { status: AppointmentStatus; version: number },
  changes: Partial<Pick<AppointmentRow, 'status' | 'cancelledAt' | 'cancelledBy' | 'cancelReason' | 'checkedInAt' | 'completedAt'>>,
  now: Date,
): Promise<AppointmentRow | undefined> {
  const [row] = await tx
    .update(appointments)
    .set({ ...changes, version: sql`${appointments.version} + 1`, updatedAt: now })
    .where(and(eq(appointments.id, id), eq(appointments.status, expected.status), eq(appointments.version, expected.version)))
    .returning();
  return row;
}

export type OverlapDimension = 'clinician' | 'room' | 'patient';

/**
 * The active appointment that overlaps [startsAt, endsAt) for one clinician, room or patient:
 * after an exclusion violation, the appointment the booking collided with (for the log).
 */
export async function findOverlappingActiveAppointment(
  db: Db,
  probe: { dimension: OverlapDimension; value: string; startsAt: Date; endsAt: Date; excludeId?: string },
): Promise<string | undefined> {
  const column =
    probe.dimension === 'clinician' ? appointments.staffId : probe.dimension === 'room' ? appointments.roomId : appointments.patientId;
  const [row] = await db
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(
        eq(column, probe.value),
        isActive,
        overlaps(probe.startsAt, probe.endsAt),
        probe.excludeId ? ne(appointments.id, probe.excludeId) : undefined,
      ),
    )
    .orderBy(asc(appointments.startsAt))
    .limit(1);
  return row?.id;
}

/**
 * The booking's cheap pre-check: an active appointment already holding [startsAt, endsAt) for the
 * clinician, the room or the patient, and which of them it holds (clinician first, as a booker
 * most often loses on the clinician). One indexed query outside any transaction; the exclusion
 * constraints stay the guarantee for a race this read cannot see.
 */
export async function findCommittedConflict(
  db: Db,
  probe: { staffId: string; roomId: string | null; patientId: string; startsAt: Date; endsAt: Date },
): Promise<{ id: string; dimension: OverlapDimension } | undefined> {
  const holders = [
    eq(appointments.staffId, probe.staffId),
    eq(appointments.patientId, probe.patientId),
    probe.roomId ? eq(appointments.roomId, probe.roomId) : undefined,
  ];
  const [row] = await db
    .select({ id: appointments.id, staffId: appointments.staffId, roomId: appointments.roomId })
    .from(appointments)
    .where(and(or(...holders), isActive, overlaps(probe.startsAt, probe.endsAt)))
    .orderBy(sql`${appointments.staffId} = ${probe.staffId} desc`)
    .limit(1);
  if (!row) return undefined;
  const dimension: OverlapDimension =
    row.staffId === probe.staffId ? 'clinician' : probe.roomId && row.roomId === probe.roomId ? 'room' : 'patient';
  return { id: row.id, dimension };
}

/** An active appointment of the clinician covering this instant (a burst's losers learn of it first). */
export async function findClinicianBookingAt(db: Db, staffId: string, at: Date): Promise<{ id: string } | undefined> {
  const [row] = await clinicianBookingAtQuery(db, staffId, at);
  return row;
}

/** In a statement built once the clinician and the instant may be placeholders. */
export function clinicianBookingAtQuery(db: Db, staffId: string | Placeholder, at: Date | Placeholder) {
  // The one millisecond [at, at + 1 ms) that must be free, written in SQL so `at` may be a placeholder.
  return db
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(
        eq(appointments.staffId, staffId),
        isActive,
        lt(appointments.startsAt, sql`${at}::timestamptz + interval '1 millisecond'`),
        gt(appointments.endsAt, at),
      ),
    )
    .limit(1);
}

/**
 * `findCommittedConflict` (room not known) as a query not run yet, for a start whose end the
 * visit type's duration gives: the booking reads it with the visit type itself, in one statement.
 * An unknown visit type has no end, and so no conflict (the booking answers 404 for it). In a
 * statement built once every value may be a placeholder.
 */
export function committedConflictQuery(
  db: Db,
  probe: {
    staffId: string | Placeholder;
    patientId: string | Placeholder;
    startsAt: Date | Placeholder;
    visitTypeId: string | Placeholder;
  },
) {
  const endsAt = sql`(${probe.startsAt}::timestamptz + make_interval(mins => (select ${visitTypes.durationMinutes} from ${visitTypes} where ${visitTypes.id} = ${probe.visitTypeId})))`;
  return db
    .select({ id: appointments.id, staffId: appointments.staffId })
    .from(appointments)
    .where(
      and(
        or(eq(appointments.staffId, probe.staffId), eq(appointments.patientId, probe.patientId)),
        isActive,
        lt(appointments.startsAt, endsAt),
        gt(appointments.endsAt, probe.startsAt),
      ),
    )
    .orderBy(sql`${appointments.staffId} = ${probe.staffId} desc`)
    .limit(1);
}

/** Active appointments of these clinicians overlapping [from, to), in one query. */
export async function selectBusyIntervals(db: Db, staffIds: string[], from: Date, to: Date) {
  if (staffIds.length === 0) return [];
  return busyIntervalsQuery(db, staffIds, from, to);
}

/**
 * The same read as a query not run yet (the slot search reads it with the schedule versions). In
 * a statement built once the values may be placeholders, the ids filled by `idListValue`.
 */
export function busyIntervalsQuery(db: Db, staffIds: readonly string[] | Placeholder, from: Date | Placeholder, to: Date | Placeholder) {
  return db
    .select({ staffId: appointments.staffId, startsAt: appointments.startsAt, endsAt: appointments.endsAt, roomId: appointments.roomId })
    .from(appointments)
    .where(and(isAnyId(appointments.staffId, staffIds), isActive, overlaps(from, to)))
    .orderBy(asc(appointments.startsAt), asc(appointments.staffId));
}

export interface AppointmentFilters {
  /** In a statement built once, the values may be placeholders. */
  patientId?: string | Placeholder;
  staffId?: string | Placeholder;
  /** Appointments that end after `from` and start before `to`. */
  from?: Date | Placeholder;
  to?: Date | Placeholder;
  status?: AppointmentStatus | Placeholder;
  /** upcoming: not yet ended, soonest first; past: ended, most recent first. */
  scope?: 'upcoming' | 'past';
  now: Date | Placeholder;
  after?: { startsAt: Date | Placeholder; id: string | Placeholder };
  limit: number | Placeholder;
}

/**
 * What the audit rows of a listed page are written from: `found` is `selectAppointments`' rows as a
 * WITH query (`readWithWrites`), of which the first `shown` are the page (the one after it only
 * tells that more follow). One row per patient on the page, in the order they first appear, with
 * that patient's appointment ids in page order. A materialised WITH query is scanned in the order
 * its query produced the rows, as the page itself is read (read-together.ts).
 */
export function shownAppointmentsByPatient(found: SQL, shown: number | Placeholder, tier: string | Placeholder) {
  const page = sql`(select f.patient_id, f.id, row_number() over () as n from ${found} f) q`;
  return {
    from: sql`(select q.patient_id, jsonb_agg(q.id order by q.n) as ids from ${page} where q.n <= ${shown}::int group by q.patient_id order by min(q.n)) as by_patient`,
    patientId: sql`by_patient.patient_id`,
    detail: sql`jsonb_build_object('tier', ${tier}::text, 'appointmentIds', by_patient.ids)`,
  };
}

/** One page of appointments in keyset order (starts_at, id), ascending unless scope is past. */
export function selectAppointments(db: Db, f: AppointmentFilters) {
  const descending = f.scope === 'past';
  const conditions: (SQL | undefined)[] = [
    f.patientId ? eq(appointments.patientId, f.patientId) : undefined,
    f.staffId ? eq(appointments.staffId, f.staffId) : undefined,
    f.from ? gt(appointments.endsAt, f.from) : undefined,
    f.to ? lt(appointments.startsAt, f.to) : undefined,
    f.status ? eq(appointments.status, f.status) : undefined,
    f.scope === 'upcoming' ? gt(appointments.endsAt, f.now) : f.scope === 'past' ? lte(appointments.endsAt, f.now) : undefined,
  ];
  if (f.after) {
    const { startsAt, id } = f.after;
    conditions.push(
      descending
        ? or(lt(appointments.startsAt, startsAt), and(eq(appointments.startsAt, startsAt), lt(appointments.id, id)))
        : or(gt(appointments.startsAt, startsAt), and(eq(appointments.startsAt, startsAt), gt(appointments.id, id))),
    );
  }
  const order = descending ? [desc(appointments.startsAt), desc(appointments.id)] : [asc(appointments.startsAt), asc(appointments.id)];
  return db
    .select()
    .from(appointments)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(f.limit);
}
