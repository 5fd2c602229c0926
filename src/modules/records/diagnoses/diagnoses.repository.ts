import { and, asc, desc, eq } from 'drizzle-orm';
import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { diagnoses, procedures } from './diagnoses.tables.js';

/** SQL for diagnoses and procedures. Every function takes the AuditedAccess proof. */

export type DiagnosisRow = typeof diagnoses.$inferSelect;
export type ProcedureRow = typeof procedures.$inferSelect;

export async function insertDiagnosis(
  db: Db,
  access: AuditedAccess,
  values: Omit<typeof diagnoses.$inferInsert, 'patientId' | 'id'>,
): Promise<DiagnosisRow> {
  const [row] = await db
    .insert(diagnoses)
    .values({ ...values, patientId: access.patientId })
    .returning();
  return row!;
}

export async function findDiagnosis(
  db: Db,
  access: AuditedAccess,
  encounterId: string,
  diagnosisId: string,
): Promise<DiagnosisRow | undefined> {
  const [row] = await db
    .select()
    .from(diagnoses)
    .where(and(eq(diagnoses.id, diagnosisId), eq(diagnoses.encounterId, encounterId), eq(diagnoses.patientId, access.patientId)));
  return row;
}

export async function markDiagnosisEnteredInError(
  db: Db,
  access: AuditedAccess,
  diagnosisId: string,
  by: string,
  now: Date,
): Promise<DiagnosisRow | undefined> {
  const [row] = await db
    .update(diagnoses)
    .set({ status: 'entered-in-error', removedBy: by, removedAt: now })
    .where(and(eq(diagnoses.id, diagnosisId), eq(diagnoses.patientId, access.patientId), eq(diagnoses.status, 'active')))
    .returning();
  return row;
}

/** A patient's diagnoses, newest first; entered-in-error ones only when asked. */
export function listDiagnoses(db: Db, access: AuditedAccess, options: { includeRemoved?: boolean } = {}) {
  const where = options.includeRemoved
    ? eq(diagnoses.patientId, access.patientId)
    : and(eq(diagnoses.patientId, access.patientId), eq(diagnoses.status, 'active'));
  return db.select().from(diagnoses).where(where).orderBy(desc(diagnoses.recordedAt), desc(diagnoses.id));
}

export function listEncounterDiagnoses(db: Db, access: AuditedAccess, encounterId: string): Promise<DiagnosisRow[]> {
  return encounterDiagnosesQuery(db, access, encounterId);
}

/** The same read, not run yet (a view sends it with its audit row in one statement). */
export function encounterDiagnosesQuery(db: Db, access: AuditedAccess, encounterId: string) {
  return db
    .select()
    .from(diagnoses)
    .where(and(eq(diagnoses.patientId, access.patientId), eq(diagnoses.encounterId, encounterId), eq(diagnoses.status, 'active')))
    .orderBy(asc(diagnoses.rank), asc(diagnoses.recordedAt), asc(diagnoses.id));
}

export async function insertProcedure(
  db: Db,
  access: AuditedAccess,
  values: Omit<typeof procedures.$inferInsert, 'patientId' | 'id'>,
): Promise<ProcedureRow> {
  const [row] = await db
    .insert(procedures)
    .values({ ...values, patientId: access.patientId })
    .returning();
  return row!;
}

export function listProcedures(db: Db, access: AuditedAccess) {
  return db
    .select()
    .from(procedures)
    .where(eq(procedures.patientId, access.patientId))
    .orderBy(desc(procedures.performedAt), desc(procedures.id));
}
