import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { conflict, unprocessable } from '../../../../platform/errors.js';
import { openEncounter } from '../../../records/index.js';
import { linkEncounter } from '../patient-threads.repository.js';
import { auditThread, threadAccess } from './thread-access.js';

/**
 * A clinician turns a conversation into an encounter (a telemedicine encounter, in progress from
 * now) through the clinical record's own service, which decides again who may open one (the care
 * team, or break-the-glass: a department inbox alone does not open a patient's record). The thread
 * links to the encounter; a thread already linked answers 409.
 */
export async function openEncounterFromThread(
  db: Db,
  ctx: ServiceContext,
  threadId: string,
): Promise<{ threadId: string; encounterId: string }> {
  const access = await threadAccess(db, ctx, threadId, 'patient_thread.encounter');
  if (access.side !== 'staff') throw unprocessable('Only a clinician opens an encounter.');
  if (access.thread.encounterId)
    throw conflict('An encounter was already opened from this conversation.', 'conflict', { encounterId: access.thread.encounterId });
  const encounter = await openEncounter(db, ctx, access.patient.id, { type: 'telemedicine' });
  return db.transaction(async (tx) => {
    await auditThread(tx, ctx, access, 'patient_thread.encounter', { encounterId: encounter.id });
    if (!(await linkEncounter(tx, threadId, encounter.id, ctx.now)))
      throw conflict('An encounter was already opened from this conversation.');
    return { threadId, encounterId: encounter.id };
  });
}
