import type { Logger } from 'pino';
import type { Encryptor } from '../crypto.js';
import type { Db } from '../db/database.js';
import { buildAck, type AckCode, type Hl7ErrorCode } from './hl7-ack.js';
import { loadHl7Library } from './hl7-library.js';
import { claimInboundMessage, insertInboundMessage, settleInboundMessage } from './hl7-inbound.repository.js';
import type { Hl7MessageHeader, InboundLabResultFiler, InboundLabResultInput, InboundLabResultOutcome } from './hl7-inbound.types.js';
import { parseOruR01 } from './oru-parser.js';

export interface InboundDeps {
  db: Db;
  clock: () => Date;
  encryptor: Encryptor;
  logger: Logger;
  /** Registered senders (MSH-3 ^ MSH-4). */
  senders: { application: string; facility: string }[];
  fileResult: InboundLabResultFiler;
}

/** What was decided for one message; `ack` is the HL7 text to send back. */
export interface InboundDecision {
  messageId: string;
  status: 'filed' | 'unmatched' | 'rejected' | 'duplicate';
  ack: string;
}

/** The stored summary: what was parsed, and each order's filing outcome (encrypted: PHI). */
export interface InboundSummary {
  orders: (InboundLabResultInput & { outcome?: InboundLabResultOutcome })[];
}

/**
 * Receives one framed message: stores it whatever it is, files its orders when it is a valid
 * ORU^R01 from a registered sender seen for the first time, and answers the ACK or NAK.
 * Throws only when the database cannot store it (the listener then answers AR: resend later).
 */
export async function receiveInboundMessage(deps: InboundDeps, text: string, sourceAddress: string): Promise<InboundDecision> {
  const now = deps.clock();
  await loadHl7Library();
  const parsed = parseOruR01(text);
  const header = parsed.header;
  const base = {
    sendingApplication: header?.sendingApplication ?? null,
    sendingFacility: header?.sendingFacility ?? null,
    controlId: header?.controlId ?? null,
    messageType: header?.messageType ?? null,
    sourceAddress,
    rawMessageEncrypted: deps.encryptor.encrypt(text),
    receivedAt: now,
  };
  const refuse = async (code: AckCode, reason: string, errorCode: Hl7ErrorCode): Promise<InboundDecision> => {
    const messageId = await insertInboundMessage(deps.db, { ...base, status: 'rejected', reason });
    log(deps, messageId, 'rejected', header);
    return { messageId, status: 'rejected', ack: buildAck({ code, header, reason, errorCode, now }) };
  };

  if (header && !isRegistered(deps.senders, header)) {
    return refuse('AR', `Sender ${header.sendingApplication}^${header.sendingFacility} is not registered with this hospital`, '207');
  }
  if (!parsed.ok) {
    const unsupported = header !== null && header.messageType !== 'ORU^R01';
    return refuse(unsupported ? 'AR' : 'AE', parsed.reason, unsupported ? '200' : header ? '101' : '100');
  }

  const summary: InboundSummary = { orders: parsed.orders };
  const messageId = await claimInboundMessage(deps.db, {
    ...base,
    status: 'received',
    summaryEncrypted: deps.encryptor.encrypt(JSON.stringify(summary)),
    orderCount: parsed.orders.length,
    observationCount: parsed.orders.reduce((sum, order) => sum + order.results.length, 0),
  });
  if (messageId === null) {
    const reason = 'Duplicate: this sender already sent this control id; not filed again';
    const duplicateId = await insertInboundMessage(deps.db, { ...base, status: 'duplicate', reason });
    log(deps, duplicateId, 'duplicate', header);
    return { messageId: duplicateId, status: 'duplicate', ack: buildAck({ code: 'AA', header, reason, now }) };
  }

  const filed = await fileOrders(deps, summary);
  if (!filed.ok) {
    // The id is released (rejected is outside the unique claim) so the sender's resend is taken in.
    const reason = 'The result could not be filed; resend later';
    await settleInboundMessage(deps.db, messageId, { status: 'rejected', reason, summaryEncrypted: encryptSummary(deps, summary) });
    log(deps, messageId, 'rejected', header);
    return { messageId, status: 'rejected', ack: buildAck({ code: 'AR', header, reason, errorCode: '207', now }) };
  }
  const unmatched = summary.orders.flatMap((order, i) =>
    order.outcome?.outcome === 'unmatched' ? [`OBR ${i + 1}: ${order.outcome.reason}`] : [],
  );
  const status = unmatched.length > 0 ? 'unmatched' : 'filed';
  const reason = unmatched.length > 0 ? unmatched.join('; ') : null;
  await settleInboundMessage(deps.db, messageId, { status, reason, summaryEncrypted: encryptSummary(deps, summary) });
  log(deps, messageId, status, header);
  // Unmatched is still AA: the message was received and is held for reconciliation by a person.
  return { messageId, status, ack: buildAck({ code: 'AA', header, now }) };
}

/** Files each order in turn, recording its outcome on the summary; stops at the first failure. */
async function fileOrders(deps: InboundDeps, summary: InboundSummary): Promise<{ ok: boolean }> {
  for (const order of summary.orders) {
    try {
      order.outcome = await deps.fileResult({
        accessionNumber: order.accessionNumber,
        placerOrderNumber: order.placerOrderNumber ?? null,
        fillerOrderNumber: order.fillerOrderNumber ?? null,
        patientMrn: order.patientMrn,
        results: order.results,
      });
    } catch (error) {
      // The error's message may quote the record: only its type is logged.
      deps.logger.error({ error: (error as Error)?.name ?? 'Error' }, 'hl7 inbound: filing a result failed');
      return { ok: false };
    }
  }
  return { ok: true };
}

function isRegistered(senders: InboundDeps['senders'], header: Hl7MessageHeader): boolean {
  return senders.some((s) => s.application === header.sendingApplication && s.facility === header.sendingFacility);
}

function encryptSummary(deps: InboundDeps, summary: InboundSummary): string {
  return deps.encryptor.encrypt(JSON.stringify(summary));
}

/** One line per message: ids and the decision only; no patient, value or reason text. */
function log(deps: InboundDeps, messageId: string, status: string, header: Hl7MessageHeader | null): void {
  deps.logger.info(
    { hl7MessageId: messageId, status, sender: header ? `${header.sendingApplication}^${header.sendingFacility}` : null },
    'hl7 inbound message',
  );
}
