import { Placeholder } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { notFound, validationFailed } from '../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../platform/http/api-helpers.js';
import { deferRead, type DeferredRead } from '../../../platform/db/read-together.js';
import { readReference } from '../../../platform/db/reference-cache.js';
import {
  selectClinicianStanding,
  selectDepartments,
  selectSpecialties,
  selectSpecialtiesForStaff,
  selectStaffNames,
  selectStaffRows,
  type StaffRow,
} from '../staff.repository.js';
import type { Department, Specialty, StaffDirectoryEntry, StaffDirectoryQuery } from '../staff.schemas.js';

/** A staff member as other modules see them: the public entry plus the account it belongs to. */
export interface StaffMember extends StaffDirectoryEntry {
  userId: string;
  /** False once the account is disabled: keep history, but do not offer them for new work. */
  active: boolean;
}

/**
 * The photo's address; the file id's first characters make a new photo a new URL, so browsers
 * that cached the old one (private, five minutes) fetch the new one at once.
 */
export function staffPhotoUrl(staffId: string, photoFileId: string | null): string | null {
  return photoFileId ? `/api/v1/staff/${staffId}/photo?v=${photoFileId.slice(0, 8)}` : null;
}

type SpecialtyRefs = Map<string, { id: string; name: string }[]>;

export function staffMemberFrom(row: StaffRow, specialties: SpecialtyRefs): StaffMember {
  return {
    id: row.id,
    userId: row.userId,
    name: `${row.givenName} ${row.familyName}`,
    givenName: row.givenName,
    familyName: row.familyName,
    title: row.title,
    role: row.role,
    department: row.departmentId && row.departmentName ? { id: row.departmentId, name: row.departmentName } : null,
    specialties: specialties.get(row.id) ?? [],
    languages: row.languages,
    photoUrl: staffPhotoUrl(row.id, row.photoFileId),
    active: row.disabledAt === null,
  };
}

/** Reads a keyset cursor of [familyName, givenName, id]; anything else is a 400. */
export function staffCursor(cursor: string | undefined): [string, string, string] | undefined {
  const values = decodeCursor(cursor);
  if (!values) return undefined;
  if (values.length !== 3 || !values.every((v) => typeof v === 'string')) {
    throw validationFailed([{ path: 'cursor', message: 'Invalid cursor' }], 'The cursor is not valid.');
  }
  return values as [string, string, string];
}

/** The public staff directory, filtered and paginated by name. Disabled accounts are not listed. */
export async function listStaffDirectory(db: Db, query: StaffDirectoryQuery): Promise<{ items: StaffMember[]; nextCursor: string | null }> {
  const rows = await selectStaffRows(db, {
    includeDisabled: false,
    departmentId: query.department,
    specialtyId: query.specialty,
    language: query.language,
    role: query.role,
    query: query.query,
    after: staffCursor(query.cursor),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const specialties = await selectSpecialtiesForStaff(
    db,
    page.map((r) => r.id),
  );
  const last = page.at(-1);
  return {
    items: page.map((row) => staffMemberFrom(row, specialties)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.familyName, last.givenName, last.id]) : null,
  };
}

/** One directory entry; a disabled or unknown staff member is 404. */
export async function getDirectoryEntry(db: Db, staffId: string): Promise<StaffMember> {
  const member = await findStaffById(db, staffId);
  if (!member || !member.active) throw notFound('The staff member');
  return member;
}

/**
 * A staff member by id, disabled ones included (`active` says which), or undefined. For other
 * modules (care teams, scheduling) that must resolve a staffId before writing.
 */
export async function findStaffById(db: Db, staffId: string): Promise<StaffMember | undefined> {
  const [member] = await listStaffByIds(db, [staffId]);
  return member;
}

/** What a staff member's entry is read from: a change to any of these drops the cached entries. */
const STAFF_TABLES = ['staff_profiles', 'staff_specialties', 'specialties', 'departments', 'users'] as const;

/**
 * Many staff members by id in two queries, in name order; unknown ids are skipped. Nearly every
 * staff page resolves the signed-in clinician this way, so the answer is kept in the reference
 * cache (platform/db/reference-cache.ts) until one of STAFF_TABLES changes.
 */
export async function listStaffByIds(db: Db, staffIds: string[]): Promise<StaffMember[]> {
  const ids = [...new Set(staffIds)].sort();
  if (ids.length === 0) return [];
  return readReference(db, `staff:${ids.join(',')}`, STAFF_TABLES, async () => {
    const rows = await selectStaffRows(db, { ids, includeDisabled: true });
    const specialties = await selectSpecialtiesForStaff(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((row) => staffMemberFrom(row, specialties));
  });
}

/**
 * A staff member's standing for a booking as a query not run yet: their role, whether active, and
 * their specialties' ids (which decide the visit types they offer); undefined when unknown. In a
 * statement built once the id may be a placeholder.
 */
export function clinicianStandingRead(
  db: Db,
  staffId: string | Placeholder,
): DeferredRead<{ role: string; active: boolean; specialtyIds: string[] } | undefined> {
  return deferRead(selectClinicianStanding(db, staffId), ([row]) =>
    row ? { role: row.role, active: row.disabledAt === null, specialtyIds: row.specialtyIds } : undefined,
  );
}

/**
 * Staff members' display names by id, as a query not run yet (a page reads it with its other
 * parts). In a statement built once the ids are a placeholder, filled by `idListValue`.
 */
export function staffNamesRead(db: Db, staffIds: readonly string[] | Placeholder): DeferredRead<Map<string, string>> {
  return deferRead(
    selectStaffNames(db, staffIds instanceof Placeholder ? staffIds : [...new Set(staffIds)]),
    (rows) => new Map(rows.map((r) => [r.id, `${r.givenName} ${r.familyName}`])),
  );
}

export function listDepartments(db: Db): Promise<Department[]> {
  return readReference(db, 'departments', ['departments'], () => selectDepartments(db));
}

export function listSpecialties(db: Db, departmentId?: string): Promise<Specialty[]> {
  return readReference(db, `specialties:${departmentId ?? '*'}`, ['specialties'], () => selectSpecialties(db, departmentId));
}
