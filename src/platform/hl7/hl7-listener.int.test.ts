import { asc, eq } from 'drizzle-orm';
import Fastify from 'fastify';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/app.js';
import { oruMessage } from '../../../test/helpers/hl7-messages.js';
import { MllpTestClient, readAck } from '../../../test/helpers/mllp-client.js';
import type { JobRunner } from '../jobs/job-runner.js';
import { hl7InboundMessages } from './hl7-inbound.tables.js';
import type { InboundLabResultInput, InboundLabResultOutcome } from './hl7-inbound.types.js';
import { startHl7Listener, type Hl7Listener } from './hl7-listener.js';
import { mllpFrame } from './mllp-framer.js';
import { receiveInboundMessage, type InboundSummary } from './receive-inbound-message.js';
import { registerHl7Inbound } from './index.js';

describe('HL7 listener over MLLP on 127.0.0.1', () => {
  const t = useTestApp();
  const logLines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
  const filed: InboundLabResultInput[] = [];
  /** The fake filer: accession ACC-UNKNOWN is unmatched, ACC-BROKEN throws, anything else is filed. */
  const fileResult = async (input: InboundLabResultInput): Promise<InboundLabResultOutcome> => {
    if (input.accessionNumber === 'ACC-BROKEN') throw new Error(`database fell over while filing ${input.patientMrn}`);
    if (input.accessionNumber === 'ACC-UNKNOWN') return { outcome: 'unmatched', reason: 'No order has this accession number' };
    filed.push(input);
    return { outcome: 'filed', orderId: '00000000-0000-4000-8000-000000000001' };
  };
  let listener: Hl7Listener;
  const clients: MllpTestClient[] = [];
  const connect = async () => {
    const client = await MllpTestClient.connect(listener.port);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const deps = {
      db: t.db,
      clock: t.clock.now,
      encryptor: t.app.deps.encryptor,
      logger,
      senders: [{ application: 'LIS', facility: 'CITYLAB' }],
      fileResult,
    };
    listener = await startHl7Listener({
      port: 0,
      host: '127.0.0.1',
      allowedAddresses: ['127.0.0.1'],
      receive: async (text, address) => (await receiveInboundMessage(deps, text, address)).ack,
      clock: t.clock.now,
      logger,
    });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.end()));
  });
  afterAll(async () => {
    await listener.close();
  });

  const rows = () => t.db.select().from(hl7InboundMessages).orderBy(asc(hl7InboundMessages.receivedAt), asc(hl7InboundMessages.controlId));
  const rowsFor = async (controlId: string) => (await rows()).filter((r) => r.controlId === controlId);
  const summaryOf = (encrypted: string | null) => JSON.parse(t.app.deps.encryptor.decrypt(encrypted!)) as InboundSummary;

  it('acknowledges a good message (AA), files it once, and stores it encrypted with the clock time', async () => {
    filed.length = 0;
    const client = await connect();
    client.send(oruMessage({ controlId: 'GOOD-1' }));
    const [ack] = await client.acknowledgements(1);
    expect(readAck(ack!)).toEqual({ code: 'AA', controlId: 'GOOD-1', reason: '', err: undefined });
    expect(ack).toMatch(/^MSH\|\^~\\&\|CAREWELL\|HOSP\|LIS\|CITYLAB\|20261127090000\+0000\|\|ACK\^R01\^ACK\|/);
    expect(filed).toHaveLength(1);
    expect(filed[0]).toMatchObject({ accessionNumber: 'ACC-2026-0042', patientMrn: 'MRN000123' });
    expect(filed[0]!.results.map((r) => r.loinc)).toEqual(['2823-3', '2951-2', '2345-7', '8251-1']);
    const [row] = await rowsFor('GOOD-1');
    expect(row).toMatchObject({
      sendingApplication: 'LIS',
      sendingFacility: 'CITYLAB',
      messageType: 'ORU^R01',
      sourceAddress: '127.0.0.1',
      status: 'filed',
      reason: null,
      orderCount: 1,
      observationCount: 4,
      receivedAt: t.clock.now(),
    });
    expect(row!.rawMessageEncrypted).not.toContain('MRN000123');
    expect(t.app.deps.encryptor.decrypt(row!.rawMessageEncrypted)).toBe(oruMessage({ controlId: 'GOOD-1' }));
    expect(summaryOf(row!.summaryEncrypted).orders[0]!.outcome).toEqual({
      outcome: 'filed',
      orderId: '00000000-0000-4000-8000-000000000001',
    });
  });

  it('NAKs a malformed message (AE with the reason in MSA-3 and ERR), keeps it, and answers the next one on the same connection', async () => {
    const client = await connect();
    const malformed = oruMessage({ controlId: 'BAD-1', body: ['OBR|1|P1|F1', 'OBX|1|NM|2823-3^K^LN||high|mmol/L|||||F'] });
    client.send(malformed, oruMessage({ controlId: 'AFTER-BAD-1' }));
    const [nak, ack] = await client.acknowledgements(2);
    expect(readAck(nak!)).toMatchObject({ code: 'AE', controlId: 'BAD-1', reason: 'OBX 1: OBX-5 is not a number although OBX-2 is NM' });
    expect(readAck(nak!).err).toMatch(/^ERR\|\|\|101\^Required field missing\^HL70357\|E\|\|\|\|OBX 1: OBX-5 is not a number/);
    expect(readAck(ack!)).toMatchObject({ code: 'AA', controlId: 'AFTER-BAD-1' });
    const [kept] = await rowsFor('BAD-1');
    expect(kept).toMatchObject({ status: 'rejected', reason: 'OBX 1: OBX-5 is not a number although OBX-2 is NM', summaryEncrypted: null });
    expect(t.app.deps.encryptor.decrypt(kept!.rawMessageEncrypted)).toBe(malformed);
    expect(await rowsFor('AFTER-BAD-1')).toMatchObject([{ status: 'filed' }]);
  });

  it('keeps and NAKs bytes that are not HL7 at all, with no control id to echo', async () => {
    const client = await connect();
    client.write(mllpFrame('hello, is this the lab?'));
    const [nak] = await client.acknowledgements(1);
    expect(readAck(nak!)).toMatchObject({ code: 'AE', controlId: '' });
    expect(readAck(nak!).reason).toMatch(/Not one HL7 v2 message/);
    const unreadable = (await rows()).filter((r) => r.controlId === null);
    expect(unreadable.map((r) => t.app.deps.encryptor.decrypt(r.rawMessageEncrypted))).toContain('hello, is this the lab?');
  });

  it('acknowledges a duplicate control id (AA) without filing it again, and stores it as a duplicate', async () => {
    filed.length = 0;
    const client = await connect();
    client.send(oruMessage({ controlId: 'DUP-1' }));
    await client.acknowledgements(1);
    const second = await connect();
    second.send(oruMessage({ controlId: 'DUP-1' }));
    const [ack] = await second.acknowledgements(1);
    expect(readAck(ack!)).toMatchObject({ code: 'AA', controlId: 'DUP-1' });
    expect(readAck(ack!).reason).toMatch(/^Duplicate/);
    expect(filed).toHaveLength(1);
    expect((await rowsFor('DUP-1')).map((r) => r.status).sort()).toEqual(['duplicate', 'filed']);
  });

  it('acknowledges an unmatched result (AA) and holds it as unmatched with the reason, for reconciliation', async () => {
    const client = await connect();
    const body = ['OBR|1|P9|ACC-UNKNOWN', 'OBX|1|NM|2823-3^Potassium^LN||6.8|mmol/L|||||F'];
    client.send(oruMessage({ controlId: 'UNM-1', body }));
    const [ack] = await client.acknowledgements(1);
    expect(readAck(ack!)).toMatchObject({ code: 'AA', controlId: 'UNM-1' });
    const [row] = await rowsFor('UNM-1');
    expect(row).toMatchObject({ status: 'unmatched', reason: 'OBR 1: No order has this accession number' });
    expect(summaryOf(row!.summaryEncrypted).orders[0]).toMatchObject({
      accessionNumber: 'ACC-UNKNOWN',
      patientMrn: 'MRN000123',
      results: [{ loinc: '2823-3', value: 6.8 }],
      outcome: { outcome: 'unmatched' },
    });
  });

  it('files a control id once when several connections send it at the same moment', async () => {
    filed.length = 0;
    const senders = await Promise.all([connect(), connect(), connect(), connect()]);
    for (const client of senders) client.send(oruMessage({ controlId: 'RACE-1' }));
    const acks = await Promise.all(senders.map(async (client) => readAck((await client.acknowledgements(1))[0]!)));
    expect(acks.map((a) => a.code)).toEqual(['AA', 'AA', 'AA', 'AA']);
    expect(filed).toHaveLength(1);
    expect((await rowsFor('RACE-1')).map((r) => r.status).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'filed']);
  });

  it('refuses an unregistered sender (AR) without filing, and keeps the message', async () => {
    filed.length = 0;
    const client = await connect();
    client.send(oruMessage({ controlId: 'STRANGER-1', sendingFacility: 'OTHERLAB' }));
    const [nak] = await client.acknowledgements(1);
    // The ^ of the reason travels escaped (\S\): the field would otherwise split into components.
    expect(readAck(nak!)).toMatchObject({
      code: 'AR',
      controlId: 'STRANGER-1',
      reason: 'Sender LIS\\S\\OTHERLAB is not registered with this hospital',
    });
    expect(filed).toHaveLength(0);
    expect(await rowsFor('STRANGER-1')).toMatchObject([
      { status: 'rejected', sendingFacility: 'OTHERLAB', reason: 'Sender LIS^OTHERLAB is not registered with this hospital' },
    ]);
  });

  it('answers AR when filing fails, releases the control id, and takes in the resend', async () => {
    const client = await connect();
    const body = ['OBR|1|P9|ACC-BROKEN', 'OBX|1|NM|2823-3^Potassium^LN||6.8|mmol/L|||||F'];
    client.send(oruMessage({ controlId: 'RETRY-1', body }));
    const [nak] = await client.acknowledgements(1);
    expect(readAck(nak!)).toMatchObject({ code: 'AR', reason: 'The result could not be filed; resend later' });
    client.send(oruMessage({ controlId: 'RETRY-1' }));
    const [, ack] = await client.acknowledgements(2);
    expect(readAck(ack!)).toMatchObject({ code: 'AA', reason: '' });
    expect((await rowsFor('RETRY-1')).map((r) => r.status).sort()).toEqual(['filed', 'rejected']);
  });

  it('reassembles a message split across TCP writes, byte by byte at the frame edges', async () => {
    const client = await connect();
    const frame = mllpFrame(oruMessage({ controlId: 'SPLIT-1' }));
    const cuts = [0, 1, 40, 200, frame.length - 2, frame.length - 1, frame.length];
    for (let i = 0; i + 1 < cuts.length; i += 1) {
      client.write(frame.subarray(cuts[i], cuts[i + 1]));
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    const [ack] = await client.acknowledgements(1);
    expect(readAck(ack!)).toMatchObject({ code: 'AA', controlId: 'SPLIT-1' });
    expect(await rowsFor('SPLIT-1')).toMatchObject([{ status: 'filed', observationCount: 4 }]);
  });

  it('answers two messages sent in one write, in order, and a third that shares the write with half of a fourth', async () => {
    const client = await connect();
    const fourth = mllpFrame(oruMessage({ controlId: 'JOIN-4' }));
    client.write(
      Buffer.concat([mllpFrame(oruMessage({ controlId: 'JOIN-1' })), mllpFrame(oruMessage({ controlId: 'JOIN-2', segmentEnd: '\r\n' }))]),
    );
    client.write(Buffer.concat([mllpFrame(oruMessage({ controlId: 'JOIN-3' })), fourth.subarray(0, 100)]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.write(fourth.subarray(100));
    const acks = await client.acknowledgements(4);
    expect(acks.map((a) => readAck(a).controlId)).toEqual(['JOIN-1', 'JOIN-2', 'JOIN-3', 'JOIN-4']);
    expect(acks.map((a) => readAck(a).code)).toEqual(['AA', 'AA', 'AA', 'AA']);
  });

  it('closes a connection from an address outside the allowlist without reading it', async () => {
    const strict = await startHl7Listener({
      port: 0,
      host: '127.0.0.1',
      allowedAddresses: ['10.9.8.7'],
      receive: async () => {
        throw new Error('must not be called');
      },
      clock: t.clock.now,
      logger,
    });
    const socket = net.connect({ port: strict.port, host: '127.0.0.1' });
    socket.on('error', () => undefined);
    socket.write(mllpFrame(oruMessage({ controlId: 'OUTSIDER-1' })));
    await new Promise((resolve) => socket.on('close', resolve));
    await strict.close();
    expect(await rowsFor('OUTSIDER-1')).toEqual([]);
  });

  it('speaks MLLP inside TLS when given a certificate and key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carewell-hl7-tls-'));
    const [certFile, keyFile] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-days',
        '1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(certFile);
    const secure = await startHl7Listener({
      port: 0,
      host: '127.0.0.1',
      allowedAddresses: ['127.0.0.1'],
      tls: { cert, key: readFileSync(keyFile) },
      receive: async () => 'MSH|^~\\&|CAREWELL\rMSA|AA|TLS-1|\r',
      clock: t.clock.now,
      logger,
    });
    try {
      const socket = tls.connect({ port: secure.port, host: '127.0.0.1', ca: cert, servername: 'localhost' });
      socket.on('error', () => undefined);
      const reply = await new Promise<string>((resolve) => {
        socket.once('secureConnect', () => socket.write(mllpFrame(oruMessage({ controlId: 'TLS-1' }))));
        socket.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8')));
      });
      socket.destroy();
      expect(reply).toBe('\x0bMSH|^~\\&|CAREWELL\rMSA|AA|TLS-1|\r\x1c\r');
      // A plain-text sender to the TLS port gets nothing in clear.
      const plain = await MllpTestClient.connect(secure.port);
      plain.send(oruMessage({ controlId: 'TLS-2' }));
      await plain.closed;
      await expect(plain.acknowledgements(1, 200)).rejects.toThrow(/only 0 of 1/);
    } finally {
      await secure.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes no patient identifier, value or reason text to the log', () => {
    const log = logLines.join('\n');
    expect(log).toContain('hl7 inbound message');
    expect(log).not.toMatch(/MRN000123|DOE|6\.8|hemolysed|ACC-2026|No order has/);
  });
});

describe('registerHl7Inbound', () => {
  const t = useTestApp();
  const hl7Inbound = {
    port: 0,
    host: '127.0.0.1',
    senders: [{ application: 'LIS', facility: 'CITYLAB' }],
    allowedAddresses: ['127.0.0.1'],
    tls: undefined,
  };
  const appWith = (overrides: { runWorkers: boolean; jobs: boolean; configured: boolean }) => {
    const app = Fastify();
    app.decorate('deps', {
      ...t.app.deps,
      config: { ...t.config, runWorkers: overrides.runWorkers, hl7Inbound: overrides.configured ? hl7Inbound : undefined },
      jobs: overrides.jobs ? ({} as JobRunner) : undefined,
    });
    return app;
  };
  const fileResult = async (): Promise<InboundLabResultOutcome> => ({ outcome: 'filed', orderId: '00000000-0000-4000-8000-000000000002' });

  it('listens only in the process that runs workers, with a port configured, and stops on close', async () => {
    for (const off of [
      { runWorkers: false, jobs: true, configured: true },
      { runWorkers: true, jobs: false, configured: true },
      { runWorkers: true, jobs: true, configured: false },
    ]) {
      const app = appWith(off);
      const running = registerHl7Inbound(app, { fileResult });
      await app.ready();
      expect(running()).toBeUndefined();
      await app.close();
    }
    // A message a stopped process left half-filed: its claim is released before listening, so the resend is filed.
    await t.db.insert(hl7InboundMessages).values({
      sendingApplication: 'LIS',
      sendingFacility: 'CITYLAB',
      controlId: 'WIRED-1',
      messageType: 'ORU^R01',
      sourceAddress: '127.0.0.1',
      status: 'received',
      rawMessageEncrypted: t.app.deps.encryptor.encrypt(oruMessage({ controlId: 'WIRED-1' })),
      receivedAt: t.clock.now(),
    });
    const app = appWith({ runWorkers: true, jobs: true, configured: true });
    const running = registerHl7Inbound(app, { fileResult });
    await app.ready();
    const port = running()!.port;
    const client = await MllpTestClient.connect(port);
    client.send(oruMessage({ controlId: 'WIRED-1' }));
    expect(readAck((await client.acknowledgements(1))[0]!)).toMatchObject({ code: 'AA', controlId: 'WIRED-1', reason: '' });
    const wired = await t.db.select().from(hl7InboundMessages).where(eq(hl7InboundMessages.controlId, 'WIRED-1'));
    expect(wired.map((r) => [r.status, r.reason]).sort()).toEqual([
      ['filed', null],
      ['rejected', 'Interrupted before filing (the service stopped); the resend is taken in'],
    ]);
    await client.end();
    await app.close();
    expect(running()).toBeUndefined();
    await expect(MllpTestClient.connect(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
