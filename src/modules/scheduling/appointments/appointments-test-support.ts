import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { appointments } from './appointments.tables.js';
import { availabilityRules, rooms, visitTypes } from '../availability/scheduling.tables.js';

/**
 * Fixtures for the appointment tests (not loaded by the app): working hours straight in the
 * database (the availability API has its own tests) and the seeded visit types.
 */

/** When fixture rows say they were recorded: a fixed instant before any test's pinned clock. */
const FIXTURE_RECORDED_AT = new Date('2026-01-01T00:00:00Z');

/** Working hours every day of the week in UTC, so any test date is a working day. */
export async function workEveryDay(
  db: Db,
  staffId: string,
  hours: { start?: string; end?: string; roomId?: string | null } = {},
): Promise<void> {
  await db.insert(availabilityRules).values(
    [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      staffId,
      weekday,
      startTime: hours.start ?? '08:00',
      endTime: hours.end ?? '18:00',
      validFrom: '2026-01-01',
      timeZone: 'UTC',
      roomId: hours.roomId ?? null,
      createdAt: FIXTURE_RECORDED_AT,
      updatedAt: FIXTURE_RECORDED_AT,
    })),
  );
}

/** A seeded visit type's id by code: new_patient (30 min), follow_up (15), telemedicine (20), procedure (60). */
export async function visitTypeId(db: Db, code: 'new_patient' | 'follow_up' | 'telemedicine' | 'procedure'): Promise<string> {
  const [row] = await db.select({ id: visitTypes.id }).from(visitTypes).where(eq(visitTypes.code, code));
  if (!row) throw new Error(`visit type ${code} is not seeded`);
  return row.id;
}

export async function createRoom(db: Db): Promise<string> {
  const [row] = await db
    .insert(rooms)
    .values({ code: `R-${randomUUID().slice(0, 8)}`, name: 'Consulting room', createdAt: FIXTURE_RECORDED_AT })
    .returning({ id: rooms.id });
  return row!.id;
}

export async function appointmentRows(db: Db, where: { patientId?: string; staffId?: string } = {}) {
  const condition = where.patientId
    ? eq(appointments.patientId, where.patientId)
    : where.staffId
      ? eq(appointments.staffId, where.staffId)
      : undefined;
  return db.select().from(appointments).where(condition).orderBy(appointments.startsAt, appointments.createdAt);
}

/** Pairs of active appointments that overlap on a clinician, a room or a patient: always zero. */
export async function countActiveOverlaps(db: Db): Promise<{ clinician: number; room: number; patient: number }> {
  const result = await db.execute(sql`
    select
      count(*) filter (where a.staff_id = b.staff_id)::int as clinician,
      count(*) filter (where a.room_id = b.room_id)::int as room,
      count(*) filter (where a.patient_id = b.patient_id)::int as patient
    from appointments a
    join appointments b on a.id < b.id and a.starts_at < b.ends_at and b.starts_at < a.ends_at
    where a.status in ('booked', 'checked_in') and b.status in ('booked', 'checked_in')`);
  return (result as { rows: { clinician: number; room: number; patient: number }[] }).rows[0]!;
}
