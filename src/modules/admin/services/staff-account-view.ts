import type { Db } from '../../../platform/db/database.js';
import { notFound } from '../../../platform/errors.js';
import { findStaffAccount, type StaffAccount } from '../../staff/index.js';
import type { StaffAccountDto } from '../admin.schemas.js';

export function toStaffAccountDto(account: StaffAccount): StaffAccountDto {
  const { active: _active, ...rest } = account;
  return { ...rest, createdAt: account.createdAt.toISOString() };
}

/** The account behind a staff id, or 404. */
export async function requireStaffAccount(db: Db, staffId: string): Promise<StaffAccount> {
  const account = await findStaffAccount(db, staffId);
  if (!account) throw notFound('The staff member');
  return account;
}
