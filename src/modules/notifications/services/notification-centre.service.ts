import type { Placeholder } from 'drizzle-orm';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { notFound, validationFailed } from '../../../platform/errors.js';
import { publishEvent } from '../../../platform/events/index.js';
import { decodeCursor, encodeCursor } from '../../../platform/http/api-helpers.js';
import { deferRead, type DeferredRead } from '../../../platform/db/read-together.js';
import {
  countUnread,
  findOwnNotification,
  markAllRead,
  markRead,
  selectNotifications,
  selectUnreadCount,
  unreadCountFromRows,
  type NotificationRow,
} from '../notifications.repository.js';
import type { NotificationDto, NotificationListDto, NotificationListQuery } from '../notifications.schemas.js';

export function toNotificationDto(row: NotificationRow): NotificationDto {
  return {
    id: row.id,
    category: row.category,
    title: row.title,
    body: row.body,
    link: row.link,
    read: row.readAt !== null,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The signed-in person's notifications, newest first, with their unread count. */
export async function listNotifications(db: Db, ctx: ServiceContext, query: NotificationListQuery): Promise<NotificationListDto> {
  const cursor = decodeCursor(query.cursor);
  if (cursor && (cursor.length !== 2 || !cursor.every((v) => typeof v === 'string')))
    throw validationFailed([{ path: 'cursor', message: 'Invalid cursor' }], 'The cursor is not valid.');
  const rows = await selectNotifications(db, ctx.actor.userId, {
    unread: query.unread,
    after: cursor as [string, string] | undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toNotificationDto),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.sortAt, last.id]) : null,
    unreadCount: await countUnread(db, ctx.actor.userId),
  };
}

/**
 * A person's newest notifications (at most `limit`, no paging) and their unread count as queries
 * not run yet, so a page can read them with its other parts in one statement. `userId` is the
 * signed-in person's own (a placeholder filled with it, in a statement built once).
 */
export function notificationInboxReads(
  db: Db,
  userId: string | Placeholder,
  query: { unread?: boolean; limit: number },
): { items: DeferredRead<NotificationDto[]>; unreadCount: DeferredRead<number> } {
  return {
    items: deferRead(
      selectNotifications(db, userId, { ...(query.unread !== undefined ? { unread: query.unread } : {}), limit: query.limit }),
      (rows) => rows.map(toNotificationDto),
    ),
    unreadCount: deferRead(selectUnreadCount(db, userId), unreadCountFromRows),
  };
}

/** Tells the person's other open pages that the unread count changed. */
async function announceUnread(db: Db, userId: string, now: Date): Promise<number> {
  const unreadCount = await countUnread(db, userId);
  await publishEvent(db, { type: 'notification.read', audience: { userIds: [userId] }, data: { unreadCount } }, now);
  return unreadCount;
}

/** Marks one of the person's own notifications read (idempotent); anyone else's is 404. */
export async function readNotification(db: Db, ctx: ServiceContext, id: string): Promise<NotificationDto> {
  return db.transaction(async (tx) => {
    const row = await findOwnNotification(tx, ctx.actor.userId, id);
    if (!row) throw notFound('The notification');
    if (!row.readAt) {
      await markRead(tx, ctx.actor.userId, id, ctx.now);
      await announceUnread(tx, ctx.actor.userId, ctx.now);
    }
    return toNotificationDto((await findOwnNotification(tx, ctx.actor.userId, id))!);
  });
}

export async function readAllNotifications(db: Db, ctx: ServiceContext): Promise<{ updated: number; unreadCount: number }> {
  return db.transaction(async (tx) => {
    const updated = await markAllRead(tx, ctx.actor.userId, ctx.now);
    const unreadCount = updated > 0 ? await announceUnread(tx, ctx.actor.userId, ctx.now) : await countUnread(tx, ctx.actor.userId);
    return { updated, unreadCount };
  });
}
