import type { Role } from '../../../platform/auth/auth.tables.js';
import type { Db } from '../../../platform/db/database.js';
import { encodeCursor } from '../../../platform/http/api-helpers.js';
import { selectSpecialtiesForStaff, selectStaffRows, type StaffAccountStatus, type StaffRow } from '../staff.repository.js';
import { staffCursor, staffMemberFrom, type StaffMember } from './staff-directory.service.js';

/** A staff member with their account, for administrators only (the directory never shows this). */
export interface StaffAccount extends StaffMember {
  email: string;
  flags: { nurseLead: boolean; privacyOfficer: boolean; dispatcher: boolean };
  status: StaffAccountStatus;
  mfaEnrolled: boolean;
  version: number;
  createdAt: Date;
}

function accountFrom(row: StaffRow, specialties: Map<string, { id: string; name: string }[]>): StaffAccount {
  return {
    ...staffMemberFrom(row, specialties),
    email: row.email,
    flags: { nurseLead: row.nurseLead, privacyOfficer: row.privacyOfficer, dispatcher: row.dispatcher },
    status: row.disabledAt ? 'disabled' : row.invited ? 'invited' : 'active',
    mfaEnrolled: row.mfaEnrolled,
    version: row.version,
    createdAt: row.createdAt,
  };
}

export interface StaffAccountFilters {
  query?: string;
  role?: Role;
  status?: StaffAccountStatus;
  limit: number;
  cursor?: string;
}

export async function listStaffAccounts(
  db: Db,
  filters: StaffAccountFilters,
): Promise<{ items: StaffAccount[]; nextCursor: string | null }> {
  const rows = await selectStaffRows(db, {
    includeDisabled: true,
    query: filters.query,
    role: filters.role,
    status: filters.status,
    after: staffCursor(filters.cursor),
    limit: filters.limit + 1,
  });
  const page = rows.slice(0, filters.limit);
  const specialties = await selectSpecialtiesForStaff(
    db,
    page.map((r) => r.id),
  );
  const last = page.at(-1);
  return {
    items: page.map((row) => accountFrom(row, specialties)),
    nextCursor: rows.length > filters.limit && last ? encodeCursor([last.familyName, last.givenName, last.id]) : null,
  };
}

export async function findStaffAccount(db: Db, staffId: string): Promise<StaffAccount | undefined> {
  const rows = await selectStaffRows(db, { ids: [staffId], includeDisabled: true });
  if (!rows[0]) return undefined;
  return accountFrom(rows[0], await selectSpecialtiesForStaff(db, [staffId]));
}
