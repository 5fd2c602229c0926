import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { outbox, type OutboxChannel } from '../outbox.tables.js';

export interface ClaimedMessage {
  id: string;
  messageId: string;
  channel: OutboxChannel;
  recipient: string;
  recipientUserId: string | null;
  template: string;
  subject: string;
  text: string;
  metadata: Record<string, unknown>;
  /** Attempts including this one: the claim's fence for finishing it. */
  attempts: number;
}

/**
 * Claims up to `limit` due messages in one statement: pending ones whose next attempt is due, and
 * `sending` ones whose lease expired (their worker died mid-send). `FOR UPDATE SKIP LOCKED` lets
 * concurrent workers take disjoint rows; each claim counts as an attempt.
 */
export async function claimDueMessages(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedMessage[]> {
  const result = await db.execute(sql`
    update ${outbox}
       set status = 'sending', attempts = attempts + 1, locked_until = ${leaseUntil.toISOString()}::timestamptz
     where id in (
       select id from ${outbox}
        where (status = 'pending' and (next_attempt_at is null or next_attempt_at <= ${now.toISOString()}::timestamptz))
           or (status = 'sending' and locked_until <= ${now.toISOString()}::timestamptz)
        order by coalesce(next_attempt_at, created_at), id
        limit ${limit}
        for update skip locked
     )
    returning id, message_id, channel, recipient, recipient_user_id, template, subject, text, metadata, attempts`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: r.id as string,
    messageId: r.message_id as string,
    channel: r.channel as OutboxChannel,
    recipient: r.recipient as string,
    recipientUserId: (r.recipient_user_id as string | null) ?? null,
    template: r.template as string,
    subject: r.subject as string,
    text: r.text as string,
    metadata: (typeof r.metadata === 'string' ? JSON.parse(r.metadata) : r.metadata) as Record<string, unknown>,
    attempts: Number(r.attempts),
  }));
}

/** The claim still holds: nobody reclaimed the row after this worker's lease ran out. */
const stillClaimed = (message: ClaimedMessage) =>
  and(eq(outbox.id, message.id), eq(outbox.status, 'sending'), eq(outbox.attempts, message.attempts));

export async function markDelivered(
  db: Db,
  message: ClaimedMessage,
  outcome: { status: 'sent' | 'captured'; providerId: string | null },
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({
      status: outcome.status,
      providerId: outcome.providerId,
      sentAt: outcome.status === 'sent' ? now : null,
      lockedUntil: null,
      nextAttemptAt: null,
      lastError: null,
    })
    .where(stillClaimed(message))
    .returning({ id: outbox.id });
  return rows.length === 1;
}

export async function markFailed(
  db: Db,
  message: ClaimedMessage,
  outcome: { dead: boolean; nextAttemptAt: Date | null; lastError: string },
): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({
      status: outcome.dead ? 'dead' : 'pending',
      nextAttemptAt: outcome.dead ? null : outcome.nextAttemptAt,
      lastError: outcome.lastError,
      lockedUntil: null,
    })
    .where(stillClaimed(message))
    .returning({ id: outbox.id });
  return rows.length === 1;
}
