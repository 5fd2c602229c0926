import net, { type AddressInfo, type Socket } from 'node:net';
import tls from 'node:tls';
import type { Logger } from 'pino';
import { buildAck } from './hl7-ack.js';
import { loadHl7Library } from './hl7-library.js';
import { MllpFramer, mllpFrame } from './mllp-framer.js';
import { parseOruR01 } from './oru-parser.js';

export interface Hl7ListenerOptions {
  port: number;
  host: string;
  /** Peer addresses allowed to connect; others are closed before a byte is read. */
  allowedAddresses: string[];
  /** PEM certificate and key: MLLP inside TLS. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Receives one message and returns the ACK/NAK text; throws only when the message could not be stored. */
  receive: (text: string, sourceAddress: string) => Promise<string>;
  clock: () => Date;
  logger: Logger;
  maxMessageBytes?: number;
  /** A connection silent this long is closed (senders reconnect). */
  idleTimeoutMs?: number;
}

export interface Hl7Listener {
  /** The bound port (the configured one, or the ephemeral one for port 0 in tests). */
  port: number;
  /** Stops accepting, lets each connection finish the message in hand (at most `drainMs`), then closes them. */
  close(drainMs?: number): Promise<void>;
}

const DEFAULT_MAX_MESSAGE_BYTES = 1_048_576;

/**
 * The MLLP listener. Each connection is answered in order, one message at a time (a sender waits
 * for the ACK of a message before the next in original mode, and order matters when a corrected
 * result follows a preliminary one). A message that cannot be parsed is NAKed and the connection
 * goes on with the next frame.
 */
export async function startHl7Listener(options: Hl7ListenerOptions): Promise<Hl7Listener> {
  const allowed = new Set(options.allowedAddresses.map(normaliseAddress));
  const connections = new Map<Socket, { idle: Promise<void> }>();
  const log = options.logger;

  const serve = (socket: Socket) => {
    const address = normaliseAddress(socket.remoteAddress ?? '');
    const framer = new MllpFramer(options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
    const state = { idle: Promise.resolve() };
    connections.set(socket, state);
    socket.setTimeout(options.idleTimeoutMs ?? 300_000, () => socket.end());
    socket.on('error', (error) => log.warn({ code: (error as NodeJS.ErrnoException).code }, 'hl7 listener: connection error'));
    socket.on('close', () => connections.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      for (const event of framer.push(chunk)) {
        if (event.kind === 'junk') log.warn({ bytes: event.bytes }, 'hl7 listener: bytes outside an MLLP frame skipped');
        else if (event.kind === 'too_large') {
          log.warn({ limit: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES }, 'hl7 listener: message too large, refused');
          state.idle = state.idle.then(() =>
            answer(
              socket,
              buildAck({ code: 'AE', header: null, reason: 'Message larger than the limit', errorCode: '100', now: options.clock() }),
            ),
          );
        } else {
          const text = event.text;
          state.idle = state.idle.then(() => handle(text, address)).then((ack) => answer(socket, ack));
        }
      }
    });
  };

  const handle = async (text: string, address: string): Promise<string> => {
    try {
      return await options.receive(text, address);
    } catch (error) {
      log.error({ error: (error as Error)?.name ?? 'Error' }, 'hl7 listener: message could not be stored');
      const reason = 'The message could not be stored; resend later';
      await loadHl7Library();
      return buildAck({ code: 'AR', header: parseOruR01(text).header, reason, errorCode: '207', now: options.clock() });
    }
  };

  const onConnection = (socket: Socket) => {
    const address = normaliseAddress(socket.remoteAddress ?? '');
    if (!allowed.has(address)) {
      log.warn({ address }, 'hl7 listener: connection from an address not on the allowlist refused');
      socket.destroy();
      return false;
    }
    return true;
  };

  const server = options.tls
    ? tls.createServer({ cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' }, serve)
    : net.createServer((socket) => {
        if (onConnection(socket)) serve(socket);
      });
  // For TLS the allowlist is checked on the raw socket, before the handshake.
  if (options.tls) server.on('connection', (socket: Socket) => void onConnection(socket));
  if (options.tls)
    server.on('tlsClientError', (error) => log.warn({ code: (error as NodeJS.ErrnoException).code }, 'hl7 listener: TLS handshake failed'));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error({ code: (error as NodeJS.ErrnoException).code }, 'hl7 listener: server error'));
  const port = (server.address() as AddressInfo).port;
  log.info({ host: options.host, port, tls: Boolean(options.tls) }, 'hl7 listener: accepting MLLP connections');

  return {
    port,
    async close(drainMs = 5_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const drained = Promise.all([...connections.values()].map((c) => c.idle));
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, drainMs).unref())]);
      for (const socket of connections.keys()) socket.destroy();
      await closed;
    },
  };
}

function answer(socket: Socket, ack: string): void {
  if (!socket.destroyed && socket.writable) socket.write(mllpFrame(ack));
}

/** IPv4 peers of a dual-stack socket appear as ::ffff:a.b.c.d. */
function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
