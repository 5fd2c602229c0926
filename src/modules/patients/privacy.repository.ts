import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.tables.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import type { Db } from '../../platform/db/database.js';
import { staffProfiles } from '../staff/index.js';
import { breakGlassGrants, privacyReviewTasks } from './patients.tables.js';

/** SQL for the privacy officer's review queue and the patient's access log. */

export function listReviewTasks(
  db: Db,
  filter: { status: 'open' | 'closed' | 'all'; limit: number; after?: { createdAt: Date; id: string } },
) {
  return db
    .select({
      task: privacyReviewTasks,
      grant: breakGlassGrants,
      staffGivenName: staffProfiles.givenName,
      staffFamilyName: staffProfiles.familyName,
      grantRole: users.role,
    })
    .from(privacyReviewTasks)
    .leftJoin(breakGlassGrants, eq(breakGlassGrants.id, privacyReviewTasks.breakGlassGrantId))
    .leftJoin(users, eq(users.id, breakGlassGrants.userId))
    .leftJoin(staffProfiles, eq(staffProfiles.userId, breakGlassGrants.userId))
    .where(
      and(
        filter.status === 'all' ? undefined : eq(privacyReviewTasks.status, filter.status),
        filter.after
          ? or(
              lt(privacyReviewTasks.createdAt, filter.after.createdAt),
              and(eq(privacyReviewTasks.createdAt, filter.after.createdAt), lt(privacyReviewTasks.id, filter.after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(privacyReviewTasks.createdAt), desc(privacyReviewTasks.id))
    .limit(filter.limit + 1);
}

export async function findReviewTask(db: Db, id: string) {
  const [row] = await db.select().from(privacyReviewTasks).where(eq(privacyReviewTasks.id, id)).limit(1);
  return row;
}

export async function closeReviewTaskRow(db: Db, id: string, reviewedBy: string, note: string, now: Date) {
  const [row] = await db
    .update(privacyReviewTasks)
    .set({ status: 'closed', reviewedBy, reviewNote: note, closedAt: now })
    .where(and(eq(privacyReviewTasks.id, id), eq(privacyReviewTasks.status, 'open')))
    .returning();
  return row;
}

/** Audit rows about one patient, newest first (keyset on the audit id). */
export function listAccessEvents(db: Db, patientId: string, page: { limit: number; beforeId?: number }) {
  return db
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      actorUserId: auditEvents.actorUserId,
      actorRole: auditEvents.actorRole,
      action: auditEvents.action,
      outcome: auditEvents.outcome,
      tier: sql<string | null>`${auditEvents.detail} ->> 'tier'`,
      sections: sql<unknown>`${auditEvents.detail} -> 'sections'`,
      givenName: staffProfiles.givenName,
      familyName: staffProfiles.familyName,
    })
    .from(auditEvents)
    .leftJoin(staffProfiles, eq(staffProfiles.userId, auditEvents.actorUserId))
    .where(and(eq(auditEvents.patientId, patientId), page.beforeId !== undefined ? lt(auditEvents.id, page.beforeId) : undefined))
    .orderBy(desc(auditEvents.id))
    .limit(page.limit + 1);
}
