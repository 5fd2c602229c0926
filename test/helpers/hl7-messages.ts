import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { receiveInboundMessage } from '../../src/platform/hl7/receive-inbound-message.js';
import type { TestApp } from './app.js';

/**
 * Real-world shaped ORU^R01 messages for tests and the bench: a lab information system's basic
 * panel with repeating PID-3 identifiers (the MR one second), NTE comments, escapes and a
 * multi-line TX result. Options replace one part at a time.
 */
export interface OruOptions {
  sendingApplication?: string;
  sendingFacility?: string;
  controlId?: string;
  messageType?: string;
  pid3?: string;
  /** Replaces the OBR/OBX/NTE segments. */
  body?: string[];
  segmentEnd?: string;
}

export const DEFAULT_ORU_BODY = [
  'ORC|RE|PLC-77|ACC-2026-0042||CM',
  'OBR|1|PLC-77|ACC-2026-0042^CITYLAB|24323-8^Comprehensive metabolic panel^LN|||20261203074500|||||||||1234^SMITH^ANNA|||||||20261203081000||CH|F',
  'OBX|1|NM|2823-3^Potassium [Moles/volume] in Serum or Plasma^LN||6.8|mmol/L^millimole per liter^UCUM|3.5-5.1|HH|||F|||20261203080500+0000',
  'NTE|1|L|Critical value phoned to ward',
  'OBX|2|NM|2951-2^Sodium^LN||139|mmol/L|135-145|N|||F|||20261203080500+0000',
  'OBX|3|NM|2345-7^Glucose^LN||5.4|mmol/L|3.9-5.5|N|||P',
  'OBX|4|TX|8251-1^Service comment^LN||Sample slightly hemolysed \\F\\ repeat advised \\S\\ ok \\T\\ done \\R\\ see \\E\\ note~second line||||||C|||20261203090030+0000',
];

export function oruMessage(options: OruOptions = {}): string {
  const segments = [
    [
      'MSH',
      '^~\\&',
      options.sendingApplication ?? 'LIS',
      options.sendingFacility ?? 'CITYLAB',
      'CAREWELL',
      'HOSP',
      '20261203091500',
      '',
      options.messageType ?? 'ORU^R01^ORU_R01',
      options.controlId ?? 'MSG00001',
      'P',
      '2.5.1',
    ].join('|'),
    `PID|1||${options.pid3 ?? '998877^^^HOSP^PI~MRN000123^^^HOSP^MR'}||DOE^JANE^Q||19800101|F`,
    'PV1|1|O|CLINIC1',
    ...(options.body ?? DEFAULT_ORU_BODY),
  ];
  return segments.join(options.segmentEnd ?? '\r');
}

/**
 * Stores one inbound message as the listener would (held as unmatched, with a parsed summary) and
 * returns its id: for page tests that need a message to open.
 */
export async function storeInboundMessageFixture(t: TestApp, controlId = `FIXTURE-${randomUUID().slice(0, 8)}`): Promise<string> {
  const decision = await receiveInboundMessage(
    {
      db: t.db,
      clock: t.clock.now,
      encryptor: t.app.deps.encryptor,
      logger: pino({ level: 'silent' }),
      senders: [{ application: 'LIS', facility: 'CITYLAB' }],
      fileResult: async () => ({ outcome: 'unmatched', reason: 'No order has this accession number' }),
    },
    oruMessage({ controlId }),
    '127.0.0.1',
  );
  return decision.messageId;
}
