import type { OutboxChannel } from '../outbox.tables.js';
import { TransportError, type DeliveryMessage, type Transport } from './transport.js';

/**
 * A provider for tests: it records every call, can be told to fail the next N calls, and acts on
 * a message id only once, like a provider that honours idempotency keys.
 */
export class FakeTransport implements Transport {
  readonly calls: DeliveryMessage[] = [];
  /** Message ids the receiver acted on, once each. */
  readonly acted: string[] = [];
  failuresLeft = 0;
  failPermanently = false;

  constructor(readonly channel: OutboxChannel = 'email') {}

  failNext(times: number): this {
    this.failuresLeft = times;
    return this;
  }

  async send(message: DeliveryMessage) {
    this.calls.push(message);
    if (this.failPermanently) throw new TransportError('rejected', true);
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new TransportError('http_503');
    }
    if (!this.acted.includes(message.messageId)) this.acted.push(message.messageId);
    return { providerId: `fake-${this.acted.indexOf(message.messageId)}` };
  }

  callsFor(messageId: string): number {
    return this.calls.filter((c) => c.messageId === messageId).length;
  }
}
