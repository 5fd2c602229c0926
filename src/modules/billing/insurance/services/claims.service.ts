import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { conflict, notFound, unprocessable } from '../../../../platform/errors.js';
import type { JobRunner } from '../../../../platform/jobs/job-runner.js';
import { auditAccess } from '../../../patients/index.js';
import { selectInvoiceForUpdate, selectInvoiceLines } from '../../billing.repository.js';
import { invoiceAccess } from '../../services/billing-access.js';
import {
  insertClaim,
  insertClaimEvent,
  insertClaimLines,
  selectActivePolicy,
  selectClaimByInvoice,
  selectClaimForUpdate,
  selectClaimLines,
  selectPolicy,
} from '../insurance.repository.js';
import type { CreateClaimInput } from '../insurance.schemas.js';
import { PAYER_POLL_DELAY_SECONDS, PAYER_POLL_QUEUE } from '../insurance.vocabulary.js';
import { payerFor } from '../payers.js';
import { claimAccess } from './claim-access.js';
import { moveClaim } from './claim-steps.js';

/**
 * A draft claim for the insurer's share of an issued invoice: one claim line per invoice line
 * with an insurer's share (what it claims). One claim per invoice (409 for a second); an
 * invoice with no insurer's share, or a patient with no active policy, is 422.
 */
export async function createClaim(db: Db, ctx: ServiceContext, invoiceId: string, input: CreateClaimInput): Promise<{ id: string }> {
  const { access } = await invoiceAccess(db, ctx, invoiceId, 'insurance.claim.create');
  return db.transaction(async (tx) => {
    const invoice = await selectInvoiceForUpdate(tx, invoiceId);
    if (!invoice || invoice.status === 'draft' || invoice.status === 'void') {
      throw conflict('Only an issued invoice can be claimed: issue the draft first (a void invoice is never claimed).');
    }
    if (invoice.insurerShareMinor <= 0) throw unprocessable('This invoice has no insurer’s share to claim.');
    if (await selectClaimByInvoice(tx, invoiceId)) throw conflict('This invoice already has a claim.');
    const policy = input.policyId ? await selectPolicy(tx, input.policyId) : await selectActivePolicy(tx, invoice.patientId);
    if (input.policyId && policy?.patientId !== invoice.patientId) throw notFound('The insurance policy');
    if (!policy || policy.status !== 'active') throw unprocessable('The patient has no active insurance policy to claim from.');
    const lines = (await selectInvoiceLines(tx, invoiceId)).filter((l) => l.insurerShareMinor > 0);
    const claim = await insertClaim(tx, {
      invoiceId,
      patientId: invoice.patientId,
      policyId: policy.id,
      payer: policy.payer,
      status: 'draft',
      currency: invoice.currency,
      claimedMinor: lines.reduce((sum, l) => sum + l.insurerShareMinor, 0),
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await insertClaimLines(
      tx,
      lines.map((l, i) => ({ claimId: claim.id, invoiceLineId: l.id, position: i + 1, claimedMinor: l.insurerShareMinor })),
    );
    await insertClaimEvent(tx, { claimId: claim.id, status: 'draft', actorUserId: ctx.actor.userId, occurredAt: ctx.now });
    await auditAccess(tx, ctx, access, {
      action: 'insurance.claim.create',
      resourceType: 'insurance_claim',
      resourceId: claim.id,
      category: 'registration',
      detail: { invoiceId, lines: lines.length, claimedMinor: claim.claimedMinor },
    });
    return { id: claim.id };
  });
}

/**
 * Sends a draft claim to the payer: the payer's reference comes back at once; its
 * acknowledgement and decision come later (the payer job polls it, or staff ask it).
 */
export async function submitClaim(db: Db, ctx: ServiceContext, claimId: string, jobs?: JobRunner): Promise<void> {
  const { access } = await claimAccess(db, ctx, claimId, 'insurance.claim.submit');
  await db.transaction(async (tx) => {
    const claim = (await selectClaimForUpdate(tx, claimId))!;
    if (claim.status !== 'draft') throw conflict('Only a draft claim can be submitted: this one has been submitted already.');
    const policy = (await selectPolicy(tx, claim.policyId))!;
    const lines = await selectClaimLines(tx, claimId);
    const { payerReference } = await payerFor(claim.payer).submitClaim({
      claimId,
      memberNumber: policy.memberNumber,
      serviceDate: ctx.now.toISOString().slice(0, 10),
      lines: lines.map((l) => ({ position: l.position, claimedMinor: l.claimedMinor })),
    });
    await moveClaim(
      tx,
      claim,
      { kind: 'person', ctx, access },
      { to: 'submitted', action: 'insurance.claim.submit', set: { payerReference } },
    );
  });
  await schedulePayerPoll(jobs, claimId);
}

/** Appeals a denial or a partial payment, with a reason: the payer decides again. */
export async function appealClaim(db: Db, ctx: ServiceContext, claimId: string, reason: string, jobs?: JobRunner): Promise<void> {
  const { access } = await claimAccess(db, ctx, claimId, 'insurance.claim.appeal');
  await db.transaction(async (tx) => {
    const claim = (await selectClaimForUpdate(tx, claimId))!;
    if (claim.status === 'adjudicated' && claim.outcome === 'paid') throw conflict('A claim paid in full has nothing to appeal: close it.');
    await moveClaim(
      tx,
      claim,
      { kind: 'person', ctx, access },
      { to: 'appealed', action: 'insurance.claim.appeal', note: reason, set: { appealReason: reason } },
    );
  });
  await schedulePayerPoll(jobs, claimId);
}

/** Closes an adjudicated claim: billing's work on it is done (what the payer did not pay stays the patient's). */
export async function closeClaim(db: Db, ctx: ServiceContext, claimId: string): Promise<void> {
  const { access } = await claimAccess(db, ctx, claimId, 'insurance.claim.close');
  await db.transaction(async (tx) => {
    const claim = (await selectClaimForUpdate(tx, claimId))!;
    await moveClaim(tx, claim, { kind: 'person', ctx, access }, { to: 'closed', action: 'insurance.claim.close' });
  });
}

/** Asks the payer job to poll this claim a little later (absent in tests: they poll by hand). */
export async function schedulePayerPoll(jobs: JobRunner | undefined, claimId: string): Promise<void> {
  await jobs?.send(PAYER_POLL_QUEUE, { claimId }, { startAfter: PAYER_POLL_DELAY_SECONDS });
}
