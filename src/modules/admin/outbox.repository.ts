import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.js';
import { outbox, type OutboxChannel, type OutboxStatus } from '../../platform/outbox/outbox.tables.js';

const columns = {
  id: outbox.id,
  channel: outbox.channel,
  to: outbox.recipient,
  subject: outbox.subject,
  text: outbox.text,
  template: outbox.template,
  status: outbox.status,
  attempts: outbox.attempts,
  createdAt: outbox.createdAt,
  /** Full-precision sort key for the cursor (a JS Date would drop microseconds). */
  sortAt: sql<string>`${outbox.createdAt}::text`,
};

export type OutboxRow = {
  id: string;
  channel: OutboxChannel;
  to: string;
  subject: string;
  text: string;
  template: string;
  status: OutboxStatus;
  attempts: number;
  createdAt: Date;
  sortAt: string;
};

/** Newest first, keyset by (created_at, id). */
export async function selectOutbox(
  db: Db,
  filters: { channel?: OutboxChannel; status?: OutboxStatus; after?: [string, string]; limit: number },
): Promise<OutboxRow[]> {
  const conditions: (SQL | undefined)[] = [];
  if (filters.channel) conditions.push(eq(outbox.channel, filters.channel));
  if (filters.status) conditions.push(eq(outbox.status, filters.status));
  if (filters.after)
    conditions.push(sql`(${outbox.createdAt}, ${outbox.id}) < (${filters.after[0]}::timestamptz, ${filters.after[1]}::uuid)`);
  return db
    .select(columns)
    .from(outbox)
    .where(and(...conditions))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(filters.limit);
}

export async function findOutboxMessage(db: Db, id: string): Promise<OutboxRow | undefined> {
  const [row] = await db.select(columns).from(outbox).where(eq(outbox.id, id)).limit(1);
  return row;
}

/** Puts a failed or dead message back in the queue; false when it is in any other state. */
export async function requeueOutboxMessage(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: null })
    .where(and(eq(outbox.id, id), inArray(outbox.status, ['failed', 'dead'])))
    .returning({ id: outbox.id });
  return rows.length === 1;
}
