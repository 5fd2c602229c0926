import type { ServiceContext } from '../../../../platform/auth/actor.js';
import { auditActorOf, writeAudit } from '../../../../platform/audit/audit.service.js';
import type { Db } from '../../../../platform/db/database.js';
import { AppError, notFound } from '../../../../platform/errors.js';
import { readOwnedAccessFacts, resolvePatientAccess, settlePatientAccess, type PatientAccess } from '../../../patients/index.js';
import { encounterOwner } from '../encounters.repository.js';
import { noteOwner } from '../../notes/notes.repository.js';

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
  return refuseSelfWhenStaffOnly(db, ctx, await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action }), action, options);
}

/**
 * The access to the patient of a child record (encounter, note): the record's patient and the
 * access facts in ONE statement (`readOwnedAccessFacts`: they were two round trips, issue 11).
 * An unknown id is denied like any other, naming the record.
 */
export async function resolveChildAccess(
  db: Db,
  ctx: ServiceContext,
  child: { resourceType: 'encounter' | 'note'; id: string },
  action: string,
  options: { staffOnly?: boolean } = {},
): Promise<PatientAccess> {
  const facts = await readOwnedAccessFacts(db, ctx, child.resourceType === 'note' ? noteOwner : encounterOwner, child.id);
  if (!facts) return denyUnknown(db, ctx, action, child.resourceType, child.id, null, 'unknown_resource');
  try {
    const access = await settlePatientAccess(db, ctx, facts.patient.id, facts, { need: 'clinical', action });
    return await refuseSelfWhenStaffOnly(db, ctx, access, action, options);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found')
      throw notFound(child.resourceType === 'note' ? 'The note' : 'The encounter');
    throw error;
  }
}

/** Notes and their like are for clinicians: the patient themself is refused them like anyone else. */
async function refuseSelfWhenStaffOnly(
  db: Db,
  ctx: ServiceContext,
  access: PatientAccess,
  action: string,
  options: { staffOnly?: boolean },
): Promise<PatientAccess> {
  const patientId = access.patient.id;
  if (options.staffOnly && access.tier === 'self') await denyUnknown(db, ctx, action, 'patient', patientId, patientId, 'tier');
  return access;
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
