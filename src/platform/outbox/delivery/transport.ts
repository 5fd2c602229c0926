import type { OutboxChannel } from '../outbox.tables.js';

/** What a transport needs to send one outbox row: never more than the row itself holds. */
export interface DeliveryMessage {
  /** The outbox row's message id: every provider gets it as its idempotency key. */
  messageId: string;
  channel: OutboxChannel;
  to: string;
  recipientUserId: string | null;
  template: string;
  subject: string;
  text: string;
  metadata: Record<string, unknown>;
}

export interface TransportResult {
  /** The provider's id for the message (SMTP response, SMS sid), kept on the row for tracing. */
  providerId?: string;
  /** The message was kept in the outbox instead of being sent (no provider configured). */
  captured?: boolean;
}

/** One way out per channel; the delivery worker never knows which provider is behind it. */
export interface Transport {
  channel: OutboxChannel;
  send(message: DeliveryMessage): Promise<TransportResult>;
}

/**
 * A failure the transport understands. `permanent` means trying again cannot help (a rejected
 * address, no device to push to): the message goes straight to the dead letter. The code is what
 * `last_error` records — never the provider's text, which can quote the recipient.
 */
export class TransportError extends Error {
  constructor(
    readonly code: string,
    readonly permanent = false,
  ) {
    super(code);
    this.name = 'TransportError';
  }
}

/**
 * The offline substitute: with no provider configured for a channel the message stays in the
 * outbox as `captured` (readable on the admin outbox in demo mode), behind the same interface.
 */
export function capturingTransport(channel: OutboxChannel): Transport {
  return {
    channel,
    async send() {
      return { captured: true };
    },
  };
}

/** The `last_error` text for a failure: an error class and code, nothing from the message or recipient. */
export function describeDeliveryError(error: unknown): string {
  if (error instanceof TransportError) return `TransportError:${error.code}`;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && /^[\w.-]{1,40}$/.test(code) ? `${error.name}:${code}` : error.name;
  }
  return 'UnknownError';
}
