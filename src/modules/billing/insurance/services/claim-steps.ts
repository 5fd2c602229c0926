import type { ServiceContext } from '../../../../platform/auth/actor.js';
import { writeAudit, auditActorOf } from '../../../../platform/audit/audit.service.js';
import type { Db } from '../../../../platform/db/database.js';
import { conflict } from '../../../../platform/errors.js';
import { auditAccess, type PatientAccess } from '../../../patients/index.js';
import { insertClaimEvent, updateClaim, type ClaimRow } from '../insurance.repository.js';
import { mayMove, type ClaimOutcome, type ClaimStatus } from '../insurance.vocabulary.js';
import { noticeClaimStatus } from './claim-notice.js';

/** Who moves a claim: a person (with their request's audit context) or the payer (the job, no person). */
export type ClaimMover = { kind: 'person'; ctx: ServiceContext; access: PatientAccess } | { kind: 'payer'; now: Date };

export const moverNow = (mover: ClaimMover) => (mover.kind === 'person' ? mover.ctx.now : mover.now);

export interface ClaimStep {
  to: ClaimStatus;
  action: string;
  outcome?: ClaimOutcome | null;
  paidMinor?: number | null;
  reasonCode?: string | null;
  note?: string | null;
  set?: Partial<Pick<ClaimRow, 'payerReference' | 'appealReason'>>;
}

/**
 * Moves a locked claim one step, refusing any move CLAIM_TRANSITIONS does not allow (409: no step
 * is skipped, nothing moves back): the claim row, its timeline row, the audit row and the
 * patient's notice, all in the caller's transaction.
 */
export async function moveClaim(tx: Db, claim: ClaimRow, mover: ClaimMover, step: ClaimStep): Promise<ClaimRow> {
  return (await moveClaimStep(tx, claim, mover, step)).claim;
}

/** moveClaim, also naming the timeline row it wrote (an adjudication's remittance is keyed by it). */
export async function moveClaimStep(
  tx: Db,
  claim: ClaimRow,
  mover: ClaimMover,
  step: ClaimStep,
): Promise<{ claim: ClaimRow; eventId: string }> {
  if (!mayMove(claim.status, step.to)) {
    throw conflict(`A claim that is ${claim.status.replace('_', ' ')} cannot become ${step.to.replace('_', ' ')}.`, 'conflict', {
      status: claim.status,
    });
  }
  const now = moverNow(mover);
  const decided = step.outcome !== undefined;
  const moved = await updateClaim(tx, claim.id, {
    status: step.to,
    ...(decided ? { outcome: step.outcome, paidMinor: step.paidMinor ?? null, reasonCode: step.reasonCode ?? null } : {}),
    ...step.set,
    updatedAt: now,
  });
  const eventId = await insertClaimEvent(tx, {
    claimId: claim.id,
    status: step.to,
    outcome: step.outcome ?? null,
    paidMinor: step.paidMinor ?? null,
    reasonCode: step.reasonCode ?? null,
    note: step.note ?? null,
    actorUserId: mover.kind === 'person' ? mover.ctx.actor.userId : null,
    occurredAt: now,
  });
  const entry = {
    action: step.action,
    resourceType: 'insurance_claim',
    resourceId: claim.id,
    category: 'registration' as const,
    detail: { from: claim.status, to: step.to, ...(decided ? { outcome: step.outcome, paidMinor: step.paidMinor } : {}) },
  };
  if (mover.kind === 'person') await auditAccess(tx, mover.ctx, mover.access, entry);
  else await writeAudit(tx, auditActorOf(null), null, { ...entry, patientId: claim.patientId }, now);
  await noticeClaimStatus(tx, moved, now);
  return { claim: moved, eventId };
}
