import type { Adjudication, ClaimSubmission, EligibilityAnswer, Payer, PayerResponse } from './payer.js';

/**
 * The built-in test payer (docs/billing.md "Insurance"): it answers by the member number's LAST
 * CHARACTER, deterministically, so every outcome can be shown and tested:
 *
 * | ends in | eligibility | a claim |
 * |---|---|---|
 * | `0` | not eligible (`coverage_terminated`) | denied (`coverage_terminated`); an appeal is denied again |
 * | `7` | eligible, 50 % | partly paid: half of each line, rounded down (`exceeds_allowance`); an appeal is paid in full |
 * | `9` | eligible, 80 % | denied (`not_covered`); an appeal is paid in full |
 * | `X` | unknown (`payer_unavailable`) | paid in full |
 * | anything else | eligible, 80 % | paid in full |
 *
 * Like a real payer it answers a submission with its own reference at once, and acknowledges
 * and adjudicates later, when polled (the payer job asks on the injected clock).
 */
export class TestPayer implements Payer {
  async checkEligibility(memberNumber: string): Promise<EligibilityAnswer> {
    switch (lastOf(memberNumber)) {
      case '0':
        return { result: 'not_eligible', coverageBp: null, reasonCode: 'coverage_terminated' };
      case 'X':
        return { result: 'unknown', coverageBp: null, reasonCode: 'payer_unavailable' };
      case '7':
        return { result: 'eligible', coverageBp: 5000, reasonCode: null };
      default:
        return { result: 'eligible', coverageBp: 8000, reasonCode: null };
    }
  }

  async submitClaim(claim: ClaimSubmission): Promise<{ payerReference: string }> {
    return { payerReference: `TP-${claim.claimId.slice(0, 8).toUpperCase()}` };
  }

  async poll(claim: ClaimSubmission & { state: 'submitted' | 'acknowledged' | 'appealed' }): Promise<PayerResponse> {
    if (claim.state === 'submitted') return { kind: 'acknowledged' };
    return { kind: 'adjudicated', adjudication: decide(claim, claim.state === 'appealed') };
  }
}

function lastOf(memberNumber: string): string {
  return memberNumber.trim().slice(-1).toUpperCase();
}

function decide(claim: ClaimSubmission, appeal: boolean): Adjudication {
  const last = lastOf(claim.memberNumber);
  const pay = (share: (claimed: number) => number) => claim.lines.map((l) => ({ position: l.position, paidMinor: share(l.claimedMinor) }));
  if (last === '0') return { outcome: 'denied', paidPerLine: pay(() => 0), reasonCode: 'coverage_terminated' };
  if (!appeal && last === '9') return { outcome: 'denied', paidPerLine: pay(() => 0), reasonCode: 'not_covered' };
  if (!appeal && last === '7') {
    const paidPerLine = pay((claimed) => Math.floor(claimed / 2));
    const total = paidPerLine.reduce((sum, l) => sum + l.paidMinor, 0);
    // A claim of one minor unit rounds to nothing: that is a denial, not a partial payment.
    return total === 0
      ? { outcome: 'denied', paidPerLine, reasonCode: 'exceeds_allowance' }
      : { outcome: 'partly_paid', paidPerLine, reasonCode: 'exceeds_allowance' };
  }
  return { outcome: 'paid', paidPerLine: pay((claimed) => claimed), reasonCode: null };
}

/** The payer reason codes the test payer uses; each has a label `insurance.reason_<code>` in every locale. */
export const PAYER_REASON_CODES = ['coverage_terminated', 'payer_unavailable', 'not_covered', 'exceeds_allowance'] as const;
