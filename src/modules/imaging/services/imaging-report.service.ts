import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, conflict, notFound } from '../../../platform/errors.js';
import { findReport, insertAddendum, insertReport, markReported, updateDraftReport } from '../imaging.repository.js';
import type { OrderDto } from '../imaging.schemas.js';
import { resolveOrderAccess } from './imaging-access.js';
import { readOrder } from './imaging-orders.service.js';

const SIGNED = () => new AppError('record_signed', 'The report is signed and can no longer change: add an addendum instead.');

async function radiologyAccess(db: Db, ctx: ServiceContext, orderId: string, action: string) {
  const access = await resolveOrderAccess(db, ctx, orderId, action);
  if (access.basis !== 'radiology') throw notFound('The imaging order');
  return access;
}

/**
 * Writes the draft report of a performed study: creates it, or changes the draft at the version the
 * caller read (`If-Match`, required once a draft exists: 428 without, 412 when stale). A signed
 * report answers 409 record_signed.
 */
export async function saveReportDraft(
  db: Db,
  ctx: ServiceContext,
  orderId: string,
  input: { findings: string; impression: string },
  version: number | undefined,
): Promise<OrderDto> {
  const access = await radiologyAccess(db, ctx, orderId, 'imaging_report.write');
  return db.transaction(async (tx) => {
    const audited = await access.audit(tx, { action: 'imaging_report.write', resourceType: 'imaging_report', resourceId: orderId });
    const order = await readOrder(tx, audited, orderId);
    if (order.status !== 'performed' && order.status !== 'reported') {
      throw conflict('A report is written once the study is performed (images uploaded).', 'conflict', { status: order.status });
    }
    const existing = await findReport(tx, orderId);
    if (!existing) {
      const created = await insertReport(tx, {
        orderId,
        ...input,
        status: 'draft',
        authorId: ctx.actor.userId,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      });
      if (!created) throw conflict('Someone else started this report at the same time. Reload and try again.');
    } else {
      if (existing.status === 'signed') throw SIGNED();
      if (version === undefined)
        throw new AppError('precondition_required', 'Send If-Match with the version of the draft you are changing.');
      const updated = await updateDraftReport(tx, existing.id, version, input, ctx.now);
      if (!updated) {
        const now = await findReport(tx, orderId);
        if (now?.status === 'signed') throw SIGNED();
        throw new AppError('version_mismatch', 'Someone else changed this report since you loaded it. Reload and try again.', {
          currentVersion: now?.version,
        });
      }
    }
    return readOrder(tx, audited, orderId);
  });
}

/** Signs the draft (at the version read): it becomes immutable, and the order becomes reported. */
export async function signReport(db: Db, ctx: ServiceContext, orderId: string, version: number | undefined): Promise<OrderDto> {
  const access = await radiologyAccess(db, ctx, orderId, 'imaging_report.sign');
  return db.transaction(async (tx) => {
    const audited = await access.audit(tx, { action: 'imaging_report.sign', resourceType: 'imaging_report', resourceId: orderId });
    const existing = await findReport(tx, orderId);
    if (!existing) throw conflict('There is no draft report to sign yet.');
    if (existing.status === 'signed') throw SIGNED();
    if (version === undefined) throw new AppError('precondition_required', 'Send If-Match with the version of the draft you are signing.');
    const signed = await updateDraftReport(
      tx,
      existing.id,
      version,
      { status: 'signed', signedAt: ctx.now, signedBy: ctx.actor.userId },
      ctx.now,
    );
    if (!signed) {
      const now = await findReport(tx, orderId);
      if (now?.status === 'signed') throw SIGNED();
      throw new AppError('version_mismatch', 'Someone else changed this report since you loaded it. Reload and try again.', {
        currentVersion: now?.version,
      });
    }
    if (!(await markReported(tx, orderId, ctx.now))) throw conflict('The order is no longer performed (cancelled or already reported).');
    return readOrder(tx, audited, orderId);
  });
}

/** An addendum to a signed report: the signed text never changes. */
export async function addReportAddendum(db: Db, ctx: ServiceContext, orderId: string, text: string): Promise<OrderDto> {
  const access = await radiologyAccess(db, ctx, orderId, 'imaging_report.addendum');
  return db.transaction(async (tx) => {
    const audited = await access.audit(tx, { action: 'imaging_report.addendum', resourceType: 'imaging_report', resourceId: orderId });
    const existing = await findReport(tx, orderId);
    if (!existing || existing.status !== 'signed') throw conflict('An addendum is added to a signed report; edit the draft instead.');
    await insertAddendum(tx, { reportId: existing.id, text, authorId: ctx.actor.userId, createdAt: ctx.now });
    return readOrder(tx, audited, orderId);
  });
}
