import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { staffProfiles } from '../staff/index.js';
import type { Db } from '../../platform/db/database.js';
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
    .where(inArray(ambulanceCrew.unitId, unitIds))
    .orderBy(asc(staffProfiles.familyName), asc(staffProfiles.givenName));
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

/** The call sign of the unit each of these accounts rides (one statement). */
export async function unitsOfCrewMembers(db: Db, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: ambulanceCrew.userId, callSign: ambulanceUnits.callSign })
    .from(ambulanceCrew)
    .innerJoin(ambulanceUnits, eq(ambulanceUnits.id, ambulanceCrew.unitId))
    .where(inArray(ambulanceCrew.userId, userIds));
  return new Map(rows.map((r) => [r.userId, r.callSign]));
}
