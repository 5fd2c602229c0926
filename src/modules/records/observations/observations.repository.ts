import { and, asc, desc, eq, inArray, sql, type SQLWrapper } from 'drizzle-orm';
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

/** What a chart plots of a reading. */
const chartColumns = {
  id: observations.id,
  code: observations.code,
  value: observations.value,
  unit: observations.unit,
  effectiveAt: observations.effectiveAt,
  source: observations.source,
  setId: observations.setId,
  flag: observations.flag,
};

/** The readings of the audited patient's sets a subquery chooses (the chart's newest sets; by observations_set_idx), not run yet. */
export function selectSetReadingsQuery(db: Db, audited: AuditedAccess, setIds: SQLWrapper) {
  return db
    .select(chartColumns)
    .from(observations)
    .where(and(eq(observations.patientId, audited.patientId), inArray(observations.setId, setIds)));
}

/**
 * The newest `perCode` device readings of each of `deviceCodes` of the audited patient, not run
 * yet: a LATERAL read per code walking observations_patient_code_idx (patient_id, code,
 * effective_at) backwards.
 */
export function selectDeviceReadingsQuery(db: Db, audited: AuditedAccess, deviceCodes: readonly string[], perCode: number) {
  const codes = db
    .select({ code: sql<string>`c.code`.as('chart_code') })
    .from(sql`unnest(${`{${deviceCodes.join(',')}}`}::text[]) as c(code)`)
    .as('codes');
  const recent = db
    .select()
    .from(observations)
    .where(and(eq(observations.patientId, audited.patientId), eq(observations.code, codes.code), eq(observations.source, 'device')))
    .orderBy(desc(observations.effectiveAt), desc(observations.createdAt), desc(observations.id))
    .limit(perCode)
    .as('recent');
  return db
    .select({
      id: recent.id,
      code: recent.code,
      value: recent.value,
      unit: recent.unit,
      effectiveAt: recent.effectiveAt,
      source: recent.source,
      setId: recent.setId,
      flag: recent.flag,
    })
    .from(codes)
    .crossJoinLateral(recent);
}
