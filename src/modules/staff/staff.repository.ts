import { and, asc, eq, inArray, isNotNull, isNull, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { users, type Role } from '../../platform/auth/auth.tables.js';
import type { Db } from '../../platform/db/database.js';
import { departments, specialties, staffProfiles, staffSpecialties } from './staff.tables.js';
import { isAnyId } from '../../platform/db/id-lists.js';

export type StaffAccountStatus = 'invited' | 'active' | 'disabled';

/** Which staff rows to read. Directory callers leave `includeDisabled` false. */
export interface StaffRowFilters {
  ids?: string[];
  departmentId?: string;
  specialtyId?: string;
  /** Lower-case primary tag or full tag; `pt` also matches `pt-BR`. */
  language?: string;
  role?: Role;
  query?: string;
  status?: StaffAccountStatus;
  includeDisabled: boolean;
  /** Keyset position: the last row's family name, given name and id. */
  after?: [string, string, string];
  limit?: number;
}

export interface StaffRow {
  id: string;
  userId: string;
  givenName: string;
  familyName: string;
  title: string | null;
  departmentId: string | null;
  departmentName: string | null;
  languages: string[];
  photoFileId: string | null;
  version: number;
  createdAt: Date;
  role: Role;
  email: string;
  nurseLead: boolean;
  privacyOfficer: boolean;
  dispatcher: boolean;
  invited: boolean;
  disabledAt: Date | null;
  mfaEnrolled: boolean;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

function statusCondition(status: StaffAccountStatus): SQL {
  if (status === 'disabled') return isNotNull(users.disabledAt);
  const base = isNull(users.disabledAt);
  return and(base, status === 'invited' ? isNull(users.passwordHash) : isNotNull(users.passwordHash))!;
}

/** Staff profiles with their account, ordered by family name, given name, id (keyset). */
export async function selectStaffRows(db: Db, filters: StaffRowFilters): Promise<StaffRow[]> {
  const conditions: (SQL | undefined)[] = [];
  if (!filters.includeDisabled) conditions.push(isNull(users.disabledAt));
  if (filters.ids) conditions.push(isAnyId(staffProfiles.id, filters.ids));
  if (filters.departmentId) conditions.push(eq(staffProfiles.departmentId, filters.departmentId));
  if (filters.specialtyId) {
    conditions.push(
      sql`exists (select 1 from ${staffSpecialties} where ${staffSpecialties.staffId} = ${staffProfiles.id} and ${staffSpecialties.specialtyId} = ${filters.specialtyId})`,
    );
  }
  if (filters.language) {
    const tag = filters.language.toLowerCase();
    conditions.push(
      sql`exists (select 1 from jsonb_array_elements_text(${staffProfiles.languages}) as l(tag) where lower(l.tag) = ${tag} or lower(l.tag) like ${`${escapeLike(tag)}-%`})`,
    );
  }
  if (filters.role) conditions.push(eq(users.role, filters.role));
  if (filters.query) {
    const pattern = `%${escapeLike(filters.query.toLowerCase())}%`;
    conditions.push(sql`lower(${staffProfiles.givenName} || ' ' || ${staffProfiles.familyName}) like ${pattern}`);
  }
  if (filters.status) conditions.push(statusCondition(filters.status));
  if (filters.after) {
    const [family, given, id] = filters.after;
    conditions.push(
      sql`(${staffProfiles.familyName}, ${staffProfiles.givenName}, ${staffProfiles.id}) > (${family}, ${given}, ${id}::uuid)`,
    );
  }
  const query = db
    .select({
      id: staffProfiles.id,
      userId: staffProfiles.userId,
      givenName: staffProfiles.givenName,
      familyName: staffProfiles.familyName,
      title: staffProfiles.title,
      departmentId: staffProfiles.departmentId,
      departmentName: departments.name,
      languages: staffProfiles.languages,
      photoFileId: staffProfiles.photoFileId,
      version: staffProfiles.version,
      createdAt: staffProfiles.createdAt,
      role: users.role,
      email: users.email,
      nurseLead: users.nurseLead,
      privacyOfficer: users.privacyOfficer,
      dispatcher: users.dispatcher,
      invited: sql<boolean>`(${users.passwordHash} is null)`,
      disabledAt: users.disabledAt,
      mfaEnrolled: sql<boolean>`(${users.totpSecretSealed} is not null or exists (select 1 from passkeys p where p.user_id = ${users.id}))`,
    })
    .from(staffProfiles)
    .innerJoin(users, eq(users.id, staffProfiles.userId))
    .leftJoin(departments, eq(departments.id, staffProfiles.departmentId))
    .where(and(...conditions))
    .orderBy(asc(staffProfiles.familyName), asc(staffProfiles.givenName), asc(staffProfiles.id));
  return filters.limit ? query.limit(filters.limit) : query;
}

/** The specialties of many staff members in one query (no N+1 on a directory page). */
export async function selectSpecialtiesForStaff(db: Db, staffIds: string[]): Promise<Map<string, { id: string; name: string }[]>> {
  const result = new Map<string, { id: string; name: string }[]>();
  if (staffIds.length === 0) return result;
  const rows = await db
    .select({ staffId: staffSpecialties.staffId, id: specialties.id, name: specialties.name })
    .from(staffSpecialties)
    .innerJoin(specialties, eq(specialties.id, staffSpecialties.specialtyId))
    .where(inArray(staffSpecialties.staffId, staffIds))
    .orderBy(asc(specialties.name));
  for (const row of rows) {
    const list = result.get(row.staffId) ?? [];
    list.push({ id: row.id, name: row.name });
    result.set(row.staffId, list);
  }
  return result;
}

export async function selectDepartments(db: Db) {
  return db.select({ id: departments.id, code: departments.code, name: departments.name }).from(departments).orderBy(asc(departments.name));
}

export async function selectSpecialties(db: Db, departmentId?: string) {
  return db
    .select({ id: specialties.id, code: specialties.code, name: specialties.name, departmentId: specialties.departmentId })
    .from(specialties)
    .where(departmentId ? eq(specialties.departmentId, departmentId) : undefined)
    .orderBy(asc(specialties.name));
}

export async function departmentExists(db: Db, departmentId: string): Promise<boolean> {
  const rows = await db.select({ id: departments.id }).from(departments).where(eq(departments.id, departmentId)).limit(1);
  return rows.length === 1;
}

export async function countSpecialties(db: Db, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db.select({ id: specialties.id }).from(specialties).where(inArray(specialties.id, ids));
  return rows.length;
}

export async function insertStaffProfile(
  db: Db,
  values: { userId: string; givenName: string; familyName: string; title: string | null; departmentId: string | null; languages: string[] },
  now: Date,
): Promise<{ id: string }> {
  const [row] = await db
    .insert(staffProfiles)
    .values({ ...values, createdAt: now, updatedAt: now })
    .returning({ id: staffProfiles.id });
  return row!;
}

export type StaffProfileChanges = Partial<{
  givenName: string;
  familyName: string;
  title: string | null;
  departmentId: string | null;
  languages: string[];
}>;

/** Applies changes and bumps the version; returns the new version, or undefined when not found. */
export async function updateStaffProfileRow(db: Db, staffId: string, changes: StaffProfileChanges, now: Date): Promise<number | undefined> {
  const [row] = await db
    .update(staffProfiles)
    .set({ ...changes, updatedAt: now, version: sql`${staffProfiles.version} + 1` })
    .where(eq(staffProfiles.id, staffId))
    .returning({ version: staffProfiles.version });
  return row?.version;
}

export async function replaceStaffSpecialties(db: Db, staffId: string, specialtyIds: string[]): Promise<void> {
  await db.delete(staffSpecialties).where(eq(staffSpecialties.staffId, staffId));
  if (specialtyIds.length) await db.insert(staffSpecialties).values(specialtyIds.map((specialtyId) => ({ staffId, specialtyId })));
}

/** The photo of a staff member and whether their account is active; undefined when unknown. */
export async function selectStaffPhoto(
  db: Db,
  staffId: string,
): Promise<{ photoFileId: string | null; userId: string; active: boolean } | undefined> {
  const [row] = await db
    .select({ photoFileId: staffProfiles.photoFileId, userId: staffProfiles.userId, active: sql<boolean>`(${users.disabledAt} is null)` })
    .from(staffProfiles)
    .innerJoin(users, eq(users.id, staffProfiles.userId))
    .where(eq(staffProfiles.id, staffId));
  return row;
}

/**
 * Points the profile at a new photo (or none) and returns the previous one. The row is locked
 * first so two uploads at once cannot both see the same previous photo. The version is not
 * bumped: a photo is not one of the fields the versioned edit forms send.
 */
export async function setStaffPhotoRow(
  tx: Db,
  staffId: string,
  fileId: string | null,
  now: Date,
): Promise<{ previous: string | null } | undefined> {
  const [current] = await tx
    .select({ photoFileId: staffProfiles.photoFileId })
    .from(staffProfiles)
    .where(eq(staffProfiles.id, staffId))
    .for('update');
  if (!current) return undefined;
  await tx.update(staffProfiles).set({ photoFileId: fileId, updatedAt: now }).where(eq(staffProfiles.id, staffId));
  return { previous: current.photoFileId };
}

/** Names of these staff members (disabled ones included: names on past records stay readable). */
export function selectStaffNames(db: Db, ids: readonly string[] | Placeholder) {
  return db
    .select({ id: staffProfiles.id, givenName: staffProfiles.givenName, familyName: staffProfiles.familyName })
    .from(staffProfiles)
    .where(isAnyId(staffProfiles.id, ids));
}

/** One staff member's role, whether disabled, and specialty ids, in one query (a booking's clinician). */
export function selectClinicianStanding(db: Db, staffId: string | Placeholder) {
  return db
    .select({
      id: staffProfiles.id,
      role: users.role,
      disabledAt: users.disabledAt,
      specialtyIds: sql<
        string[]
      >`array(select ${staffSpecialties.specialtyId}::text from ${staffSpecialties} where ${staffSpecialties.staffId} = ${staffProfiles.id})`,
    })
    .from(staffProfiles)
    .innerJoin(users, eq(users.id, staffProfiles.userId))
    .where(eq(staffProfiles.id, staffId))
    .limit(1);
}
