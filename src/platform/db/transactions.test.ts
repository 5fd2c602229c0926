import { describe, expect, it } from 'vitest';
import type { Db } from './database.js';
import { transactionWithRetry } from './transactions.js';

/** A stand-in handle whose transaction fails with the given SQLSTATEs, then succeeds. */
function flakyDb(failures: string[]) {
  let calls = 0;
  const db = {
    async transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
      calls += 1;
      const code = failures.shift();
      if (code) throw Object.assign(new Error('Failed query'), { cause: { code } });
      return work(db as unknown as Db);
    },
  };
  return { db: db as unknown as Db, calls: () => calls };
}

describe('transactionWithRetry', () => {
  it('retries a deadlock victim and a serialization failure, then succeeds', async () => {
    const { db, calls } = flakyDb(['40P01', '40001']);
    await expect(transactionWithRetry(db, async () => 'booked')).resolves.toBe('booked');
    expect(calls()).toBe(3);
  });

  it('gives up after the attempts and rethrows', async () => {
    const { db, calls } = flakyDb(['40P01', '40P01', '40P01', '40P01']);
    await expect(transactionWithRetry(db, async () => 'x')).rejects.toThrow('Failed query');
    expect(calls()).toBe(3);
  });

  it('never retries other errors (a constraint violation is an answer, not a hiccup)', async () => {
    const { db, calls } = flakyDb(['23P01']);
    await expect(transactionWithRetry(db, async () => 'x')).rejects.toThrow();
    expect(calls()).toBe(1);
  });
});
