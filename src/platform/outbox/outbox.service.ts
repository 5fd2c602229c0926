import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
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
 * change that caused it. The delivery worker (./delivery) sends it with retries; with no transport
 * configured for the channel it becomes `captured`, readable on the admin outbox in demo mode.
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
  queued.emit('queued');
}

const queued = new EventEmitter();
queued.setMaxListeners(0);

/** In-process signal that a message was queued (the delivery worker wakes up early). */
export function onMessageQueued(listener: () => void): () => void {
  queued.on('queued', listener);
  return () => queued.off('queued', listener);
}
