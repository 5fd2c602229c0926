import { and, asc, eq, inArray, type SQLWrapper } from 'drizzle-orm';
import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { observations } from './observations.tables.js';

export type ObservationRow = typeof observations.$inferSelect;
export type NewObservation = Omit<typeof observations.$inferInsert, 'id' | 'patientId'>;

/** Writes one observation of the audited patient. */
export async function insertObservation(db: Db, audited: AuditedAccess, values: NewObservation): Promise<ObservationRow> {
  const [row] = await db
    .insert(observations)
    .values({ ...values, patientId: audited.patientId })
    .returning();
  return row!;
}

/** The readings recorded against some goals of the audited patient, oldest first. */
export async function selectGoalObservations(db: Db, audited: AuditedAccess, goalIds: string[]): Promise<ObservationRow[]> {
  if (goalIds.length === 0) return [];
  return db
    .select()
    .from(observations)
    .where(and(eq(observations.patientId, audited.patientId), inArray(observations.goalId, goalIds)))
    .orderBy(asc(observations.effectiveAt), asc(observations.createdAt));
}

/** The same readings for goals chosen by a subquery (a plan's goals), as a query not run yet. */
export function selectObservationsOfGoalQuery(db: Db, audited: AuditedAccess, goalIds: SQLWrapper) {
  return db
    .select()
    .from(observations)
    .where(and(eq(observations.patientId, audited.patientId), inArray(observations.goalId, goalIds)))
    .orderBy(asc(observations.effectiveAt), asc(observations.createdAt));
}

/** The readings of some vital-sign sets of the audited patient, oldest first. */
export async function selectSetObservations(db: Db, audited: AuditedAccess, setIds: string[]): Promise<ObservationRow[]> {
  if (setIds.length === 0) return [];
  return db
    .select()
    .from(observations)
    .where(and(eq(observations.patientId, audited.patientId), inArray(observations.setId, setIds)))
    .orderBy(asc(observations.effectiveAt), asc(observations.createdAt));
}
