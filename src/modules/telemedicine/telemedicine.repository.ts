import { and, asc, eq } from 'drizzle-orm';
import type { AuditedAccess } from '../../platform/audit/audit.service.js';
import type { Db } from '../../platform/db/database.js';
import { patients } from '../patients/index.js';
import { staffProfiles } from '../staff/index.js';
import { videoVisitMessages, videoVisits, type PatientPresence } from './telemedicine.tables.js';

export type VideoVisitRow = typeof videoVisits.$inferSelect;
export type VideoVisitMessageRow = typeof videoVisitMessages.$inferSelect;

/** The accounts of an appointment's two participants (the patient may have no portal account). */
export async function selectParticipantUserIds(
  db: Db,
  patientId: string,
  staffId: string,
): Promise<{ patientUserId: string | null; clinicianUserId: string | null }> {
  const [[patient], [clinician]] = await Promise.all([
    db.select({ userId: patients.userId }).from(patients).where(eq(patients.id, patientId)),
    db.select({ userId: staffProfiles.userId }).from(staffProfiles).where(eq(staffProfiles.id, staffId)),
  ]);
  return { patientUserId: patient?.userId ?? null, clinicianUserId: clinician?.userId ?? null };
}

/** The call's state (no clinical content: who is there, admitted, ended). */
export async function selectVideoVisit(db: Db, appointmentId: string): Promise<VideoVisitRow | undefined> {
  const [row] = await db.select().from(videoVisits).where(eq(videoVisits.appointmentId, appointmentId));
  return row;
}

/** The call's row, created on first use, locked for this transaction's change. */
export async function lockVideoVisit(tx: Db, audited: AuditedAccess, appointmentId: string, now: Date): Promise<VideoVisitRow> {
  await tx
    .insert(videoVisits)
    .values({ appointmentId, patientId: audited.patientId, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: videoVisits.appointmentId });
  const [row] = await tx
    .select()
    .from(videoVisits)
    .where(and(eq(videoVisits.appointmentId, appointmentId), eq(videoVisits.patientId, audited.patientId)))
    .for('update');
  return row!;
}

export async function updateVideoVisit(
  tx: Db,
  id: string,
  changes: Partial<{
    patientPresence: PatientPresence;
    clinicianPresent: boolean;
    admittedAt: Date;
    admittedBy: string;
    endedAt: Date;
    endedBy: string;
  }>,
  now: Date,
): Promise<VideoVisitRow> {
  const [row] = await tx
    .update(videoVisits)
    .set({ ...changes, updatedAt: now })
    .where(eq(videoVisits.id, id))
    .returning();
  return row!;
}

export async function insertVideoVisitMessage(
  tx: Db,
  audited: AuditedAccess,
  values: Omit<typeof videoVisitMessages.$inferInsert, 'id' | 'patientId'>,
): Promise<VideoVisitMessageRow> {
  const [row] = await tx
    .insert(videoVisitMessages)
    .values({ ...values, patientId: audited.patientId })
    .returning();
  return row!;
}

/** A call's chat, oldest first (at most `limit`: a visit's chat is short). */
export async function selectVideoVisitMessages(
  tx: Db,
  audited: AuditedAccess,
  appointmentId: string,
  limit: number,
): Promise<VideoVisitMessageRow[]> {
  return tx
    .select()
    .from(videoVisitMessages)
    .where(and(eq(videoVisitMessages.appointmentId, appointmentId), eq(videoVisitMessages.patientId, audited.patientId)))
    .orderBy(asc(videoVisitMessages.createdAt), asc(videoVisitMessages.id))
    .limit(limit);
}
