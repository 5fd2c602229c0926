import type { ServiceContext } from '../../../platform/auth/actor.js';
import {
  auditActorOf,
  auditPatientAccess,
  writeAudit,
  type AuditedAccess,
  type AuditEntry,
} from '../../../platform/audit/audit.service.js';
import { roleHasPermission } from '../../../platform/authz/permissions.js';
import type { Db } from '../../../platform/db/database.js';
import { notFound } from '../../../platform/errors.js';
import { auditAccess, resolvePatientAccess } from '../../patients/index.js';
import { findOrderStage } from '../imaging.repository.js';
import type { ImagingOrderStatus } from '../imaging.vocabulary.js';

/**
 * Who may see an imaging order, in one place. Radiologists are not on patients' care teams: their
 * relationship to a patient is the order that reached radiology, so they may read and work on any
 * order (hospital-wide), audited with `basis: radiology`, and nothing else of the record beyond the
 * banner. Everyone else (the ordering doctor, the ward) goes through the clinical tier.
 */
export interface OrderAccess {
  orderId: string;
  patientId: string;
  status: ImagingOrderStatus;
  basis: 'radiology' | 'clinical';
  audit(tx: Db, entry: Omit<AuditEntry, 'patientId'>): Promise<AuditedAccess>;
}

export const isRadiology = (ctx: ServiceContext) => roleHasPermission(ctx.actor.role, 'imaging.perform');

export async function resolveOrderAccess(db: Db, ctx: ServiceContext, orderId: string, action: string): Promise<OrderAccess> {
  const found = await findOrderStage(db, orderId);
  if (found && isRadiology(ctx)) {
    const patientId = found.patientId;
    return {
      orderId,
      patientId,
      status: found.status,
      basis: 'radiology',
      audit: (tx, entry) =>
        auditPatientAccess(
          tx,
          auditActorOf(ctx.actor),
          ctx.origin,
          { category: 'clinical', ...entry, patientId, detail: { basis: 'radiology', ...(entry.detail ?? {}) } },
          ctx.now,
        ),
    };
  }
  if (!found) {
    await writeAudit(
      db,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action,
        resourceType: 'imaging_order',
        resourceId: orderId,
        category: 'clinical',
        outcome: 'denied',
        severity: 'medium',
        detail: { reason: 'unknown_order' },
      },
      ctx.now,
    );
    throw notFound('The imaging order');
  }
  const access = await resolvePatientAccess(db, ctx, found.patientId, { need: 'clinical', action });
  return {
    orderId,
    patientId: found.patientId,
    status: found.status,
    basis: 'clinical',
    audit: (tx, entry) => auditAccess(tx, ctx, access, { category: 'clinical', ...entry }),
  };
}
