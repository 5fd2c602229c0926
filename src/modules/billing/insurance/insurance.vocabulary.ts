/**
 * The words of insurance (docs/billing.md "Insurance"). Each value has a label in every locale
 * (`insurance.eligibility_<v>`, `insurance.claim_status_<v>`, `insurance.outcome_<v>`).
 */

/** What a payer answers about a member on a day: covered, not covered, or it could not say. */
export const ELIGIBILITY_RESULTS = ['eligible', 'not_eligible', 'unknown'] as const;
export type EligibilityResult = (typeof ELIGIBILITY_RESULTS)[number];

/**
 * A claim's life: draft → submitted → acknowledged → adjudicated → (appealed → adjudicated) → closed.
 * Only the moves in CLAIM_TRANSITIONS are allowed; nothing ever moves back.
 */
export const CLAIM_STATUSES = ['draft', 'submitted', 'acknowledged', 'adjudicated', 'appealed', 'closed'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const CLAIM_TRANSITIONS: Readonly<Record<ClaimStatus, readonly ClaimStatus[]>> = {
  draft: ['submitted'],
  submitted: ['acknowledged'],
  acknowledged: ['adjudicated'],
  adjudicated: ['appealed', 'closed'],
  // The payer's decision on the appeal is a new adjudication.
  appealed: ['adjudicated'],
  closed: [],
};

export function mayMove(from: ClaimStatus, to: ClaimStatus): boolean {
  return CLAIM_TRANSITIONS[from].includes(to);
}

/** The payer's decision: everything claimed, some of it, or nothing (with a reason). */
export const CLAIM_OUTCOMES = ['paid', 'partly_paid', 'denied'] as const;
export type ClaimOutcome = (typeof CLAIM_OUTCOMES)[number];

/** The sides of an insurance card. */
export const CARD_SIDES = ['front', 'back'] as const;
export type CardSide = (typeof CARD_SIDES)[number];

export const CARD_MAX_BYTES = 5 * 1024 * 1024;
export const CARD_TYPES = ['image/png', 'image/jpeg'] as const;
export const CARD_FIELD = 'image';
export const APPEAL_REASON_MAX = 500;
/** How long after an event the payer job asks the payer again (seconds, on the injected clock's scale). */
export const PAYER_POLL_DELAY_SECONDS = 5;
export const PAYER_POLL_QUEUE = 'insurance.payer-poll';
