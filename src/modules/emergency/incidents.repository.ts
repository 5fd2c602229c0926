import { and, asc, desc, eq, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.tables.js';
import type { Db } from '../../platform/db/database.js';
import { patients } from '../patients/index.js';
import { departments, staffProfiles } from '../staff/index.js';
import { ambulanceUnits, emergencyAssignments, emergencyIncidents, emergencyLocations } from './emergency.tables.js';
import type { IncidentStatus, IncidentSubject } from './emergency.vocabulary.js';

export type IncidentRow = typeof emergencyIncidents.$inferSelect;
export type LocationRow = typeof emergencyLocations.$inferSelect;

/** The emergency department's code among the departments (the demo's "Emergency Department"). */
export const EMERGENCY_DEPARTMENT_CODE = 'ED';

export async function findIncident(db: Db, id: string): Promise<IncidentRow | undefined> {
  const [row] = await db.select().from(emergencyIncidents).where(eq(emergencyIncidents.id, id)).limit(1);
  return row;
}

export async function findIncidentByKey(db: Db, patientId: string, key: string): Promise<IncidentRow | undefined> {
  const [row] = await db
    .select()
    .from(emergencyIncidents)
    .where(and(eq(emergencyIncidents.patientId, patientId), eq(emergencyIncidents.idempotencyKey, key)))
    .limit(1);
  return row;
}

/** The patient's open incident, or else their latest one. */
export async function findCurrentIncident(db: Db, patientId: string): Promise<IncidentRow | undefined> {
  const [row] = await db
    .select()
    .from(emergencyIncidents)
    .where(eq(emergencyIncidents.patientId, patientId))
    .orderBy(sql`(${emergencyIncidents.status} = 'closed')`, desc(emergencyIncidents.createdAt))
    .limit(1);
  return row;
}

export interface NewIncident {
  patientId: string;
  reportedBy: string;
  subject: IncidentSubject;
  note: string | null;
  address: string | null;
  callBack: boolean;
  idempotencyKey: string;
}

export async function insertIncident(db: Db, values: NewIncident, now: Date): Promise<IncidentRow> {
  const [row] = await db
    .insert(emergencyIncidents)
    .values({ ...values, createdAt: now, updatedAt: now })
    .returning();
  return row!;
}

/** A retry or a second press: the details of the open incident change, never its status. */
export async function updateIncidentDetails(
  db: Db,
  id: string,
  values: Pick<NewIncident, 'subject' | 'note' | 'address' | 'callBack'>,
  now: Date,
): Promise<IncidentRow> {
  const [row] = await db
    .update(emergencyIncidents)
    .set({ ...values, updatedAt: now, version: sql`${emergencyIncidents.version} + 1` })
    .where(eq(emergencyIncidents.id, id))
    .returning();
  return row!;
}

/** Moves an open incident; answers nothing when it is closed (or gone) meanwhile. */
export async function moveIncident(
  db: Db,
  id: string,
  from: readonly IncidentStatus[],
  values: Partial<typeof emergencyIncidents.$inferInsert> & { status: IncidentStatus },
  now: Date,
): Promise<IncidentRow | undefined> {
  const [row] = await db
    .update(emergencyIncidents)
    .set({ ...values, updatedAt: now, version: sql`${emergencyIncidents.version} + 1` })
    .where(and(eq(emergencyIncidents.id, id), inArray(emergencyIncidents.status, [...from])))
    .returning();
  return row;
}

export async function setIncidentEta(db: Db, id: string, etaAt: Date | null, now: Date): Promise<void> {
  await db
    .update(emergencyIncidents)
    .set({ etaAt, updatedAt: now })
    .where(and(eq(emergencyIncidents.id, id), ne(emergencyIncidents.status, 'closed')));
}

/** The board: every open incident, oldest first (the longest wait on top). */
export async function listOpenIncidents(db: Db): Promise<IncidentRow[]> {
  return db
    .select()
    .from(emergencyIncidents)
    .where(ne(emergencyIncidents.status, 'closed'))
    .orderBy(asc(emergencyIncidents.createdAt), asc(emergencyIncidents.id))
    .limit(100);
}

/**
 * The open incidents (as `listOpenIncidents`) with the unit of each one's open assignment, as one
 * query not run yet. The unit is looked up per incident (a lateral join through
 * emergency_assignments_one_open_per_incident: one at most), so the incidents are read as alone.
 */
export function selectIncomingIncidents(db: Db) {
  const openUnit = db
    .select({ callSign: ambulanceUnits.callSign, status: ambulanceUnits.status })
    .from(emergencyAssignments)
    .innerJoin(ambulanceUnits, eq(ambulanceUnits.id, emergencyAssignments.unitId))
    .where(and(eq(emergencyAssignments.incidentId, emergencyIncidents.id), isNull(emergencyAssignments.endedAt)))
    .limit(1)
    .as('open_unit');
  return db
    .select({
      incidentId: emergencyIncidents.id,
      patientId: emergencyIncidents.patientId,
      status: emergencyIncidents.status,
      raisedAt: emergencyIncidents.createdAt,
      etaAt: emergencyIncidents.etaAt,
      unitCallSign: openUnit.callSign,
      unitStatus: openUnit.status,
    })
    .from(emergencyIncidents)
    .leftJoinLateral(openUnit, sql`true`)
    .where(ne(emergencyIncidents.status, 'closed'))
    .orderBy(asc(emergencyIncidents.createdAt), asc(emergencyIncidents.id))
    .limit(100);
}

/** Incidents nobody acknowledged by `before` and not escalated yet (claimed by marking them). */
export async function claimUnacknowledged(db: Db, before: Date, now: Date): Promise<IncidentRow[]> {
  return db
    .update(emergencyIncidents)
    .set({ escalatedAt: now })
    .where(and(eq(emergencyIncidents.status, 'received'), isNull(emergencyIncidents.escalatedAt), lt(emergencyIncidents.createdAt, before)))
    .returning();
}

export async function insertLocation(
  db: Db,
  values: { incidentId: string; latitude: number; longitude: number; accuracyM: number | null },
  now: Date,
): Promise<LocationRow> {
  const [row] = await db
    .insert(emergencyLocations)
    .values({ ...values, recordedAt: now })
    .returning();
  return row!;
}

export async function latestLocation(db: Db, incidentId: string): Promise<LocationRow | undefined> {
  const [row] = await db
    .select()
    .from(emergencyLocations)
    .where(eq(emergencyLocations.incidentId, incidentId))
    .orderBy(desc(emergencyLocations.recordedAt))
    .limit(1);
  return row;
}

/** The latest position of each of these incidents (one statement). */
export async function latestLocations(db: Db, incidentIds: readonly string[]): Promise<Map<string, LocationRow>> {
  if (incidentIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([emergencyLocations.incidentId])
    .from(emergencyLocations)
    .where(inArray(emergencyLocations.incidentId, [...incidentIds]))
    .orderBy(emergencyLocations.incidentId, desc(emergencyLocations.recordedAt));
  return new Map(rows.map((r) => [r.incidentId, r]));
}

export async function deleteLocationsBefore(db: Db, before: Date): Promise<number> {
  const rows = await db
    .delete(emergencyLocations)
    .where(lt(emergencyLocations.recordedAt, before))
    .returning({ id: emergencyLocations.id });
  return rows.length;
}

export interface IncidentPatient {
  id: string;
  name: string;
  phone: string | null;
  birthDate: string | null;
  userId: string | null;
}

export async function incidentPatients(db: Db, ids: readonly string[]): Promise<Map<string, IncidentPatient>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: patients.id,
      given: patients.givenName,
      family: patients.familyName,
      phone: patients.phone,
      birthDate: patients.birthDate,
      userId: patients.userId,
    })
    .from(patients)
    .where(inArray(patients.id, [...ids]));
  return new Map(
    rows.map((r) => [r.id, { id: r.id, name: `${r.given} ${r.family}`, phone: r.phone, birthDate: r.birthDate, userId: r.userId }]),
  );
}

/** Dispatch staff: active accounts with the dispatcher flag, and the emergency department's doctors and nurses. */
export async function dispatchStaffUserIds(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .leftJoin(staffProfiles, eq(staffProfiles.userId, users.id))
    .leftJoin(departments, eq(departments.id, staffProfiles.departmentId))
    .where(
      and(
        isNull(users.disabledAt),
        ne(users.role, 'patient'),
        or(eq(users.dispatcher, true), and(inArray(users.role, ['doctor', 'nurse']), eq(departments.code, EMERGENCY_DEPARTMENT_CODE))),
      ),
    );
  return rows.map((r) => r.id);
}

export async function openAssignmentOfIncident(db: Db, incidentId: string) {
  const [row] = await db
    .select()
    .from(emergencyAssignments)
    .where(and(eq(emergencyAssignments.incidentId, incidentId), isNull(emergencyAssignments.endedAt)))
    .limit(1);
  return row;
}
