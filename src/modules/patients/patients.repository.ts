import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.js';
import { patients } from './patients.tables.js';

export type PatientRow = typeof patients.$inferSelect;
export type NewPatient = Omit<typeof patients.$inferInsert, 'id' | 'mrn' | 'version' | 'createdAt' | 'updatedAt'>;

/** Inserts a patient with the next MRN from the sequence. */
export async function insertPatient(db: Db, values: NewPatient, now: Date): Promise<PatientRow> {
  const [row] = await db
    .insert(patients)
    .values({ ...values, mrn: sql`nextval('patient_mrn_seq')::text`, createdAt: now, updatedAt: now })
    .returning();
  return row!;
}

export async function findPatientById(db: Db, patientId: string): Promise<PatientRow | undefined> {
  const [row] = await db.select().from(patients).where(eq(patients.id, patientId)).limit(1);
  return row;
}

/** Attaches a portal account to a front-desk record, only if none is attached yet. */
export async function attachAccount(db: Db, patientId: string, userId: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(patients)
    .set({ userId, updatedAt: now, version: sql`${patients.version} + 1` })
    .where(and(eq(patients.id, patientId), isNull(patients.userId)))
    .returning({ id: patients.id });
  return rows.length === 1;
}
