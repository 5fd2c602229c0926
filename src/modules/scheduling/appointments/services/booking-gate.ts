/**
 * Booking attempts on one clinician and start time wait, in this process, for the attempt that is
 * running on it.
 *
 * Without it, a burst of attempts on one slot all pass the cheap pre-check together, each opens a
 * transaction, and every loser holds a pool connection while its insert waits on the winner's
 * uncommitted row (PostgreSQL's exclusion check blocks until the winner commits) — connections
 * and time spent only to learn it lost. Here the first attempt on a slot runs alone; those that
 * arrive meanwhile wait for it to finish and then go on together (`queued` is true for them), so
 * each learns from one light query that the slot went, in parallel rather than one after another.
 * (If the first did not book, those that waited race as any attempts do, and the database decides.)
 *
 * This is only about cost, never about correctness: other instances, reschedules and overlapping
 * (not identical) times are still decided by the database's exclusion constraints.
 */
const running = new Map<string, Promise<void>>();

export async function inBookingQueue<T>(key: string, work: (queued: boolean) => Promise<T>): Promise<T> {
  const first = running.get(key);
  if (first) {
    await first;
    // Another attempt on this slot went first, and has most likely taken it.
    return work(true);
  }
  let release!: () => void;
  running.set(key, new Promise<void>((resolve) => (release = resolve)));
  try {
    return await work(false);
  } finally {
    // No entry is left behind: the next attempt on this slot runs first again.
    running.delete(key);
    release();
  }
}

/** The queue's key: the clinician and the instant (other overlaps are left to the database). */
export const bookingQueueKey = (staffId: string, startsAt: Date) => `${staffId}|${startsAt.getTime()}`;
