/**
 * One booking attempt at a time per clinician and start time, in this process.
 *
 * Without it, a burst of attempts on one slot all pass the cheap pre-check together, each opens a
 * transaction, and every loser holds a pool connection while its insert waits on the winner's
 * uncommitted row (PostgreSQL's exclusion check blocks until the winner commits) — connections
 * and time spent only to learn it lost. In the queue the next attempt starts once the one before
 * it has finished, and then its pre-check sees the committed winner and answers 409 at once,
 * without a transaction.
 *
 * This is only about cost, never about correctness: other instances, reschedules and overlapping
 * (not identical) times are still decided by the database's exclusion constraints.
 */
const tails = new Map<string, Promise<void>>();

export async function inBookingQueue<T>(key: string, work: (queued: boolean) => Promise<T>): Promise<T> {
  const waiting = tails.get(key);
  const before = waiting ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = before.then(() => mine);
  tails.set(key, tail);
  try {
    await before;
    // `queued`: another attempt on this slot went first, and has most likely taken it.
    return await work(waiting !== undefined);
  } finally {
    release();
    // The last in the queue leaves no entry behind.
    if (tails.get(key) === tail) tails.delete(key);
  }
}

/** The queue's key: the clinician and the instant (other overlaps are left to the database). */
export const bookingQueueKey = (staffId: string, startsAt: Date) => `${staffId}|${startsAt.getTime()}`;
