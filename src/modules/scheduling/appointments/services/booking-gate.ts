/**
 * Booking attempts on one clinician and start time wait, in this process, for the attempt that is
 * running on it.
 *
 * Without it, a burst of attempts on one slot all pass the cheap pre-check together, each opens a
 * transaction, and every loser holds a pool connection while its insert waits on the winner's
 * uncommitted row (PostgreSQL's exclusion check blocks until the winner commits) — connections
 * and time spent only to learn it lost. Here the first attempt on a slot runs alone; those that
 * arrive meanwhile wait for it to finish, and then ONE call of `askTogether` answers every one of
 * them (for a booking: what now holds that instant, and each waiter's stored answer to its key).
 * Each goes on with that answer (`afterFirst`): a burst's losers cost one statement between them,
 * not one each (issue 11: "losers should learn they lost cheaply").
 * (If the first did not book, those that waited race as any attempts do, and the database decides.)
 *
 * This is only about cost, never about correctness: other instances, reschedules and overlapping
 * (not identical) times are still decided by the database's exclusion constraints.
 */
interface Running {
  done: Promise<void>;
  /** What each waiter asks, in the order they arrived. */
  asks: unknown[];
  /** The one answer for all of them, asked by the first waiter to wake. */
  answer?: Promise<unknown>;
}

const running = new Map<string, Running>();

export async function inBookingQueue<T, Ask, Answer>(
  key: string,
  queue: { ask: Ask; askTogether: (asks: Ask[]) => Promise<Answer> },
  work: (afterFirst: Answer | undefined) => Promise<T>,
): Promise<T> {
  const first = running.get(key);
  if (first) {
    first.asks.push(queue.ask);
    await first.done;
    // Every waiter joined before `done` resolved (the entry leaves the map first), so the list is complete.
    first.answer ??= queue.askTogether(first.asks as Ask[]);
    return work((await first.answer) as Answer);
  }
  let release!: () => void;
  running.set(key, { done: new Promise<void>((resolve) => (release = resolve)), asks: [] });
  try {
    return await work(undefined);
  } finally {
    // No entry is left behind: the next attempt on this slot runs first again.
    running.delete(key);
    release();
  }
}

/** The queue's key: the clinician and the instant (other overlaps are left to the database). */
export const bookingQueueKey = (staffId: string, startsAt: Date) => `${staffId}|${startsAt.getTime()}`;
