import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';

/** What needs an administrator: counts only (no patient data), and the last chain check. */
export interface AdminWorklist {
  deadMessages: number;
  openPrivacyReviews: number;
  pendingInvitations: number;
  /** The last `audit.verify` row (the verify button or `npm run audit:verify` through the console), if any. */
  lastChainCheck: { at: Date; ok: boolean } | null;
}

/**
 * The administrator's home in ONE statement: dead outbox messages, open privacy reviews, staff
 * invitations not yet accepted (no password, not disabled), and the latest chain verification.
 */
export async function loadAdminWorklist(db: Db): Promise<AdminWorklist> {
  const result = await db.execute(sql`
    select
      (select count(*) from outbox where status = 'dead')::int as "dead",
      (select count(*) from privacy_review_tasks where status = 'open')::int as "reviews",
      (select count(*) from staff_profiles s join users u on u.id = s.user_id
        where u.password_hash is null and u.disabled_at is null)::int as "invited",
      (select a.occurred_at::text from audit_events a where a.action = 'audit.verify' order by a.id desc limit 1) as "checkedAt",
      (select a.outcome from audit_events a where a.action = 'audit.verify' order by a.id desc limit 1) as "outcome"`);
  const row = (result as { rows: { dead: number; reviews: number; invited: number; checkedAt: string | null; outcome: string | null }[] })
    .rows[0];
  return {
    deadMessages: Number(row?.dead ?? 0),
    openPrivacyReviews: Number(row?.reviews ?? 0),
    pendingInvitations: Number(row?.invited ?? 0),
    lastChainCheck: row?.checkedAt ? { at: new Date(row.checkedAt), ok: row.outcome === 'success' } : null,
  };
}
