import type { Db } from '../../../platform/db/database.js';
import { notFound } from '../../../platform/errors.js';
import {
  countSpecialties,
  departmentExists,
  insertStaffProfile,
  replaceStaffSpecialties,
  updateStaffProfileRow,
  type StaffProfileChanges,
} from '../staff.repository.js';

export interface NewStaffProfile {
  userId: string;
  givenName: string;
  familyName: string;
  title?: string | null;
  departmentId?: string | null;
  specialtyIds?: string[];
  languages?: string[];
  now: Date;
}

/** Every referenced department and specialty must exist (404 names nothing else). */
async function assertReferencesExist(db: Db, departmentId: string | null | undefined, specialtyIds: string[] | undefined): Promise<void> {
  if (departmentId && !(await departmentExists(db, departmentId))) throw notFound('The department');
  if (specialtyIds && specialtyIds.length && (await countSpecialties(db, specialtyIds)) !== new Set(specialtyIds).size) {
    throw notFound('A specialty');
  }
}

/**
 * Creates the staff side of an account (profile and specialties). Call it inside the caller's
 * transaction with `tx`, so the account and the profile commit together.
 */
export async function createStaffProfile(tx: Db, input: NewStaffProfile): Promise<{ id: string }> {
  const specialtyIds = [...new Set(input.specialtyIds ?? [])];
  await assertReferencesExist(tx, input.departmentId, specialtyIds);
  const profile = await insertStaffProfile(
    tx,
    {
      userId: input.userId,
      givenName: input.givenName,
      familyName: input.familyName,
      title: input.title ?? null,
      departmentId: input.departmentId ?? null,
      languages: [...new Set(input.languages ?? [])],
    },
    input.now,
  );
  await replaceStaffSpecialties(tx, profile.id, specialtyIds);
  return profile;
}

export interface StaffProfileUpdate extends StaffProfileChanges {
  specialtyIds?: string[];
}

/** Changes a profile (always bumping its version); returns the new version, or 404. */
export async function updateStaffProfile(tx: Db, staffId: string, update: StaffProfileUpdate, now: Date): Promise<number> {
  const { specialtyIds, ...changes } = update;
  const unique = specialtyIds ? [...new Set(specialtyIds)] : undefined;
  await assertReferencesExist(tx, changes.departmentId, unique);
  if (changes.languages) changes.languages = [...new Set(changes.languages)];
  const version = await updateStaffProfileRow(tx, staffId, changes, now);
  if (version === undefined) throw notFound('The staff member');
  if (unique) await replaceStaffSpecialties(tx, staffId, unique);
  return version;
}
