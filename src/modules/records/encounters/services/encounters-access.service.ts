import type { ServiceContext } from '../../../../platform/auth/actor.js';
import { auditActorOf, writeAudit } from '../../../../platform/audit/audit.service.js';
import type { Db } from '../../../../platform/db/database.js';
import { AppError, notFound } from '../../../../platform/errors.js';
import { resolvePatientAccess, type PatientAccess } from '../../../patients/index.js';

/**
 * Access to the clinical record written in encounters and notes. Everything here needs a clinical
 * tier (self, care team, break-the-glass); notes additionally need a clinician (patients see only
 * what is shared with them: summaries). Every refusal is a 404 with a denied audit row written
 * with the root handle.
 */
export async function resolveRecordAccess(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  action: string,
  options: { staffOnly?: boolean } = {},
): Promise<PatientAccess> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action });
  if (options.staffOnly && access.tier === 'self') {
    await denyUnknown(db, ctx, action, 'patient', patientId, patientId, 'tier');
  }
  return access;
}

/** Resolves the patient of a child record (encounter, note) first; unknown ids are denied like any other. */
export async function resolveChildAccess(
  db: Db,
  ctx: ServiceContext,
  child: { resourceType: 'encounter' | 'note'; id: string; patientId: string | undefined },
  action: string,
  options: { staffOnly?: boolean } = {},
): Promise<PatientAccess> {
  if (!child.patientId) return denyUnknown(db, ctx, action, child.resourceType, child.id, null, 'unknown_resource');
  try {
    return await resolveRecordAccess(db, ctx, child.patientId, action, options);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found')
      throw notFound(child.resourceType === 'note' ? 'The note' : 'The encounter');
    throw error;
  }
}

async function denyUnknown(
  db: Db,
  ctx: ServiceContext,
  action: string,
  resourceType: string,
  resourceId: string,
  patientId: string | null,
  reason: string,
): Promise<never> {
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    { action, resourceType, resourceId, patientId, category: 'clinical', outcome: 'denied', severity: 'medium', detail: { reason } },
    ctx.now,
  );
  throw notFound(resourceType === 'note' ? 'The note' : resourceType === 'encounter' ? 'The encounter' : 'The patient');
}

/** Only clinicians write the record; the route guard already keeps others out, this keeps services honest. */
export function requireStaffId(ctx: ServiceContext): string {
  if (!ctx.actor.staffId) throw new AppError('forbidden', 'Only clinicians write the clinical record.');
  return ctx.actor.staffId;
}
