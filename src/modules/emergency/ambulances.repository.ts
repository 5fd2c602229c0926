import { and, asc, eq, inArray, isNull, type Placeholder, type SQL } from 'drizzle-orm';
import { staffProfiles } from '../staff/index.js';
import { users } from '../../platform/auth/auth.tables.js';
import type { Db } from '../../platform/db/database.js';
import { deferRead } from '../../platform/db/read-together.js';
import { ambulanceCrew, ambulanceUnits, emergencyAssignments } from './emergency.tables.js';
import type { UnitStatus } from './emergency.vocabulary.js';

export type UnitRow = typeof ambulanceUnits.$inferSelect;
export type AssignmentRow = typeof emergencyAssignments.$inferSelect;

export async function listUnits(db: Db): Promise<UnitRow[]> {
  return db.select().from(ambulanceUnits).orderBy(asc(ambulanceUnits.callSign)).limit(200);
}

export async function findUnit(db: Db, id: string): Promise<UnitRow | undefined> {
  const [row] = await db.select().from(ambulanceUnits).where(eq(ambulanceUnits.id, id)).limit(1);
  return row;
}

export async function insertUnit(db: Db, values: { callSign: string; latitude?: number; longitude?: number }, now: Date): Promise<UnitRow> {
  const hasPosition = values.latitude !== undefined && values.longitude !== undefined;
  const [row] = await db
    .insert(ambulanceUnits)
    .values({
      callSign: values.callSign,
      latitude: hasPosition ? values.latitude : null,
      longitude: hasPosition ? values.longitude : null,
      positionAt: hasPosition ? now : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return row!;
}

export async function insertCrewMember(db: Db, unitId: string, userId: string): Promise<void> {
  await db.insert(ambulanceCrew).values({ unitId, userId });
}

/** The unit a crew member rides, if any. */
export async function unitOfCrewMember(db: Db, userId: string): Promise<UnitRow | undefined> {
  const [row] = await db
    .select({ unit: ambulanceUnits })
    .from(ambulanceCrew)
    .innerJoin(ambulanceUnits, eq(ambulanceUnits.id, ambulanceCrew.unitId))
    .where(eq(ambulanceCrew.userId, userId))
    .limit(1);
  return row?.unit;
}

export async function crewUserIds(db: Db, unitId: string): Promise<string[]> {
  const rows = await db.select({ userId: ambulanceCrew.userId }).from(ambulanceCrew).where(eq(ambulanceCrew.unitId, unitId));
  return rows.map((r) => r.userId);
}

/** Moves a unit only from the statuses named (a lost race changes nothing). */
export async function setUnitStatus(
  db: Db,
  id: string,
  from: readonly UnitStatus[],
  status: UnitStatus,
  now: Date,
): Promise<UnitRow | undefined> {
  const [row] = await db
    .update(ambulanceUnits)
    .set({ status, updatedAt: now })
    .where(and(eq(ambulanceUnits.id, id), inArray(ambulanceUnits.status, [...from])))
    .returning();
  return row;
}

export async function setUnitPosition(db: Db, id: string, latitude: number, longitude: number, now: Date): Promise<UnitRow> {
  const [row] = await db
    .update(ambulanceUnits)
    .set({ latitude, longitude, positionAt: now, updatedAt: now })
    .where(eq(ambulanceUnits.id, id))
    .returning();
  return row!;
}

export async function insertAssignment(
  db: Db,
  values: { incidentId: string; unitId: string; assignedBy: string },
  now: Date,
): Promise<AssignmentRow> {
  const [row] = await db
    .insert(emergencyAssignments)
    .values({ ...values, assignedAt: now })
    .returning();
  return row!;
}

export async function openAssignmentOfUnit(db: Db, unitId: string): Promise<AssignmentRow | undefined> {
  const [row] = await db
    .select()
    .from(emergencyAssignments)
    .where(and(eq(emergencyAssignments.unitId, unitId), isNull(emergencyAssignments.endedAt)))
    .limit(1);
  return row;
}

export async function openAssignments(db: Db): Promise<AssignmentRow[]> {
  return db.select().from(emergencyAssignments).where(isNull(emergencyAssignments.endedAt)).limit(200);
}

export async function acceptAssignment(db: Db, id: string, userId: string, now: Date): Promise<void> {
  await db
    .update(emergencyAssignments)
    .set({ acceptedAt: now, acceptedBy: userId })
    .where(and(eq(emergencyAssignments.id, id), isNull(emergencyAssignments.acceptedAt)));
}

export async function endAssignmentsOfIncident(db: Db, incidentId: string, now: Date): Promise<AssignmentRow[]> {
  return db
    .update(emergencyAssignments)
    .set({ endedAt: now })
    .where(and(eq(emergencyAssignments.incidentId, incidentId), isNull(emergencyAssignments.endedAt)))
    .returning();
}

// ---- The fleet, as administrators manage it (docs/emergency.md, "Ambulance units and crews") ----

export async function findUnitByCallSign(db: Db, callSign: string): Promise<UnitRow | undefined> {
  const [row] = await db.select().from(ambulanceUnits).where(eq(ambulanceUnits.callSign, callSign)).limit(1);
  return row;
}

/** Changes a unit's call sign and base position (both coordinates, or none: no position). */
export async function updateUnitDetails(
  db: Db,
  id: string,
  values: { callSign: string; latitude: number | null; longitude: number | null; positionChanged: boolean },
  now: Date,
): Promise<UnitRow> {
  const [row] = await db
    .update(ambulanceUnits)
    .set({
      callSign: values.callSign,
      ...(values.positionChanged
        ? { latitude: values.latitude, longitude: values.longitude, positionAt: values.latitude === null ? null : now }
        : {}),
      updatedAt: now,
    })
    .where(eq(ambulanceUnits.id, id))
    .returning();
  return row!;
}

export interface CrewMemberRow {
  unitId: string;
  userId: string;
  staffId: string;
  givenName: string;
  familyName: string;
}

/** The crews of the units named, with their names, in one statement (however many units). */
export async function crewOfUnits(db: Db, unitIds: string[]): Promise<CrewMemberRow[]> {
  if (unitIds.length === 0) return [];
  return selectCrew(db, inArray(ambulanceCrew.unitId, unitIds));
}

function selectCrew(db: Db, where: SQL) {
  return db
    .select({
      unitId: ambulanceCrew.unitId,
      userId: ambulanceCrew.userId,
      staffId: staffProfiles.id,
      givenName: staffProfiles.givenName,
      familyName: staffProfiles.familyName,
    })
    .from(ambulanceCrew)
    .innerJoin(staffProfiles, eq(staffProfiles.userId, ambulanceCrew.userId))
    .where(where)
    .orderBy(asc(staffProfiles.familyName), asc(staffProfiles.givenName));
}

/**
 * One unit as reads not run yet, for one statement built once (`unitId` a placeholder): the unit,
 * its crew by name, and whether it is on an open call (emergency_assignments_one_open_per_unit).
 */
export function unitReads(db: Db, unitId: Placeholder) {
  return {
    unit: deferRead(db.select().from(ambulanceUnits).where(eq(ambulanceUnits.id, unitId)).limit(1), ([row]) => row),
    crew: deferRead(selectCrew(db, eq(ambulanceCrew.unitId, unitId)), (rows) => rows),
    onIncident: deferRead(
      db
        .select({ id: emergencyAssignments.id })
        .from(emergencyAssignments)
        .where(and(eq(emergencyAssignments.unitId, unitId), isNull(emergencyAssignments.endedAt)))
        .limit(1),
      (rows) => rows.length > 0,
    ),
  };
}

/** How many paramedics the crew picker offers (by name). */
const CREW_CANDIDATES_SHOWN = 100;

/**
 * The crew picker's paramedics as a read not run yet: the accounts not disabled (invited ones too: a
 * new paramedic may join a crew before their first sign-in), by name, each with the call sign of the
 * unit they ride now (ambulance_crew_user_key: one at most).
 */
export function crewCandidatesRead(db: Db) {
  return deferRead(
    db
      .select({
        staffId: staffProfiles.id,
        givenName: staffProfiles.givenName,
        familyName: staffProfiles.familyName,
        unitCallSign: ambulanceUnits.callSign,
      })
      .from(staffProfiles)
      .innerJoin(users, eq(users.id, staffProfiles.userId))
      .leftJoin(ambulanceCrew, eq(ambulanceCrew.userId, staffProfiles.userId))
      .leftJoin(ambulanceUnits, eq(ambulanceUnits.id, ambulanceCrew.unitId))
      .where(and(eq(users.role, 'paramedic'), isNull(users.disabledAt)))
      .orderBy(asc(staffProfiles.familyName), asc(staffProfiles.givenName), asc(staffProfiles.id))
      .limit(CREW_CANDIDATES_SHOWN),
    (rows) => rows,
  );
}

/** The unit a crew member rides, by their account (a paramedic is on one unit at a time). */
export async function crewMembership(db: Db, userId: string): Promise<{ unitId: string; callSign: string } | undefined> {
  const [row] = await db
    .select({ unitId: ambulanceCrew.unitId, callSign: ambulanceUnits.callSign })
    .from(ambulanceCrew)
    .innerJoin(ambulanceUnits, eq(ambulanceUnits.id, ambulanceCrew.unitId))
    .where(eq(ambulanceCrew.userId, userId))
    .limit(1);
  return row;
}

export async function deleteCrewMember(db: Db, unitId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(ambulanceCrew)
    .where(and(eq(ambulanceCrew.unitId, unitId), eq(ambulanceCrew.userId, userId)))
    .returning({ userId: ambulanceCrew.userId });
  return rows.length > 0;
}
