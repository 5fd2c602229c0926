import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { events } from './events.tables.js';

export interface StoredEvent {
  id: number;
  type: string;
  everyone: boolean;
  userIds: string[];
  roles: string[];
  departmentIds: string[];
  data: Record<string, unknown>;
  createdAt: Date;
}

/** Who a stream belongs to: the audience columns an event must name for it to be delivered. */
export interface Subscriber {
  userId: string;
  role: string;
  departmentId: string | null;
}

const columns = {
  id: events.id,
  type: events.type,
  everyone: events.everyone,
  userIds: events.userIds,
  roles: events.roles,
  departmentIds: events.departmentIds,
  data: events.data,
  createdAt: events.createdAt,
};

export async function insertEvent(db: Db, values: Omit<StoredEvent, 'id'>): Promise<number> {
  const [row] = await db.insert(events).values(values).returning({ id: events.id });
  return row!.id;
}

export async function findEvent(db: Db, id: number): Promise<StoredEvent | undefined> {
  const [row] = await db.select(columns).from(events).where(eq(events.id, id)).limit(1);
  return row;
}

/** Stored events after `afterId` that the subscriber may see, oldest first (the resume query). */
export async function selectVisibleEventsAfter(
  db: Db,
  subscriber: Subscriber,
  afterId: number,
  since: Date,
  limit: number,
): Promise<StoredEvent[]> {
  const audience = sql`(${events.everyone}
    or ${events.userIds} @> array[${subscriber.userId}]::uuid[]
    or ${subscriber.role}::text = any(${events.roles})
    ${subscriber.departmentId ? sql`or ${subscriber.departmentId}::uuid = any(${events.departmentIds})` : sql``})`;
  return db
    .select(columns)
    .from(events)
    .where(and(gt(events.id, afterId), gt(events.createdAt, since), audience))
    .orderBy(asc(events.id))
    .limit(limit);
}

export async function deleteEventsBefore(db: Db, before: Date): Promise<void> {
  await db.delete(events).where(lt(events.createdAt, before));
}

/** The subscriber's current department and whether their session still stands (checked periodically). */
export async function findStreamSubscriber(
  db: Db,
  sessionId: string,
): Promise<
  | {
      role: string;
      departmentId: string | null;
      revokedAt: Date | null;
      expiresAt: Date;
      lastSeenAt: Date;
      kind: string;
      disabledAt: Date | null;
    }
  | undefined
> {
  const result = await db.execute(sql`
    select u.role, u.disabled_at as "disabledAt", s.revoked_at as "revokedAt", s.expires_at as "expiresAt",
           s.last_seen_at as "lastSeenAt", s.kind,
           (select sp.department_id from staff_profiles sp where sp.user_id = u.id) as "departmentId"
      from sessions s join users u on u.id = s.user_id
     where s.id = ${sessionId}`);
  const row = (result as { rows: Record<string, unknown>[] }).rows[0];
  if (!row) return undefined;
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    role: row.role as string,
    departmentId: (row.departmentId as string | null) ?? null,
    revokedAt: date(row.revokedAt),
    expiresAt: date(row.expiresAt)!,
    lastSeenAt: date(row.lastSeenAt)!,
    kind: row.kind as string,
    disabledAt: date(row.disabledAt),
  };
}
