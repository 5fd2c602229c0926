/**
 * The test gateway's cards (docs/billing.md), Stripe's own test numbers: one succeeds, one is
 * declined, one needs the extra confirmation step (3-D Secure). Any other number is refused as
 * not a test card. Pure: the number never leaves the gateway's handler.
 */
export type CardOutcome = 'succeed' | 'decline' | 'confirm';

export const TEST_CARDS: readonly { number: string; outcome: CardOutcome }[] = [
  { number: '4242424242424242', outcome: 'succeed' },
  { number: '4000000000000002', outcome: 'decline' },
  { number: '4000002500003155', outcome: 'confirm' },
];

export type CardCheck = { ok: true; outcome: CardOutcome; last4: string } | { ok: false; field: 'number' | 'expiry' | 'cvc' };

export function checkTestCard(input: { number: string; expiry: string; cvc: string }, now: Date): CardCheck {
  const digits = input.number.replace(/[\s-]/g, '');
  const card = TEST_CARDS.find((c) => c.number === digits);
  if (!card) return { ok: false, field: 'number' };
  const expiry = /^(0[1-9]|1[0-2])\s*\/\s*(\d{2})$/.exec(input.expiry.trim());
  if (!expiry) return { ok: false, field: 'expiry' };
  const [month, year] = [Number(expiry[1]), 2000 + Number(expiry[2])];
  if (year * 12 + month < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1) return { ok: false, field: 'expiry' };
  if (!/^\d{3,4}$/.test(input.cvc.trim())) return { ok: false, field: 'cvc' };
  return { ok: true, outcome: card.outcome, last4: digits.slice(-4) };
}
