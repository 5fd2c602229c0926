import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { notFound } from '../../../../platform/errors.js';
import type { PatientAccess } from '../../../patients/index.js';
import { billingAccess } from '../../services/billing-access.js';
import { selectClaim, type ClaimRow } from '../insurance.repository.js';

/**
 * A claim and the access to its patient (billing staff any, a patient their own). A draft claim is
 * billing's work in progress: a patient asking for one gets 404, as for a claim that does not exist.
 * Call with the ROOT handle, before the transaction.
 */
export async function claimAccess(db: Db, ctx: ServiceContext, claimId: string, action: string) {
  const claim = await selectClaim(db, claimId);
  if (!claim || (ctx.actor.role === 'patient' && claim.status === 'draft')) throw notFound('The claim');
  const access = await billingAccess(db, ctx, claim.patientId, action);
  return { claim, access } satisfies { claim: ClaimRow; access: PatientAccess };
}
