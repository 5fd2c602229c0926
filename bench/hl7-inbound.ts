import { writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { deriveKey, Encryptor } from '../src/platform/crypto.js';
import { openPostgres } from '../src/platform/db/database.js';
import { runMigrations } from '../src/platform/db/migrate.js';
import { startHl7Listener } from '../src/platform/hl7/hl7-listener.js';
import { receiveInboundMessage } from '../src/platform/hl7/receive-inbound-message.js';
import type { InboundLabResultOutcome } from '../src/platform/hl7/hl7-inbound.types.js';
import { oruMessage } from '../test/helpers/hl7-messages.js';
import { MllpTestClient, readAck } from '../test/helpers/mllp-client.js';

/**
 * Issue 13: inbound HL7 throughput, messages per second over ONE MLLP connection on PostgreSQL.
 * The sender works as lab systems do in original mode: it sends the next message only when the
 * previous one is acknowledged, so the figure is the per-message round trip (frame, parse, store
 * encrypted, claim the control id, file, settle, ACK). Filing is a fake that answers at once:
 * the labs module's own cost is measured by its bench, not here.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/hl7-inbound.ts
 *   BENCH_HL7_MESSAGES=2000 (default 1000) — also how many are sent pipelined (all at once) afterwards.
 *
 * It creates a scratch database next to the one named (migrated from scratch), and drops it after.
 * Results: bench/results/latest-hl7.md.
 */
const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL: the PostgreSQL server to measure on, e.g. postgres://postgres@127.0.0.1:5432/postgres');
const COUNT = Number(process.env.BENCH_HL7_MESSAGES ?? 1000);

async function main() {
  const scratch = `carewell_bench_hl7_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${scratch}`);
  const scratchUrl = new URL(url!);
  scratchUrl.pathname = `/${scratch}`;
  const database = await openPostgres(scratchUrl.toString());
  try {
    await runMigrations(database);
    const clock = () => new Date();
    const logger = pino({ level: 'warn' });
    const fileResult = async (): Promise<InboundLabResultOutcome> => ({
      outcome: 'filed',
      orderId: '00000000-0000-4000-8000-000000000001',
    });
    const deps = {
      db: database.db,
      clock,
      encryptor: new Encryptor({ v1: deriveKey('bench-secret-0123456789abcdef0123456789abcdef', 'columns-v1') }, 'v1'),
      logger,
      senders: [{ application: 'LIS', facility: 'CITYLAB' }],
      fileResult,
    };
    const listener = await startHl7Listener({
      port: 0,
      host: '127.0.0.1',
      allowedAddresses: ['127.0.0.1'],
      receive: async (text, address) => (await receiveInboundMessage(deps, text, address)).ack,
      clock,
      logger,
    });
    const client = await MllpTestClient.connect(listener.port);

    // Warm-up: connections, prepared plans, JIT of the parser.
    for (let i = 0; i < 50; i += 1) {
      client.send(oruMessage({ controlId: `WARM-${i}` }));
      await client.acknowledgements(i + 1);
    }
    const latencies: number[] = [];
    const started = performance.now();
    for (let i = 0; i < COUNT; i += 1) {
      const sent = performance.now();
      client.send(oruMessage({ controlId: `SEQ-${i}` }));
      await client.acknowledgements(50 + i + 1);
      latencies.push(performance.now() - sent);
    }
    const sequentialSeconds = (performance.now() - started) / 1000;

    const pipelinedStart = performance.now();
    client.send(...Array.from({ length: COUNT }, (_, i) => oruMessage({ controlId: `PIPE-${i}` })));
    const all = await client.acknowledgements(50 + 2 * COUNT, 600_000);
    const pipelinedSeconds = (performance.now() - pipelinedStart) / 1000;
    const notAccepted = all.filter((ack) => readAck(ack).code !== 'AA').length;
    await client.end();
    await listener.close();

    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]!.toFixed(1);
    const report = [
      '# Inbound HL7 throughput (one MLLP connection, PostgreSQL)',
      '',
      `${COUNT} ORU^R01 messages (4 OBX each), filing faked; written by bench/hl7-inbound.ts.`,
      '',
      '| mode | messages/s | p50 ms | p99 ms |',
      '|---|---:|---:|---:|',
      `| one at a time (wait for each ACK) | ${(COUNT / sequentialSeconds).toFixed(0)} | ${at(0.5)} | ${at(0.99)} |`,
      `| pipelined (all sent at once) | ${(COUNT / pipelinedSeconds).toFixed(0)} | | |`,
      '',
      `Acknowledgements other than AA: ${notAccepted}.`,
      '',
    ].join('\n');
    writeFileSync(path.join(import.meta.dirname, 'results', 'latest-hl7.md'), report);
    process.stdout.write(report);
    if (notAccepted > 0) process.exitCode = 1;
  } finally {
    await database.close();
    await admin.query(`drop database if exists ${scratch}`);
    await admin.end();
  }
}

void main();
