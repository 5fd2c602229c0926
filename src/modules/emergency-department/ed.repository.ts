import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.tables.js';
import type { Db } from '../../platform/db/database.js';
import { deferRead, type DeferredRead } from '../../platform/db/read-together.js';
import { readReference } from '../../platform/db/reference-cache.js';
import { departments, staffProfiles } from '../staff/index.js';
import { edArrivals, edTriageAssessments, edTriageLevels } from './ed.tables.js';
import type { ArrivalMode, ArrivalOutcome } from './ed.vocabulary.js';

export type TriageLevelRow = typeof edTriageLevels.$inferSelect;
export type ArrivalRow = typeof edArrivals.$inferSelect;
export type AssessmentRow = typeof edTriageAssessments.$inferSelect;

/**
 * The triage scale, from the reference cache (the board and the arrival form read it on every
 * view; migration 0069 signals any change from the database). Frozen: copy before changing.
 * Inside a transaction (another handle) it is read from the database.
 */
export async function listTriageLevels(db: Db): Promise<readonly TriageLevelRow[]> {
  return readReference(db, 'ed_triage_levels', ['ed_triage_levels'], () =>
    db.select().from(edTriageLevels).orderBy(asc(edTriageLevels.level)).limit(5),
  );
}

/** Changes one level if its version is still `version`; undefined when someone changed it first. */
export async function updateTriageLevel(
  db: Db,
  level: number,
  values: { label: string; targetMinutes: number; updatedBy: string },
  version: number | undefined,
  now: Date,
): Promise<TriageLevelRow | undefined> {
  const [row] = await db
    .update(edTriageLevels)
    .set({ ...values, updatedAt: now, version: sql`${edTriageLevels.version} + 1` })
    .where(and(eq(edTriageLevels.level, level), version === undefined ? undefined : eq(edTriageLevels.version, version)))
    .returning();
  return row;
}

export async function insertArrival(
  db: Db,
  values: { patientId: string; mode: ArrivalMode; incidentId: string | null; chiefComplaint: string; registeredBy: string },
  now: Date,
): Promise<ArrivalRow> {
  const [row] = await db
    .insert(edArrivals)
    .values({ ...values, arrivedAt: now, createdAt: now, updatedAt: now })
    .returning();
  return row!;
}

export async function findArrival(db: Db, id: string): Promise<ArrivalRow | undefined> {
  const [row] = await db.select().from(edArrivals).where(eq(edArrivals.id, id)).limit(1);
  return row;
}

/** The department's open arrivals, the longest wait first (bounded: a board, not an archive). */
/** The arrivals still open, oldest first, as a query not run yet (the board reads it with the incoming incidents). */
export function selectOpenArrivals(db: Db) {
  return db.select().from(edArrivals).where(isNull(edArrivals.closedAt)).orderBy(asc(edArrivals.arrivedAt), asc(edArrivals.id)).limit(200);
}

export async function insertAssessment(
  db: Db,
  values: { arrivalId: string; level: number; note: string | null; assessedBy: string },
  now: Date,
): Promise<void> {
  await db.insert(edTriageAssessments).values({ ...values, assessedAt: now });
}

export type AssessmentWithAssessor = AssessmentRow & { assessorName: string | null };

/** The arrival's assessments, oldest first, with the assessor's name: read with the arrival's audit row in one statement. */
export function assessmentsRead(db: Db, arrivalId: string): DeferredRead<AssessmentWithAssessor[]> {
  const query = db
    .select({ a: edTriageAssessments, givenName: staffProfiles.givenName, familyName: staffProfiles.familyName })
    .from(edTriageAssessments)
    .leftJoin(staffProfiles, eq(staffProfiles.userId, edTriageAssessments.assessedBy))
    .where(eq(edTriageAssessments.arrivalId, arrivalId))
    .orderBy(asc(edTriageAssessments.assessedAt), asc(edTriageAssessments.id))
    .limit(100);
  return deferRead(query, (rows) =>
    rows.map((r) => ({ ...r.a, assessorName: r.givenName === null ? null : `${r.givenName} ${r.familyName}` })),
  );
}

/** Sets the arrival's current level (the first triage time is kept). */
export async function setArrivalLevel(db: Db, id: string, level: number, now: Date): Promise<ArrivalRow> {
  const [row] = await db
    .update(edArrivals)
    .set({
      level,
      triagedAt: sql`coalesce(${edArrivals.triagedAt}, ${now.toISOString()}::timestamptz)`,
      updatedAt: now,
      version: sql`${edArrivals.version} + 1`,
    })
    .where(eq(edArrivals.id, id))
    .returning();
  return row!;
}

export async function markArrivalSeen(db: Db, id: string, userId: string, now: Date): Promise<ArrivalRow> {
  const [row] = await db
    .update(edArrivals)
    .set({ seenAt: now, seenBy: userId, updatedAt: now, version: sql`${edArrivals.version} + 1` })
    .where(eq(edArrivals.id, id))
    .returning();
  return row!;
}

export async function closeArrival(
  db: Db,
  id: string,
  outcome: ArrivalOutcome,
  userId: string,
  now: Date,
): Promise<ArrivalRow | undefined> {
  const [row] = await db
    .update(edArrivals)
    .set({ closedAt: now, closedBy: userId, outcome, updatedAt: now, version: sql`${edArrivals.version} + 1` })
    .where(and(eq(edArrivals.id, id), isNull(edArrivals.closedAt)))
    .returning();
  return row;
}

/** The staff member's department (id and code), or undefined. */
export async function departmentByCode(db: Db, code: string): Promise<{ id: string; name: string } | undefined> {
  const [row] = await db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(eq(departments.code, code))
    .limit(1);
  return row;
}

/** The department's doctors and nurses with an enabled account (their staff profile ids). */
export async function departmentClinicianIds(db: Db, departmentId: string): Promise<string[]> {
  const rows = await db
    .select({ id: staffProfiles.id })
    .from(staffProfiles)
    .innerJoin(users, eq(users.id, staffProfiles.userId))
    .where(and(eq(staffProfiles.departmentId, departmentId), inArray(users.role, ['doctor', 'nurse']), isNull(users.disabledAt)))
    .limit(500);
  return rows.map((r) => r.id);
}
