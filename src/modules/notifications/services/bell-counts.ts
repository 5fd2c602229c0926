import type { UserActor } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead, readTogether, type DeferredRead } from '../../../platform/db/read-together.js';
import { selectUnreadCount, unreadCountFromRows } from '../notifications.repository.js';

/**
 * Another unread count the bell shows beside its own (staff messages): registered once at start-up
 * by the module that owns it, so this module never imports that one. `read` is ONE query not run
 * yet (null when the person has none of these, costing nothing); the bell reads every count in
 * one statement. `events` are the live event types after which the bell refreshes.
 */
export interface BellCount {
  /** Locale key of the badge, with `{count}`. */
  labelKey: string;
  read: (db: Db, actor: UserActor, now: Date) => DeferredRead<number> | null;
  events: readonly string[];
}

const counts = new Map<string, BellCount>();

/** Adds a count to the bell (registering the same key again replaces it). */
export function addBellCount(key: string, count: BellCount): void {
  counts.set(key, count);
}

export const bellCountEvents = (): string[] => [...counts.values()].flatMap((c) => c.events);

/** The person's unread notifications and every registered count, in ONE statement. */
export async function readBellCounts(
  db: Db,
  actor: UserActor,
  now: Date,
): Promise<{ unread: number; extra: { labelKey: string; count: number }[] }> {
  const extras = [...counts.values()].flatMap((c) => {
    const read = c.read(db, actor, now);
    return read ? [{ labelKey: c.labelKey, read }] : [];
  });
  const reads: Record<string, DeferredRead<number>> = { unread: deferRead(selectUnreadCount(db, actor.userId), unreadCountFromRows) };
  extras.forEach((e, i) => (reads[`extra${i}`] = e.read));
  const result = (await readTogether(db, reads)) as Record<string, number>;
  return { unread: result.unread ?? 0, extra: extras.map((e, i) => ({ labelKey: e.labelKey, count: result[`extra${i}`] ?? 0 })) };
}
