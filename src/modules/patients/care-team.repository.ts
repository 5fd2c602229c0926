import { and, asc, eq, gt, inArray, isNull, lte, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.tables.js';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db/database.js';
import { staffProfiles } from '../staff/index.js';
import { breakGlassGrants, careTeamMembers, patients } from './patients.tables.js';
import type { PatientRow } from './patients.repository.js';

/** SQL for the relationships that open a patient's clinical tier: care team and break-the-glass. */

export type CareTeamRow = typeof careTeamMembers.$inferSelect;

/** Active = not removed, started, and not ended (ends_at is exclusive). */
const activeAt = (now: Date | Placeholder) =>
  and(
    isNull(careTeamMembers.removedAt),
    lte(careTeamMembers.startsAt, now),
    or(isNull(careTeamMembers.endsAt), gt(careTeamMembers.endsAt, now)),
  );

/** Where a module's table names the patient a row belongs to (the table is passed in: this module imports none of them). */
export interface PatientOwner {
  table: PgTable;
  id: PgColumn;
  patientId: PgColumn;
  /**
   * Only the rows that count (billing's encounters are the billed ones): any other row is refused
   * like an unknown one. `shape` names the condition (its access statement is built once per shape).
   */
  only?: { shape: string; condition: SQL };
}

/** The patient of one row of an owner table, as a sub-query (null when there is no such row, or it does not count). */
export function ownerPatientId(owner: PatientOwner, resourceId: string | Placeholder): SQL {
  const counts = owner.only ? sql` and ${owner.only.condition}` : sql``;
  return sql`(select ${owner.patientId} from ${owner.table} where ${owner.id} = ${resourceId}${counts})`;
}

/**
 * The patient and the viewer's relationships to them, in ONE statement: the facts of the access
 * decision (a page used to pay a round trip for each). A fact left out (no staff id, not a
 * clinician) is false without a sub-query. In a statement built once every value is a
 * placeholder, and a viewer's id filled with null matches nothing.
 */
export function patientWithRelationshipsQuery(
  db: Db,
  patientId: string | Placeholder | SQL,
  viewer: { staffId: string | Placeholder | null; userId: string | Placeholder | null },
  now: Date | Placeholder,
) {
  const onCareTeam = viewer.staffId
    ? sql<boolean>`exists (${db
        .select({ one: sql`1` })
        .from(careTeamMembers)
        .where(and(eq(careTeamMembers.patientId, patients.id), eq(careTeamMembers.staffId, viewer.staffId), activeAt(now)))})`
    : sql<boolean>`false`;
  const hasBreakGlass = viewer.userId
    ? sql<boolean>`exists (${db
        .select({ one: sql`1` })
        .from(breakGlassGrants)
        .where(
          and(
            eq(breakGlassGrants.patientId, patients.id),
            eq(breakGlassGrants.userId, viewer.userId),
            lte(breakGlassGrants.createdAt, now),
            gt(breakGlassGrants.expiresAt, now),
          ),
        )})`
    : sql<boolean>`false`;
  return db
    .select({ patient: patients, onCareTeam: onCareTeam.mapWith(Boolean), hasBreakGlass: hasBreakGlass.mapWith(Boolean) })
    .from(patients)
    .where(eq(patients.id, patientId))
    .limit(1);
}

export type PatientWithRelationships = { patient: PatientRow; onCareTeam: boolean; hasBreakGlass: boolean };

export async function findPatientWithRelationships(
  db: Db,
  patientId: string,
  viewer: { staffId: string | null; userId: string | null },
  now: Date,
): Promise<PatientWithRelationships | undefined> {
  const [row] = await patientWithRelationshipsQuery(db, patientId, viewer, now);
  return row;
}

/**
 * A staff member's memberships of a patient's care team that still hold the unique index (not
 * removed), each with whether it is active at `now`. In a statement built once every value may
 * be a placeholder.
 */
export function unremovedMembershipsQuery(db: Db, patientId: string | Placeholder, staffId: string | Placeholder, now: Date | Placeholder) {
  return db
    .select({ active: sql<boolean>`${activeAt(now)}`.mapWith(Boolean) })
    .from(careTeamMembers)
    .where(and(eq(careTeamMembers.patientId, patientId), eq(careTeamMembers.staffId, staffId), isNull(careTeamMembers.removedAt)));
}

/**
 * Inserts a membership unless the staff member already holds one that is not removed (or another
 * request inserts one meanwhile: nothing then), as a statement to run inside another (a
 * data-modifying WITH); returns the id when it inserts.
 */
export function insertMembershipIfAbsentSql(
  values: { id: string; patientId: string; staffId: string; addedBy: string | null },
  now: Date,
): SQL {
  const at = now.toISOString();
  return sql`insert into ${careTeamMembers} (id, patient_id, staff_id, team_role, starts_at, ends_at, added_by, created_at)
    select ${values.id}::uuid, ${values.patientId}::uuid, ${values.staffId}::uuid, null, ${at}::timestamptz, null, ${values.addedBy}::uuid, ${at}::timestamptz
    where not exists (
      select 1 from ${careTeamMembers} m
      where m.patient_id = ${values.patientId}::uuid and m.staff_id = ${values.staffId}::uuid and m.removed_at is null
    )
    on conflict do nothing
    returning id`;
}

export async function isOnActiveCareTeam(db: Db, patientId: string, staffId: string, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: careTeamMembers.id })
    .from(careTeamMembers)
    .where(and(eq(careTeamMembers.patientId, patientId), eq(careTeamMembers.staffId, staffId), activeAt(now)))
    .limit(1);
  return !!row;
}

export async function hasLiveBreakGlassGrant(db: Db, patientId: string, userId: string, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: breakGlassGrants.id })
    .from(breakGlassGrants)
    .where(
      and(
        eq(breakGlassGrants.patientId, patientId),
        eq(breakGlassGrants.userId, userId),
        lte(breakGlassGrants.createdAt, now),
        gt(breakGlassGrants.expiresAt, now),
      ),
    )
    .limit(1);
  return !!row;
}

export function listActiveCareTeam(db: Db, patientId: string, now: Date | Placeholder) {
  return db
    .select({
      id: careTeamMembers.id,
      patientId: careTeamMembers.patientId,
      staffId: careTeamMembers.staffId,
      givenName: staffProfiles.givenName,
      familyName: staffProfiles.familyName,
      role: users.role,
      teamRole: careTeamMembers.teamRole,
      startsAt: careTeamMembers.startsAt,
      endsAt: careTeamMembers.endsAt,
      createdAt: careTeamMembers.createdAt,
    })
    .from(careTeamMembers)
    .innerJoin(staffProfiles, eq(staffProfiles.id, careTeamMembers.staffId))
    .innerJoin(users, eq(users.id, staffProfiles.userId))
    .where(and(eq(careTeamMembers.patientId, patientId), activeAt(now)))
    .orderBy(asc(staffProfiles.familyName), asc(staffProfiles.givenName), asc(careTeamMembers.id));
}

export async function findStaffForCareTeam(db: Db, staffId: string) {
  const [row] = await db
    .select({
      id: staffProfiles.id,
      givenName: staffProfiles.givenName,
      familyName: staffProfiles.familyName,
      role: users.role,
      disabledAt: users.disabledAt,
    })
    .from(staffProfiles)
    .innerJoin(users, eq(users.id, staffProfiles.userId))
    .where(eq(staffProfiles.id, staffId))
    .limit(1);
  return row;
}

/** Staff who can be added to a care team, for the page's picker. */
export function listAssignableStaff(db: Db) {
  return db
    .select({ id: staffProfiles.id, givenName: staffProfiles.givenName, familyName: staffProfiles.familyName, role: users.role })
    .from(staffProfiles)
    .innerJoin(users, eq(users.id, staffProfiles.userId))
    .where(isNull(users.disabledAt))
    .orderBy(asc(staffProfiles.familyName), asc(staffProfiles.givenName))
    .limit(500);
}

/**
 * Memberships that have ended by date still hold the partial unique index; retire them so the
 * people can be added again.
 */
export async function retireEndedMemberships(db: Db, patientId: string, staffIds: readonly string[], now: Date): Promise<void> {
  if (staffIds.length === 0) return;
  await db
    .update(careTeamMembers)
    .set({ removedAt: now })
    .where(
      and(
        eq(careTeamMembers.patientId, patientId),
        inArray(careTeamMembers.staffId, [...staffIds]),
        isNull(careTeamMembers.removedAt),
        lte(careTeamMembers.endsAt, now),
      ),
    );
}

/** Adds several staff in one team role; anyone already on the team (in any role) is skipped. Returns those added. */
export function insertMembershipsIfAbsent(
  db: Db,
  values: { patientId: string; staffIds: readonly string[]; teamRole: string; addedBy: string | null },
  now: Date,
) {
  return db
    .insert(careTeamMembers)
    .values(
      values.staffIds.map((staffId) => ({
        patientId: values.patientId,
        staffId,
        teamRole: values.teamRole,
        startsAt: now,
        addedBy: values.addedBy,
        createdAt: now,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: careTeamMembers.id, staffId: careTeamMembers.staffId });
}

/** Ends every current membership of a patient's team held in one team role. Returns those ended. */
export function removeMembershipsInRole(db: Db, patientId: string, teamRole: string, removedBy: string | null, now: Date) {
  return db
    .update(careTeamMembers)
    .set({ removedAt: now, removedBy })
    .where(and(eq(careTeamMembers.patientId, patientId), eq(careTeamMembers.teamRole, teamRole), isNull(careTeamMembers.removedAt)))
    .returning({ id: careTeamMembers.id, staffId: careTeamMembers.staffId });
}

export async function findActiveMembership(db: Db, patientId: string, staffId: string, now: Date) {
  const [row] = await db
    .select()
    .from(careTeamMembers)
    .where(and(eq(careTeamMembers.patientId, patientId), eq(careTeamMembers.staffId, staffId), activeAt(now)))
    .limit(1);
  return row;
}

export async function insertMembership(
  db: Db,
  values: { patientId: string; staffId: string; teamRole: string | null; endsAt: Date | null; addedBy: string | null },
  now: Date,
) {
  const [row] = await db
    .insert(careTeamMembers)
    .values({ ...values, startsAt: now, createdAt: now })
    .returning();
  return row!;
}

export async function removeMembership(
  db: Db,
  patientId: string,
  membershipId: string,
  removedBy: string,
  now: Date,
): Promise<CareTeamRow | undefined> {
  const [row] = await db
    .update(careTeamMembers)
    .set({ removedAt: now, removedBy })
    .where(and(eq(careTeamMembers.id, membershipId), eq(careTeamMembers.patientId, patientId), isNull(careTeamMembers.removedAt)))
    .returning();
  return row;
}

export async function insertBreakGlassGrant(
  db: Db,
  values: { patientId: string; userId: string; reason: string; expiresAt: Date },
  now: Date,
) {
  const [row] = await db
    .insert(breakGlassGrants)
    .values({ ...values, createdAt: now })
    .returning();
  return row!;
}

export function privacyOfficers(db: Db) {
  return db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.privacyOfficer, true), isNull(users.disabledAt), sql`${users.role} <> 'patient'`));
}
