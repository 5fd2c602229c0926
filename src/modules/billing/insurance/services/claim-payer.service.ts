import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { conflict } from '../../../../platform/errors.js';
import type { JobRunner } from '../../../../platform/jobs/job-runner.js';
import { selectInvoiceForUpdate, selectInvoiceLines, updateInvoice } from '../../billing.repository.js';
import {
  selectClaimForUpdate,
  selectClaimLines,
  selectPolicy,
  setClaimLinePaid,
  setInvoiceLineShares,
  type ClaimRow,
} from '../insurance.repository.js';
import { sharesAfterAdjudication } from '../adjudication-shares.js';
import type { Adjudication } from '../payer.js';
import { payerFor } from '../payers.js';
import { claimAccess } from './claim-access.js';
import { moveClaim, moveClaimStep, moverNow, type ClaimMover } from './claim-steps.js';
import { postRemittance } from './remittance.js';
import { schedulePayerPoll } from './claims.service.js';

const WAITING = ['submitted', 'acknowledged', 'appealed'] as const;
type Waiting = (typeof WAITING)[number];
const isWaiting = (status: ClaimRow['status']): status is Waiting => (WAITING as readonly string[]).includes(status);

/**
 * Billing staff ask the payer now for its next word on a claim (its acknowledgement, then its
 * decision) instead of waiting for the payer job. 409 when the claim waits for nothing.
 */
export async function pollClaimNow(db: Db, ctx: ServiceContext, claimId: string, jobs?: JobRunner): Promise<ClaimRow> {
  const { access } = await claimAccess(db, ctx, claimId, 'insurance.claim.poll');
  const claim = await db.transaction(async (tx) => applyPayerResponse(tx, claimId, { kind: 'person', ctx, access }, true));
  if (claim.status === 'acknowledged') await schedulePayerPoll(jobs, claimId);
  return claim;
}

/** The payer job (pg-boss, on the injected clock): one poll; polls again while the claim still waits. */
export async function pollClaimFromJob(db: Db, claimId: string, now: Date, jobs?: JobRunner): Promise<void> {
  const claim = await db.transaction(async (tx) => applyPayerResponse(tx, claimId, { kind: 'payer', now }, false));
  if (claim && isWaiting(claim.status)) await schedulePayerPoll(jobs, claimId);
}

async function applyPayerResponse(tx: Db, claimId: string, mover: ClaimMover, strict: true): Promise<ClaimRow>;
async function applyPayerResponse(tx: Db, claimId: string, mover: ClaimMover, strict: false): Promise<ClaimRow | undefined>;
async function applyPayerResponse(tx: Db, claimId: string, mover: ClaimMover, strict: boolean): Promise<ClaimRow | undefined> {
  const claim = await selectClaimForUpdate(tx, claimId);
  if (!claim || !isWaiting(claim.status)) {
    if (strict) throw conflict('This claim is not waiting for the payer.');
    return claim; // a late job after staff already asked, or after a close: nothing to do
  }
  const policy = (await selectPolicy(tx, claim.policyId))!;
  const lines = await selectClaimLines(tx, claimId);
  const response = await payerFor(claim.payer).poll({
    claimId,
    memberNumber: policy.memberNumber,
    serviceDate: claim.createdAt.toISOString().slice(0, 10),
    lines: lines.map((l) => ({ position: l.position, claimedMinor: l.claimedMinor })),
    payerReference: claim.payerReference!,
    state: claim.status,
  });
  if (response.kind === 'pending') return claim;
  if (response.kind === 'acknowledged') {
    return moveClaim(tx, claim, mover, { to: 'acknowledged', action: 'insurance.claim.acknowledge' });
  }
  const paidMinor = await recomputeShares(tx, claim, response.adjudication, moverNow(mover));
  const adjudicated = await moveClaimStep(tx, claim, mover, {
    to: 'adjudicated',
    action: 'insurance.claim.adjudicate',
    outcome: response.adjudication.outcome,
    paidMinor,
    reasonCode: response.adjudication.reasonCode,
  });
  // The payer's decision is its remittance advice: what it pays is posted on the invoice at once.
  await postRemittance(tx, adjudicated.claim, adjudicated.eventId, mover);
  return adjudicated.claim;
}

/**
 * After the payer's decision, each claimed invoice line's insurer's share becomes what the payer
 * paid on it and its patient's share the rest of the line's total — so what the insurer did not
 * pay moves to the patient. Lines and the invoice's share columns change together under the
 * invoice's row lock; the database's checks (shares add up to each line's total, the invoice's
 * shares are the sums of its lines) hold at commit. Returns the total paid.
 */
async function recomputeShares(tx: Db, claim: ClaimRow, adjudication: Adjudication, now: Date): Promise<number> {
  await selectInvoiceForUpdate(tx, claim.invoiceId);
  const before = await selectInvoiceLines(tx, claim.invoiceId);
  const claimed = await selectClaimLines(tx, claim.id);
  const after = sharesAfterAdjudication(before, claimed, adjudication.paidPerLine);
  for (const line of claimed) await setClaimLinePaid(tx, line.id, after.claimLinePaid.get(line.id) ?? 0);
  for (const line of after.lines) {
    const old = before.find((l) => l.id === line.id)!;
    if (old.insurerShareMinor !== line.insurerShareMinor) {
      await setInvoiceLineShares(tx, line.id, line.insurerShareMinor, line.patientShareMinor);
    }
  }
  const insurerShareMinor = after.lines.reduce((sum, l) => sum + l.insurerShareMinor, 0);
  const patientShareMinor = after.lines.reduce((sum, l) => sum + l.patientShareMinor, 0);
  await updateInvoice(tx, claim.invoiceId, { insurerShareMinor, patientShareMinor, updatedAt: now });
  return after.paidTotal;
}
