import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';
import { outbox, type OutboxChannel } from './outbox.tables.js';

export interface OutgoingMessage {
  channel: OutboxChannel;
  to: string;
  recipientUserId?: string | null;
  /** Template name, e.g. 'identity.verify_email': what kind of message, for delivery and reports. */
  template: string;
  subject: string;
  /**
   * The rendered text. E-mail, SMS and push never carry clinical details (SECURITY.md): they say
   * what kind of news is waiting and ask the person to sign in.
   */
  text: string;
  /** De-duplication key: queueing the same message id twice keeps the first. */
  messageId?: string;
  metadata?: Record<string, unknown>;
}

/**
 * Queues a message in the outbox with the caller's handle, so it commits or rolls back with the
 * change that caused it. Delivery is the notifications service's job; with no transport
 * configured, messages wait here as `pending` and are readable on the admin outbox in demo mode.
 */
export async function queueMessage(db: Db, message: OutgoingMessage, now: Date): Promise<void> {
  await db
    .insert(outbox)
    .values({
      messageId: message.messageId ?? randomUUID(),
      channel: message.channel,
      recipient: message.to,
      recipientUserId: message.recipientUserId ?? null,
      template: message.template,
      subject: message.subject,
      text: message.text,
      metadata: message.metadata ?? {},
      status: 'pending',
      createdAt: now,
    })
    .onConflictDoNothing({ target: outbox.messageId });
}
