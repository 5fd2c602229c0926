import { and, eq, gte } from 'drizzle-orm';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import type { Db } from '../../../platform/db/database.js';
import { notFound } from '../../../platform/errors.js';
import type { FileService } from '../../../platform/files/index.js';
import { activeDocumentFiles } from '../../records/index.js';
import { findInstanceDocument } from '../imaging.repository.js';
import type { OrderDto } from '../imaging.schemas.js';
import { resolveOrderAccess } from './imaging-access.js';
import { readOrder } from './imaging-orders.service.js';

/** How long one opening of the viewer covers the fetches of its images (one audit row per view). */
export const VIEW_AUDIT_WINDOW_MS = 10 * 60_000;

/** Opening the viewer: one audit row (`imaging_study.view`) for the whole view. 404 without a study. */
export async function openStudyViewer(db: Db, ctx: ServiceContext, orderId: string): Promise<OrderDto> {
  const access = await resolveOrderAccess(db, ctx, orderId, 'imaging_study.view');
  return db.transaction(async (tx) => {
    const audited = await access.audit(tx, { action: 'imaging_study.view', resourceType: 'imaging_order', resourceId: orderId });
    const order = await readOrder(tx, audited, orderId);
    if (!order.study) throw notFound('The study');
    return order;
  });
}

/**
 * One instance's bytes for the viewer, decrypted and verified by the file service. Access to the
 * order is checked on every fetch (404 and a denied row otherwise). The fetch writes no row of its
 * own when this person's opening of the viewer for this order was audited in the last ten minutes
 * (the view's row covers its images); a fetch without such a view writes its own row.
 */
export async function readInstanceBytes(
  db: Db,
  files: FileService,
  ctx: ServiceContext,
  orderId: string,
  instanceId: string,
): Promise<Buffer> {
  const access = await resolveOrderAccess(db, ctx, orderId, 'imaging_study.view');
  return db.transaction(async (tx) => {
    const [view] = await tx
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.patientId, access.patientId),
          eq(auditEvents.actorUserId, ctx.actor.userId),
          eq(auditEvents.action, 'imaging_study.view'),
          eq(auditEvents.resourceId, orderId),
          eq(auditEvents.outcome, 'success'),
          gte(auditEvents.occurredAt, new Date(ctx.now.getTime() - VIEW_AUDIT_WINDOW_MS)),
        ),
      )
      .limit(1);
    if (!view)
      await access.audit(tx, { action: 'imaging_study.view', resourceType: 'imaging_order', resourceId: orderId, detail: { instanceId } });
    const documentId = await findInstanceDocument(tx, access.patientId, orderId, instanceId);
    if (!documentId) throw notFound('The image');
    const fileId = (await activeDocumentFiles(tx, access.patientId, [documentId])).get(documentId);
    if (!fileId) throw notFound('The image');
    return (await files.readStoredFile(tx, fileId)).bytes;
  });
}
