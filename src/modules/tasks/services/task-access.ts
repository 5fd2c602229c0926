import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { notFound } from '../../../platform/errors.js';
import { auditDenied, resolvePatientAccess, type PatientAccess } from '../../patients/index.js';
import { selectTaskPatientId } from '../tasks.repository.js';

/**
 * Who works a patient's tasks: the doctors and nurses on the patient's active care team (the
 * route's permission `tasks.work` holds the roles). Break-the-glass opens the record for an
 * emergency, not the team's to-do list: it answers 404 like an outsider, with a denied audit row.
 * Call with the ROOT handle, before the transaction (the denied row must survive).
 */
export async function taskAccess(db: Db, ctx: ServiceContext, patientId: string, action: string): Promise<PatientAccess> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action });
  if (access.tier !== 'care_team') {
    await auditDenied(db, ctx, access, { action, resourceType: 'care_task', category: 'clinical', detail: { reason: 'tier' } });
    throw notFound('The patient');
  }
  return access;
}

/** The access to the patient of a task: an unknown task answers 404 like a patient one may not see. */
export async function taskAccessById(db: Db, ctx: ServiceContext, taskId: string, action: string): Promise<PatientAccess> {
  const patientId = await selectTaskPatientId(db, taskId);
  if (!patientId) throw notFound('The task');
  return taskAccess(db, ctx, patientId, action);
}
