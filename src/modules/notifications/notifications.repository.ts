import { effectiveTimeZone } from '../../platform/time/zoned-time.js';
import { and, count, desc, eq, isNull, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.tables.js';
import type { Db } from '../../platform/db/database.js';
import { outbox } from '../../platform/outbox/outbox.tables.js';
import {
  notificationPreferences,
  notificationQuietHours,
  notifications,
  type ExternalChannel,
  type NotificationCategory,
} from './notifications.tables.js';

export type NotificationRow = typeof notifications.$inferSelect & { sortAt: string };

export interface Recipient {
  userId: string;
  email: string;
  locale: string;
  timeZone: string;
  disabled: boolean;
  /** From the person's patient record, when they have one. */
  phone: string | null;
}

export async function findRecipient(db: Db, userId: string): Promise<Recipient | undefined> {
  const [row] = await db
    .select({
      userId: users.id,
      email: users.email,
      locale: users.locale,
      timeZone: users.timeZone,
      disabled: sql<boolean>`${users.disabledAt} is not null`,
      // Qualified by hand: in a single-table select Drizzle would render the column unqualified.
      phone: sql<string | null>`(select p.phone from patients p where p.user_id = "users"."id")`,
    })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row && { ...row, timeZone: effectiveTimeZone(row.timeZone) };
}

/** Inserts the in-app notification; undefined when one with the same dedupe key exists. */
export async function insertNotification(db: Db, values: typeof notifications.$inferInsert): Promise<string | undefined> {
  const rows = await db
    .insert(notifications)
    .values(values)
    .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey], where: sql`${notifications.dedupeKey} is not null` })
    .returning({ id: notifications.id });
  return rows[0]?.id;
}

export async function countUnread(db: Db, userId: string): Promise<number> {
  return unreadCountFromRows(await selectUnreadCount(db, userId));
}

/** The query of `countUnread`, not run yet (its rows go through `unreadCountFromRows`). */
export function selectUnreadCount(db: Db, userId: string | Placeholder) {
  return db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}

export const unreadCountFromRows = (rows: { n: number }[]): number => Number(rows[0]?.n ?? 0);

/** Newest first, keyset by (created_at, id). */
export function selectNotifications(
  db: Db,
  userId: string | Placeholder,
  filters: { unread?: boolean; after?: [string, string]; limit: number },
) {
  const conditions: (SQL | undefined)[] = [eq(notifications.userId, userId)];
  if (filters.unread === true) conditions.push(isNull(notifications.readAt));
  if (filters.unread === false) conditions.push(sql`${notifications.readAt} is not null`);
  if (filters.after)
    conditions.push(sql`(${notifications.createdAt}, ${notifications.id}) < (${filters.after[0]}::timestamptz, ${filters.after[1]}::uuid)`);
  return db
    .select({ ...notificationColumns(), sortAt: sql<string>`${notifications.createdAt}::text` })
    .from(notifications)
    .where(and(...conditions))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(filters.limit);
}

function notificationColumns() {
  return {
    id: notifications.id,
    userId: notifications.userId,
    category: notifications.category,
    template: notifications.template,
    title: notifications.title,
    body: notifications.body,
    link: notifications.link,
    dedupeKey: notifications.dedupeKey,
    readAt: notifications.readAt,
    createdAt: notifications.createdAt,
  };
}

/** The person's own notification; another person's is indistinguishable from a missing one. */
export async function findOwnNotification(db: Db, userId: string, id: string): Promise<NotificationRow | undefined> {
  const [row] = await db
    .select({ ...notificationColumns(), sortAt: sql<string>`${notifications.createdAt}::text` })
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .limit(1);
  return row;
}

export async function markRead(db: Db, userId: string, id: string, now: Date): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)));
}

export async function markAllRead(db: Db, userId: string, now: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

export async function selectPreferences(
  db: Db,
  userId: string,
): Promise<{ category: NotificationCategory; channels: ExternalChannel[] }[]> {
  return db
    .select({ category: notificationPreferences.category, channels: notificationPreferences.channels })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
}

export async function upsertPreference(
  db: Db,
  userId: string,
  category: NotificationCategory,
  channels: ExternalChannel[],
  now: Date,
): Promise<void> {
  await db
    .insert(notificationPreferences)
    .values({ userId, category, channels, updatedAt: now })
    .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.category], set: { channels, updatedAt: now } });
}

export async function selectQuietHours(db: Db, userId: string): Promise<{ start: string; end: string } | undefined> {
  const [row] = await db
    .select({ start: notificationQuietHours.startsAt, end: notificationQuietHours.endsAt })
    .from(notificationQuietHours)
    .where(eq(notificationQuietHours.userId, userId))
    .limit(1);
  return row;
}

export async function saveQuietHours(db: Db, userId: string, quiet: { start: string; end: string } | null, now: Date): Promise<void> {
  if (!quiet) {
    await db.delete(notificationQuietHours).where(eq(notificationQuietHours.userId, userId));
    return;
  }
  await db
    .insert(notificationQuietHours)
    .values({ userId, startsAt: quiet.start, endsAt: quiet.end, updatedAt: now })
    .onConflictDoUpdate({ target: notificationQuietHours.userId, set: { startsAt: quiet.start, endsAt: quiet.end, updatedAt: now } });
}

/**
 * Holds a just-queued external message until the quiet hours end (the delivery worker sends
 * only rows whose next_attempt_at is due). Only a fresh pending row is touched.
 */
export async function deferOutboxMessage(db: Db, messageId: string, until: Date): Promise<void> {
  await db
    .update(outbox)
    .set({ nextAttemptAt: until })
    .where(and(eq(outbox.messageId, messageId), eq(outbox.status, 'pending'), eq(outbox.attempts, 0)));
}
