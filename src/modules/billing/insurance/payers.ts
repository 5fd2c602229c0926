import type { Payer } from './payer.js';
import { TestPayer } from './test-payer.js';

const testPayer = new TestPayer();

/**
 * The payer adapter for a policy's payer name. Only the built-in test payer exists today, so every
 * payer is answered by it (docs/billing.md "Insurance": a real clearing-house adapter is not built).
 */
export function payerFor(_payerName: string): Payer {
  return testPayer;
}
