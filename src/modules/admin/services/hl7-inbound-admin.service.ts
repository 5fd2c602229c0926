import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Encryptor } from '../../../platform/crypto.js';
import type { Db } from '../../../platform/db/database.js';
import { notFound, validationFailed } from '../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../platform/http/api-helpers.js';
import {
  findInboundMessage,
  listInboundMessages,
  type Hl7InboundStatus,
  type InboundMessageListRow,
  type InboundSummary,
} from '../../../platform/hl7/index.js';

export interface InboundMessageListItem {
  id: string;
  sender: string | null;
  controlId: string | null;
  messageType: string | null;
  status: Hl7InboundStatus;
  reason: string | null;
  orderCount: number;
  observationCount: number;
  receivedAt: string;
}

export interface InboundMessageDetail extends InboundMessageListItem {
  sourceAddress: string;
  /** What was parsed (patient MRN, accession numbers, results) and each order's outcome; null when the message did not parse. */
  summary: InboundSummary | null;
}

/**
 * The inbound HL7 messages for administrators, newest first by status. The list carries no PHI
 * (sender, control id, status, reason, counts); the detail decrypts the parsed summary, which
 * names a patient's MRN and results, so reading it is audited as a clinical read.
 */
export async function listInboundHl7Messages(
  db: Db,
  ctx: ServiceContext,
  query: { status?: Hl7InboundStatus; cursor?: string; limit: number },
): Promise<{ items: InboundMessageListItem[]; nextCursor: string | null }> {
  const cursor = decodeCursor(query.cursor);
  if (cursor && (cursor.length !== 2 || !cursor.every((v) => typeof v === 'string')))
    throw validationFailed([{ path: 'cursor', message: 'Invalid cursor' }], 'The cursor is not valid.');
  return db.transaction(async (tx) => {
    const rows = await listInboundMessages(tx, {
      ...(query.status ? { status: query.status } : {}),
      ...(cursor ? { after: cursor as [string, string] } : {}),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'admin.hl7_inbound.search',
        resourceType: 'hl7_inbound_message',
        category: 'administration',
        detail: { returned: page.length, ...(query.status ? { status: query.status } : {}) },
      },
      ctx.now,
    );
    const last = page.at(-1);
    return {
      items: page.map(toInboundMessageItem),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.sortAt, last.id]) : null,
    };
  });
}

export async function getInboundHl7Message(db: Db, encryptor: Encryptor, ctx: ServiceContext, id: string): Promise<InboundMessageDetail> {
  return db.transaction(async (tx) => {
    const row = await findInboundMessage(tx, id);
    if (!row) throw notFound('The message');
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'admin.hl7_inbound.read',
        resourceType: 'hl7_inbound_message',
        resourceId: id,
        category: 'clinical',
        detail: { status: row.status, summaryShown: row.summaryEncrypted !== null },
      },
      ctx.now,
    );
    return {
      ...toInboundMessageItem(row),
      sourceAddress: row.sourceAddress,
      summary: row.summaryEncrypted ? (JSON.parse(encryptor.decrypt(row.summaryEncrypted)) as InboundSummary) : null,
    };
  });
}

/** What the list shows of a message (no patient data), and the detail starts from. */
function toInboundMessageItem(row: Omit<InboundMessageListRow, 'sortAt'>) {
  return {
    id: row.id,
    sender: senderOf(row),
    controlId: row.controlId,
    messageType: row.messageType,
    status: row.status as Hl7InboundStatus,
    reason: row.reason,
    orderCount: row.orderCount,
    observationCount: row.observationCount,
    receivedAt: row.receivedAt.toISOString(),
  };
}

function senderOf(row: { sendingApplication: string | null; sendingFacility: string | null }): string | null {
  return row.sendingApplication && row.sendingFacility ? `${row.sendingApplication}^${row.sendingFacility}` : null;
}
