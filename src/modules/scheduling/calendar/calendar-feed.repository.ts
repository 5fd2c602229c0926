import { and, asc, eq, gt, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { staffProfiles } from '../../staff/index.js';
import { ACTIVE_APPOINTMENT_STATUSES, appointments } from '../appointments/appointments.tables.js';
import { calendarFeeds } from './calendar-feed.tables.js';
import { rooms, visitTypes } from '../availability/scheduling.tables.js';

export type CalendarFeedRow = typeof calendarFeeds.$inferSelect;

/** Creates the clinician's feed or replaces its token (the old one stops working at once). */
export async function upsertCalendarFeed(tx: Db, staffId: string, tokenHash: string, now: Date): Promise<{ rotated: boolean }> {
  const [existing] = await tx
    .select({ staffId: calendarFeeds.staffId })
    .from(calendarFeeds)
    .where(eq(calendarFeeds.staffId, staffId))
    .for('update');
  await tx
    .insert(calendarFeeds)
    .values({ staffId, tokenHash, issuedAt: now })
    .onConflictDoUpdate({ target: calendarFeeds.staffId, set: { tokenHash, issuedAt: now } });
  return { rotated: Boolean(existing) };
}

export async function deleteCalendarFeed(tx: Db, staffId: string): Promise<boolean> {
  const rows = await tx.delete(calendarFeeds).where(eq(calendarFeeds.staffId, staffId)).returning({ staffId: calendarFeeds.staffId });
  return rows.length > 0;
}

export async function findCalendarFeedByStaff(db: Db, staffId: string): Promise<CalendarFeedRow | undefined> {
  const [row] = await db.select().from(calendarFeeds).where(eq(calendarFeeds.staffId, staffId));
  return row;
}

export async function findCalendarFeedByTokenHash(db: Db, tokenHash: string): Promise<CalendarFeedRow | undefined> {
  const [row] = await db.select().from(calendarFeeds).where(eq(calendarFeeds.tokenHash, tokenHash));
  return row;
}

/** A clinician's active appointments in [from, to): times and ids only, never who or why. */
export async function selectFeedAppointments(db: Db, staffId: string, from: Date, to: Date, limit: number) {
  return db
    .select({ id: appointments.id, startsAt: appointments.startsAt, endsAt: appointments.endsAt, version: appointments.version })
    .from(appointments)
    .where(
      and(
        eq(appointments.staffId, staffId),
        inArray(appointments.status, [...ACTIVE_APPOINTMENT_STATUSES]),
        gt(appointments.endsAt, from),
        lt(appointments.startsAt, to),
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(appointments.id))
    .limit(limit);
}

/** What an appointment's .ics needs besides the appointment: the clinician's name and the place. */
export async function selectCalendarFacts(db: Db, appointment: { staffId: string; roomId: string | null; visitTypeId: string }) {
  const [staff] = await db
    .select({ givenName: staffProfiles.givenName, familyName: staffProfiles.familyName })
    .from(staffProfiles)
    .where(eq(staffProfiles.id, appointment.staffId));
  const [visitType] = await db.select({ mode: visitTypes.mode }).from(visitTypes).where(eq(visitTypes.id, appointment.visitTypeId));
  const [room] = appointment.roomId ? await db.select({ name: rooms.name }).from(rooms).where(eq(rooms.id, appointment.roomId)) : [];
  return {
    clinicianName: staff ? `${staff.givenName} ${staff.familyName}` : null,
    mode: visitType?.mode ?? 'in_person',
    roomName: room?.name ?? null,
  };
}
