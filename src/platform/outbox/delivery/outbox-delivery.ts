import type { Logger } from 'pino';
import type { Db } from '../../db/database.js';
import type { OutboxChannel } from '../outbox.tables.js';
import { retryDelayMs } from './backoff.js';
import { claimDueMessages, markDelivered, markFailed, type ClaimedMessage } from './delivery.repository.js';
import { capturingTransport, describeDeliveryError, TransportError, type Transport } from './transport.js';

export interface OutboxDeliveryOptions {
  db: Db;
  /** Configured transports by channel; a channel without one captures its messages. */
  transports: Partial<Record<OutboxChannel, Transport>>;
  clock: () => Date;
  logger: Logger;
  /** Attempts before a message is dead (dead-letter). */
  maxAttempts?: number;
  /** How long a claim holds before another worker may take the message again. */
  leaseMs?: number;
  batchSize?: number;
}

export interface DeliveryReport {
  claimed: number;
  sent: number;
  captured: number;
  retrying: number;
  dead: number;
}

export interface OutboxDelivery {
  /** Claims and delivers due messages until none are left (bounded per call). */
  deliverDue(): Promise<DeliveryReport>;
  /** The two halves of one delivery, separately: tests use them to stop a worker mid-send. */
  claim(limit?: number): Promise<ClaimedMessage[]>;
  deliver(message: ClaimedMessage): Promise<'sent' | 'captured' | 'retrying' | 'dead' | 'lost_claim'>;
}

export const DEFAULT_MAX_ATTEMPTS = 8;
/** Longer than a batch of sends at the transports' 10-second timeouts. */
export const DEFAULT_LEASE_MS = 5 * 60_000;

/**
 * Delivers the transactional outbox: claim in a short statement, send outside any transaction
 * with the row's message id as the provider's idempotency key, then record the outcome only if
 * the claim still holds. A worker that dies mid-send leaves a lease that expires; the next worker
 * sends again with the same message id, so a de-duplicating provider acts once.
 */
export function createOutboxDelivery(options: OutboxDeliveryOptions): OutboxDelivery {
  const { db, clock, logger } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const batchSize = options.batchSize ?? 10;

  const transportFor = (channel: OutboxChannel): Transport => options.transports[channel] ?? capturingTransport(channel);

  async function claim(limit = batchSize): Promise<ClaimedMessage[]> {
    const now = clock();
    return claimDueMessages(db, now, new Date(now.getTime() + leaseMs), limit);
  }

  async function deliver(message: ClaimedMessage): Promise<'sent' | 'captured' | 'retrying' | 'dead' | 'lost_claim'> {
    try {
      const result = await transportFor(message.channel).send({
        messageId: message.messageId,
        channel: message.channel,
        to: message.recipient,
        recipientUserId: message.recipientUserId,
        template: message.template,
        subject: message.subject,
        text: message.text,
        metadata: message.metadata,
      });
      const status = result.captured ? 'captured' : 'sent';
      const recorded = await markDelivered(db, message, { status, providerId: result.providerId?.slice(0, 200) ?? null }, clock());
      return recorded ? status : 'lost_claim';
    } catch (error) {
      const lastError = describeDeliveryError(error);
      const dead = message.attempts >= maxAttempts || (error instanceof TransportError && error.permanent);
      const nextAttemptAt = dead ? null : new Date(clock().getTime() + retryDelayMs(message.attempts));
      logger.warn(
        { outboxId: message.id, channel: message.channel, attempts: message.attempts, error: lastError, dead },
        'outbox: delivery failed',
      );
      const recorded = await markFailed(db, message, { dead, nextAttemptAt, lastError });
      return recorded ? (dead ? 'dead' : 'retrying') : 'lost_claim';
    }
  }

  async function deliverDue(): Promise<DeliveryReport> {
    const report: DeliveryReport = { claimed: 0, sent: 0, captured: 0, retrying: 0, dead: 0 };
    // Bounded so one call cannot run forever while messages keep arriving.
    for (let round = 0; round < 10; round += 1) {
      const batch = await claim();
      if (batch.length === 0) break;
      report.claimed += batch.length;
      for (const message of batch) {
        const outcome = await deliver(message);
        if (outcome !== 'lost_claim') report[outcome] += 1;
      }
      if (batch.length < batchSize) break;
    }
    return report;
  }

  return { deliverDue, claim, deliver };
}
