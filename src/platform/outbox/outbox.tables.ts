import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, instant } from '../db/columns.js';

export const OUTBOX_CHANNELS = ['email', 'sms', 'push', 'hl7'] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'captured', 'failed', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Every outgoing message is written here in the same transaction as the change that causes it.
 * The delivery worker (./delivery) sends `pending` ones with retries and backoff; after the maximum
 * attempts a message is `dead`. Without a configured transport it becomes `captured` (readable in
 * the admin outbox in demo mode).
 */
export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    /** De-duplication key: the same logical message is never queued twice. */
    messageId: text('message_id').notNull(),
    channel: text('channel').$type<OutboxChannel>().notNull(),
    recipient: text('recipient').notNull(),
    recipientUserId: uuid('recipient_user_id'),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    template: text('template').notNull(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: instant('next_attempt_at'),
    /** While `sending`: the claim's lease. A worker killed mid-send leaves it to expire and be reclaimed. */
    lockedUntil: instant('locked_until'),
    /** The provider's id for a delivered message (SMTP response id, SMS sid), for tracing with the provider. */
    providerId: text('provider_id'),
    sentAt: instant('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('outbox_message_id_key').on(t.messageId),
    index('outbox_created_idx').on(t.createdAt, t.id),
    index('outbox_status_idx').on(t.status, t.nextAttemptAt),
  ],
);
