import type { Db } from '../../../platform/db/database.js';
import { selectAdminWorklistCounts } from '../admin.repository.js';

/** What needs an administrator: counts only (no patient data), and the last chain check. */
export interface AdminWorklist {
  deadMessages: number;
  openPrivacyReviews: number;
  pendingInvitations: number;
  /** The last `audit.verify` row (an administrator's verify button), if any. */
  lastChainCheck: { at: Date; ok: boolean } | null;
}

/**
 * The administrator's home in ONE statement: dead outbox messages, open privacy reviews, staff
 * invitations not yet accepted (no password, not disabled), and the latest chain verification.
 */
export async function loadAdminWorklist(db: Db): Promise<AdminWorklist> {
  const row = await selectAdminWorklistCounts(db);
  return {
    deadMessages: Number(row?.dead ?? 0),
    openPrivacyReviews: Number(row?.reviews ?? 0),
    pendingInvitations: Number(row?.invited ?? 0),
    lastChainCheck: row?.checkedAt ? { at: new Date(row.checkedAt), ok: row.outcome === 'success' } : null,
  };
}
