import type { ServiceContext } from '../../../platform/auth/actor.js';
import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, conflict, notFound } from '../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../platform/http/api-helpers.js';
import type { ReviewTask } from '../access.schemas.js';
import { privacyReviewTasks } from '../patients.tables.js';
import { closeReviewTaskRow, findReviewTask, listReviewTasks } from '../privacy.repository.js';

/**
 * Opens a task for the privacy officers: every break-the-glass access and every second-factor
 * reset is reviewed by a person.
 */
export async function openPrivacyReviewTask(
  db: Db,
  input: { kind: 'break_glass' | 'mfa_reset'; patientId?: string | null; subjectUserId?: string | null; breakGlassGrantId?: string | null },
  now: Date,
): Promise<{ id: string }> {
  const [row] = await db
    .insert(privacyReviewTasks)
    .values({
      kind: input.kind,
      patientId: input.patientId ?? null,
      subjectUserId: input.subjectUserId ?? null,
      breakGlassGrantId: input.breakGlassGrantId ?? null,
      createdAt: now,
    })
    .returning({ id: privacyReviewTasks.id });
  return row!;
}

/** The privacy officer's queue: the route needs `privacy.review`, the person the privacyOfficer flag. */
function requirePrivacyOfficer(ctx: ServiceContext) {
  if (!ctx.actor.flags.privacyOfficer) throw new AppError('forbidden', 'Only privacy officers review these tasks.');
}

export async function listPrivacyReviewTasks(
  db: Db,
  ctx: ServiceContext,
  params: { status: 'open' | 'closed' | 'all'; limit: number; cursor?: string },
): Promise<{ items: ReviewTask[]; nextCursor: string | null }> {
  requirePrivacyOfficer(ctx);
  const cursor = decodeCursor(params.cursor);
  const after =
    cursor && typeof cursor[0] === 'string' && typeof cursor[1] === 'string'
      ? { createdAt: new Date(cursor[0]), id: cursor[1] }
      : undefined;
  return db.transaction(async (tx) => {
    const rows = await listReviewTasks(tx, {
      status: params.status,
      limit: params.limit,
      ...(after && !Number.isNaN(after.createdAt.getTime()) ? { after } : {}),
    });
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'privacy_review.list',
        resourceType: 'privacy_review_task',
        category: 'security',
        detail: { count: Math.min(rows.length, params.limit) },
      },
      ctx.now,
    );
    const page = rows.slice(0, params.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ task, grant, staffGivenName, staffFamilyName, grantRole }) => ({
        id: task.id,
        kind: task.kind,
        status: task.status,
        patientId: task.patientId,
        subjectUserId: task.subjectUserId,
        breakGlass: grant
          ? {
              userId: grant.userId,
              staffName: staffGivenName ? `${staffGivenName} ${staffFamilyName}` : null,
              role: grantRole ?? '',
              reason: grant.reason,
              createdAt: grant.createdAt,
              expiresAt: grant.expiresAt,
            }
          : null,
        reviewNote: task.reviewNote,
        createdAt: task.createdAt,
        closedAt: task.closedAt,
      })),
      nextCursor: rows.length > params.limit && last ? encodeCursor([last.task.createdAt.toISOString(), last.task.id]) : null,
    };
  });
}

/** Closes a task with the officer's note; a closed task stays closed (409). */
export async function closePrivacyReviewTask(
  db: Db,
  ctx: ServiceContext,
  taskId: string,
  note: string,
): Promise<{ id: string; status: 'closed'; closedAt: Date }> {
  requirePrivacyOfficer(ctx);
  return db.transaction(async (tx) => {
    const existing = await findReviewTask(tx, taskId);
    if (!existing) throw notFound('The review task');
    const row = await closeReviewTaskRow(tx, taskId, ctx.actor.userId, note, ctx.now);
    if (!row) throw conflict('This review task is already closed.');
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'privacy_review.close',
        resourceType: 'privacy_review_task',
        resourceId: taskId,
        patientId: row.patientId,
        category: 'security',
        detail: { kind: row.kind },
      },
      ctx.now,
    );
    return { id: row.id, status: 'closed' as const, closedAt: row.closedAt! };
  });
}
