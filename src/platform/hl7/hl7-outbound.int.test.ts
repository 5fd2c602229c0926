import { eq } from 'drizzle-orm';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/app.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createOutboxDelivery } from '../outbox/delivery/outbox-delivery.js';
import { outbox } from '../outbox/outbox.tables.js';
import { queueLabOrderMessage } from './hl7-outbound.js';
import { MllpFramer, mllpFrame } from './mllp-framer.js';
import { mllpTransport } from './mllp-transport.js';
import type { OutboundLabOrder } from './orm-builder.js';

const logger = createLogger('silent');

/** An outside laboratory on 127.0.0.1: answers each framed message with what `answer` says. */
function startLaboratory() {
  const received: string[] = [];
  const state: { answer: 'AA' | 'AE' | 'AR' | 'silent' | 'wrong-id' } = { answer: 'AA' };
  const server: Server = createServer((socket) => {
    const framer = new MllpFramer(1_000_000);
    socket.on('data', (chunk: Buffer) => {
      for (const event of framer.push(chunk)) {
        if (event.kind !== 'message') continue;
        received.push(event.text);
        if (state.answer === 'silent') continue;
        const controlId = state.answer === 'wrong-id' ? 'someone-else' : event.text.split('\r')[0]!.split('|')[9];
        const code = state.answer === 'wrong-id' ? 'AA' : state.answer;
        socket.write(
          mllpFrame(
            `MSH|^~\\&|LIS|CITYLAB|CAREWELL|GENERAL|20261204100006||ACK^O01^ACK|lab-ack-${received.length}|P|2.5\rMSA|${code}|${controlId}|text that may quote the patient\r`,
          ),
        );
      }
    });
    socket.on('error', () => undefined);
  });
  return { server, received, state };
}

const order = (placerOrderNumber: string): OutboundLabOrder => ({
  placerOrderNumber,
  control: 'new',
  priority: 'stat',
  patient: { mrn: 'MRN-000042', familyName: 'Haddad', givenName: 'Lina', birthDate: '1980-02-03', sex: 'female' },
  orderingClinician: { id: 'D-7', familyName: 'Okafor', givenName: 'Chidi' },
  tests: [{ loinc: '51990-0', name: 'Basic metabolic panel' }],
  orderedAt: new Date('2026-12-04T09:58:00Z'),
});

describe('HL7 orders to an outside laboratory, through the outbox over MLLP', () => {
  const t = useTestApp();
  const laboratory = startLaboratory();
  let port = 0;
  const settings = loadConfig({ HL7_OUTBOUND_SENDER: 'CAREWELL^GENERAL', HL7_OUTBOUND_RECEIVER: 'LIS^CITYLAB' }).hl7Outbound;

  beforeAll(async () => {
    await new Promise<void>((resolve) => laboratory.server.listen(0, '127.0.0.1', resolve));
    port = (laboratory.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => laboratory.server.close(() => resolve())));

  const delivery = (ackTimeoutMs = 2_000) =>
    createOutboxDelivery({
      db: t.db,
      transports: { hl7: mllpTransport({ host: '127.0.0.1', port, tls: false, ackTimeoutMs, encryptor: t.app.deps.encryptor }) },
      clock: t.clock.now,
      logger,
    });
  const queue = (placer: string) => queueLabOrderMessage(t.db, { encryptor: t.app.deps.encryptor, settings }, order(placer), t.clock.now());
  const row = async (messageId: string) => (await t.db.select().from(outbox).where(eq(outbox.messageId, messageId)))[0]!;

  it('holds the order encrypted, sends it once, and keeps the ACK; queueing the same order again keeps the first', async () => {
    laboratory.state.answer = 'AA';
    const queued = await queue('L261204-000101');
    await queue('L261204-000101');
    const waiting = await row(queued.messageId);
    expect(waiting).toMatchObject({ channel: 'hl7', recipient: 'LIS^CITYLAB', template: 'hl7.orm_o01', status: 'pending' });
    expect(waiting.text).not.toContain('Haddad');
    expect(waiting.text).not.toContain('MRN-000042');
    expect(await t.db.select().from(outbox).where(eq(outbox.messageId, queued.messageId))).toHaveLength(1);

    const before = laboratory.received.length;
    expect(await delivery().deliverDue()).toMatchObject({ sent: 1 });
    expect(laboratory.received.length - before).toBe(1);
    const sent = laboratory.received.at(-1)!;
    expect(sent.split('\r')[0]!.split('|')[9]).toBe(queued.controlId);
    expect(sent).toContain('PID|1||MRN-000042^^^GENERAL^MR||Haddad^Lina');
    expect(await row(queued.messageId)).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect((await row(queued.messageId)).providerId).toMatch(/^lab-ack-/);
    // Delivered once: another pass sends nothing.
    expect(await delivery().deliverDue()).toMatchObject({ claimed: 0 });
  });

  it('AR and no answer are tried again later; AE goes to the dead letter; the laboratory’s text is never recorded', async () => {
    laboratory.state.answer = 'AR';
    const refused = await queue('L261204-000102');
    expect(await delivery().deliverDue()).toMatchObject({ retrying: 1 });
    expect(await row(refused.messageId)).toMatchObject({ status: 'pending', lastError: 'TransportError:hl7_ack_AR' });

    laboratory.state.answer = 'silent';
    t.clock.advance(60_000);
    expect(await delivery(200).deliverDue()).toMatchObject({ retrying: 1 });
    expect(await row(refused.messageId)).toMatchObject({ status: 'pending', lastError: 'TransportError:hl7_timeout' });

    laboratory.state.answer = 'wrong-id';
    t.clock.advance(120_000);
    expect(await delivery().deliverDue()).toMatchObject({ retrying: 1 });
    expect(await row(refused.messageId)).toMatchObject({ status: 'pending', lastError: 'TransportError:hl7_bad_ack' });

    laboratory.state.answer = 'AA';
    t.clock.advance(300_000);
    expect(await delivery().deliverDue()).toMatchObject({ sent: 1 });

    laboratory.state.answer = 'AE';
    const wrong = await queue('L261204-000103');
    expect(await delivery().deliverDue()).toMatchObject({ dead: 1 });
    const dead = await row(wrong.messageId);
    expect(dead).toMatchObject({ status: 'dead', lastError: 'TransportError:hl7_ack_AE' });
    expect(JSON.stringify(dead)).not.toContain('quote the patient');
  });

  it('a laboratory that is not listening is tried again later', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const queued = await queue('L261204-000104');
    const unreachable = createOutboxDelivery({
      db: t.db,
      transports: {
        hl7: mllpTransport({ host: '127.0.0.1', port: closedPort, tls: false, ackTimeoutMs: 2_000, encryptor: t.app.deps.encryptor }),
      },
      clock: t.clock.now,
      logger,
    });
    expect(await unreachable.deliverDue()).toMatchObject({ retrying: 1 });
    expect(await row(queued.messageId)).toMatchObject({ status: 'pending', lastError: 'TransportError:hl7_unreachable' });
  });
});
