import net from 'node:net';
import tls from 'node:tls';
import type { Encryptor } from '../crypto.js';
import { TransportError, type DeliveryMessage, type Transport } from '../outbox/delivery/transport.js';
import { hl7Library, loadHl7Library } from './hl7-library.js';
import { MllpFramer, mllpFrame } from './mllp-framer.js';

/** An ACK is a few hundred bytes; anything far larger is not an ACK. */
const MAX_ACK_BYTES = 64 * 1024;

export interface MllpTransportOptions {
  host: string;
  port: number;
  /** MLLP inside TLS (the system's certificate authorities, or `ca`). */
  tls: boolean;
  ca?: Buffer;
  ackTimeoutMs: number;
  encryptor: Encryptor;
}

/**
 * The outbox's `hl7` channel: one connection per message (outside laboratories commonly accept
 * this, and the outbox already spaces and retries sends), the framed message, then one framed
 * ACK whose MSA-2 must quote our control id.
 * - AA / CA: delivered; the ACK's control id is kept as the provider id.
 * - AE / CE: the laboratory found an error in the message; sending it again cannot help (dead
 *   letter, for a person to look at).
 * - AR / CR, no answer in time, a refused connection, an unreadable ACK: tried again later.
 * Errors record a code only — never the laboratory's text, which can quote the patient.
 */
export function mllpTransport(options: MllpTransportOptions): Transport {
  return {
    channel: 'hl7',
    async send(message) {
      const text = readMessage(options.encryptor, message);
      const controlId = typeof message.metadata.controlId === 'string' ? message.metadata.controlId : '';
      const ack = await exchange(options, text);
      await loadHl7Library();
      const parsed = readAck(ack);
      if (!parsed || parsed.controlId !== controlId) throw new TransportError('hl7_bad_ack');
      if (parsed.code === 'AA' || parsed.code === 'CA') return { providerId: parsed.ackControlId || undefined };
      if (parsed.code === 'AE' || parsed.code === 'CE') throw new TransportError(`hl7_ack_${parsed.code}`, true);
      throw new TransportError(`hl7_ack_${parsed.code === 'AR' || parsed.code === 'CR' ? parsed.code : 'unknown'}`);
    },
  };
}

function readMessage(encryptor: Encryptor, message: DeliveryMessage): string {
  try {
    return encryptor.decrypt(message.text);
  } catch {
    // Encrypted under a key this process does not hold: no retry will read it.
    throw new TransportError('hl7_unreadable', true);
  }
}

function readAck(text: string): { code: string; controlId: string; ackControlId: string } | null {
  try {
    const ack = new (hl7Library().Message)({ text });
    return { code: ack.get('MSA.1').toString(), controlId: ack.get('MSA.2').toString(), ackControlId: ack.get('MSH.10').toString() };
  } catch {
    return null;
  }
}

/** Connects, sends one framed message and resolves with the first framed answer. */
function exchange(options: MllpTransportOptions, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const framer = new MllpFramer(MAX_ACK_BYTES);
    let settled = false;
    const finish = (outcome: { ack: string } | { error: TransportError }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if ('ack' in outcome) resolve(outcome.ack);
      else reject(outcome.error);
    };
    const onConnect = () => socket.write(mllpFrame(text));
    const socket = options.tls
      ? tls.connect(
          {
            host: options.host,
            port: options.port,
            servername: net.isIP(options.host) ? undefined : options.host,
            ...(options.ca ? { ca: options.ca } : {}),
          },
          onConnect,
        )
      : net.connect({ host: options.host, port: options.port }, onConnect);
    const timer = setTimeout(() => finish({ error: new TransportError('hl7_timeout') }), options.ackTimeoutMs);
    socket.on('data', (chunk: Buffer) => {
      for (const event of framer.push(chunk)) {
        if (event.kind === 'message') return finish({ ack: event.text });
        if (event.kind === 'too_large') return finish({ error: new TransportError('hl7_bad_ack') });
      }
    });
    socket.on('error', () => finish({ error: new TransportError('hl7_unreachable') }));
    socket.on('close', () => finish({ error: new TransportError('hl7_closed_without_ack') }));
  });
}
