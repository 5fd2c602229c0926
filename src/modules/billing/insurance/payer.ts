import type { ClaimOutcome, EligibilityResult } from './insurance.vocabulary.js';

/** What a payer says about a member on a service day. */
export interface EligibilityAnswer {
  result: EligibilityResult;
  /** The share the plan pays, in basis points, when eligible. */
  coverageBp: number | null;
  /** The payer's reason code when not eligible or unknown. */
  reasonCode: string | null;
}

export interface ClaimSubmission {
  claimId: string;
  memberNumber: string;
  serviceDate: string;
  lines: { position: number; claimedMinor: number }[];
}

/** The payer's decision on a claim: what it pays per line, with a reason when not everything. */
export interface Adjudication {
  outcome: ClaimOutcome;
  paidPerLine: { position: number; paidMinor: number }[];
  reasonCode: string | null;
}

/** What the payer has to say about a claim when asked: nothing yet, received, or decided. */
export type PayerResponse = { kind: 'pending' } | { kind: 'acknowledged' } | { kind: 'adjudicated'; adjudication: Adjudication };

/**
 * A payer (an insurer, or a clearing house in front of several): the port every adapter
 * implements (docs/billing.md "Insurance"). Submission answers at once with the payer's own claim
 * reference; acknowledgement and adjudication come later, asynchronously, when asked.
 */
export interface Payer {
  checkEligibility(memberNumber: string, serviceDate: string): Promise<EligibilityAnswer>;
  submitClaim(claim: ClaimSubmission): Promise<{ payerReference: string }>;
  /** The payer's next word on a claim in the given state (`submitted`, `acknowledged`, `appealed`). */
  poll(claim: ClaimSubmission & { payerReference: string; state: 'submitted' | 'acknowledged' | 'appealed' }): Promise<PayerResponse>;
}
