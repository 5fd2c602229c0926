import { and, asc, desc, eq, inArray, sql, type SQLWrapper } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
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

/** A reading as a chart plots it. */
export interface ChartReadingRow {
  id: string;
  code: string;
  value: number;
  unit: string;
  effectiveAt: Date;
  source: ObservationRow['source'];
  setId: string | null;
  flag: ObservationRow['flag'];
}

/**
 * For a vitals chart, in ONE statement: the readings of some sets of the audited patient (by
 * observations_set_idx), and with them the newest `perCode` device readings of each of `deviceCodes`
 * (a LATERAL read per code walking observations_patient_code_idx (patient_id, code, effective_at)
 * backwards). Unordered: the caller sorts.
 */
export async function selectChartObservations(
  db: Db,
  audited: AuditedAccess,
  setIds: string[],
  deviceCodes: readonly string[],
  perCode: number,
): Promise<ChartReadingRow[]> {
  const ofSets = db
    .select({
      id: observations.id,
      code: observations.code,
      value: observations.value,
      unit: observations.unit,
      effectiveAt: observations.effectiveAt,
      source: observations.source,
      setId: observations.setId,
      flag: observations.flag,
    })
    .from(observations)
    .where(and(eq(observations.patientId, audited.patientId), inArray(observations.setId, setIds)));
  if (deviceCodes.length === 0) return setIds.length > 0 ? ofSets : [];
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
  const ofDevices = db
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
  // No sets: the device readings alone (a `false` condition would still plan a scan of the table).
  return setIds.length > 0 ? unionAll(ofSets, ofDevices) : ofDevices;
}
