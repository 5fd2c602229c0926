import net from 'node:net';
import { MllpFramer, mllpFrame } from '../../src/platform/hl7/mllp-framer.js';

/**
 * A minimal MLLP sender for tests and the bench: writes raw bytes (so a test can split frames or
 * join two in one write) and collects the acknowledgements in order.
 */
export class MllpTestClient {
  private readonly framer = new MllpFramer(10_000_000);
  private readonly acks: string[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  closed: Promise<void>;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const event of this.framer.push(chunk)) if (event.kind === 'message') this.acks.push(event.text);
      this.waiters = this.waiters.filter((w) => (this.acks.length >= w.count ? (w.resolve(), false) : true));
    });
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
  }

  static connect(port: number, host = '127.0.0.1'): Promise<MllpTestClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host }, () => resolve(new MllpTestClient(socket)));
      socket.once('error', reject);
    });
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  send(...messages: string[]): void {
    this.socket.write(Buffer.concat(messages.map(mllpFrame)));
  }

  /** Resolves with the first `count` acknowledgements received on this connection. */
  async acknowledgements(count: number, timeoutMs = 10_000): Promise<string[]> {
    if (this.acks.length < count) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${this.acks.length} of ${count} acknowledgements arrived`)), timeoutMs);
        this.waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    }
    return this.acks.slice(0, count);
  }

  end(): Promise<void> {
    this.socket.end();
    return this.closed;
  }
}

/** MSA-1 and MSA-3 of an acknowledgement, and its ERR segment when there is one. */
export function readAck(ack: string): { code: string; controlId: string; reason: string; err: string | undefined } {
  const segments = ack.split('\r');
  const msa = (segments.find((s) => s.startsWith('MSA|')) ?? '').split('|');
  return { code: msa[1] ?? '', controlId: msa[2] ?? '', reason: msa[3] ?? '', err: segments.find((s) => s.startsWith('ERR|')) };
}
