import type { Db } from './database.js';
import { pgErrorOf } from './constraint-errors.js';

/** Deadlock and serialization failure: PostgreSQL chose this transaction as the victim; a retry is safe. */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);

export function isRetryableTransactionError(error: unknown): boolean {
  const code = pgErrorOf(error)?.code;
  return code !== undefined && RETRYABLE_SQLSTATES.has(code);
}

/**
 * Runs a transaction, retrying it when PostgreSQL aborts it as a deadlock victim or for a
 * serialization failure. Concurrent inserts checked by several exclusion constraints (a clinician's
 * and a patient's time ranges) can deadlock; the retry then meets the committed row and fails with
 * the constraint's own, explainable error. The callback must be safe to run again (it is: a failed
 * attempt rolled back everything it wrote).
 */
export async function transactionWithRetry<T>(db: Db, work: (tx: Db) => Promise<T>, attempts = 3): Promise<T> {
  return statementWithRetry(() => db.transaction(work), attempts);
}

/** The same retry for a write that is one statement (atomic on its own, no transaction around it). */
export async function statementWithRetry<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isRetryableTransactionError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}
