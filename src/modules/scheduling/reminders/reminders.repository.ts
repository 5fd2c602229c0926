import { effectiveTimeZone } from '../../../platform/time/zoned-time.js';
import { and, asc, eq, inArray, lte, notInArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/auth/auth.tables.js';
import type { Db } from '../../../platform/db/database.js';
import { patients } from '../../patients/index.js';
import { staffProfiles } from '../../staff/index.js';
import { appointments } from '../appointments/appointments.tables.js';
import { appointmentReminders, type ReminderKind } from './reminders.tables.js';
import { rooms, visitTypes } from '../availability/scheduling.tables.js';

export type ReminderRow = typeof appointmentReminders.$inferSelect;
export type NewReminderRow = typeof appointmentReminders.$inferInsert;

export async function insertReminders(tx: Db, rows: NewReminderRow[]): Promise<ReminderRow[]> {
  if (rows.length === 0) return [];
  return tx.insert(appointmentReminders).values(rows).onConflictDoNothing().returning();
}

/** Cancels an appointment's reminders that have not gone out yet (of these kinds, or all). */
export async function cancelScheduledReminders(tx: Db, appointmentId: string, now: Date, kinds?: ReminderKind[]): Promise<number> {
  const rows = await tx
    .update(appointmentReminders)
    .set({ status: 'cancelled', cancelledAt: now })
    .where(
      and(
        eq(appointmentReminders.appointmentId, appointmentId),
        eq(appointmentReminders.status, 'scheduled'),
        kinds ? inArray(appointmentReminders.kind, kinds) : undefined,
      ),
    )
    .returning({ id: appointmentReminders.id });
  return rows.length;
}

export async function selectReminders(db: Db, appointmentId: string): Promise<ReminderRow[]> {
  return db
    .select()
    .from(appointmentReminders)
    .where(eq(appointmentReminders.appointmentId, appointmentId))
    .orderBy(asc(appointmentReminders.dueAt), asc(appointmentReminders.createdAt));
}

/**
 * The next due scheduled reminder, locked for this transaction; rows another sweeper holds are
 * skipped (FOR UPDATE SKIP LOCKED), and so are the ones this run already failed on.
 */
export async function claimDueReminder(
  tx: Db,
  now: Date,
  skipIds: string[],
): Promise<{ reminder: ReminderRow; appointment: typeof appointments.$inferSelect } | undefined> {
  const [row] = await tx
    .select({ reminder: appointmentReminders, appointment: appointments })
    .from(appointmentReminders)
    .innerJoin(appointments, eq(appointments.id, appointmentReminders.appointmentId))
    .where(
      and(
        eq(appointmentReminders.status, 'scheduled'),
        lte(appointmentReminders.dueAt, now),
        skipIds.length > 0 ? notInArray(appointmentReminders.id, skipIds) : undefined,
      ),
    )
    .orderBy(asc(appointmentReminders.dueAt), asc(appointmentReminders.id))
    .limit(1)
    .for('update', { of: appointmentReminders, skipLocked: true });
  return row;
}

export async function finishReminder(tx: Db, id: string, outcome: 'sent' | 'cancelled', now: Date): Promise<void> {
  await tx
    .update(appointmentReminders)
    .set(outcome === 'sent' ? { status: 'sent', sentAt: now } : { status: 'cancelled', cancelledAt: now })
    .where(and(eq(appointmentReminders.id, id), eq(appointmentReminders.status, 'scheduled')));
}

/** What a notice about an appointment needs: who to tell (and in which language), with whom, where. */
export interface NoticeFacts {
  recipientUserId: string | null;
  recipientLocale: string;
  clinicianGivenName: string;
  clinicianFamilyName: string;
  clinicianTimeZone: string;
  /** The patient's zone (their account's, else the hospital's): every time in a notice is in it. */
  recipientTimeZone: string;
  roomName: string | null;
  mode: string;
}

export async function selectNoticeFacts(
  db: Db,
  appointment: { patientId: string; staffId: string; roomId: string | null; visitTypeId: string },
): Promise<NoticeFacts | undefined> {
  const patientUser = alias(users, 'patient_user');
  const clinicianUser = alias(users, 'clinician_user');
  const [row] = await db
    .select({
      recipientUserId: patients.userId,
      recipientLocale: patientUser.locale,
      recipientTimeZone: patientUser.timeZone,
      clinicianGivenName: staffProfiles.givenName,
      clinicianFamilyName: staffProfiles.familyName,
      clinicianTimeZone: clinicianUser.timeZone,
      mode: visitTypes.mode,
      roomName: rooms.name,
    })
    .from(patients)
    .leftJoin(patientUser, eq(patientUser.id, patients.userId))
    .innerJoin(staffProfiles, eq(staffProfiles.id, appointment.staffId))
    .innerJoin(clinicianUser, eq(clinicianUser.id, staffProfiles.userId))
    .innerJoin(visitTypes, eq(visitTypes.id, appointment.visitTypeId))
    .leftJoin(rooms, appointment.roomId ? eq(rooms.id, appointment.roomId) : sql`false`)
    .where(eq(patients.id, appointment.patientId));
  if (!row) return undefined;
  return {
    ...row,
    recipientLocale: row.recipientLocale ?? 'en',
    recipientTimeZone: effectiveTimeZone(row.recipientTimeZone),
    clinicianTimeZone: effectiveTimeZone(row.clinicianTimeZone),
  };
}
