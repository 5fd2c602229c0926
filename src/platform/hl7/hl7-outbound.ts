import { randomBytes } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { Hl7OutboundConfig } from '../config.js';
import type { Encryptor } from '../crypto.js';
import type { Db } from '../db/database.js';
import { queueMessage } from '../outbox/outbox.service.js';
import { loadHl7Library } from './hl7-library.js';
import { outbox, type OutboxStatus } from '../outbox/outbox.tables.js';
import { buildLabOrderMessage, type OutboundLabOrder } from './orm-builder.js';

/** The outbox template of an order sent to an outside laboratory. */
export const HL7_ORDER_TEMPLATE = 'hl7.orm_o01';

export interface QueuedLabOrderMessage {
  /** MSH-10 of the message: the laboratory's ACK quotes it in MSA-2. */
  controlId: string;
  /** The outbox message id: queueing the same order event twice keeps the first. */
  messageId: string;
}

/**
 * Queues an ORM^O01 for an outside laboratory in the caller's transaction, so the order and its
 * message commit or roll back together; the outbox's delivery worker sends it over MLLP with
 * retries and backoff (or keeps it captured when no laboratory is configured).
 *
 * The message names the patient, so the outbox holds it encrypted (the same column key as the
 * inbound HL7 store); the admin outbox never shows its text. One message per order and control
 * (new, cancel): a retried request cannot send the same order twice.
 */
export async function queueLabOrderMessage(
  db: Db,
  deps: { encryptor: Encryptor; settings: Hl7OutboundConfig },
  order: OutboundLabOrder,
  now: Date,
): Promise<QueuedLabOrderMessage> {
  const controlId = randomBytes(10).toString('hex');
  const messageId = labOrderMessageId(order.placerOrderNumber, order.control);
  const { sender, receiver } = deps.settings;
  await loadHl7Library();
  const text = buildLabOrderMessage(order, {
    controlId,
    sendingApplication: sender.application,
    sendingFacility: sender.facility,
    receivingApplication: receiver.application,
    receivingFacility: receiver.facility,
    at: now,
  });
  await queueMessage(
    db,
    {
      channel: 'hl7',
      to: `${receiver.application}^${receiver.facility}`,
      template: HL7_ORDER_TEMPLATE,
      subject: order.control === 'new' ? 'ORM^O01 new order' : 'ORM^O01 cancel order',
      text: deps.encryptor.encrypt(text),
      messageId,
      metadata: { controlId },
    },
    now,
  );
  return { controlId, messageId };
}

/** The outbox key of an order's message: one per placer number and control. */
export function labOrderMessageId(placerOrderNumber: string, control: OutboundLabOrder['control']): string {
  return `hl7-orm:${placerOrderNumber}:${control}`;
}

export interface LabOrderMessageState {
  control: OutboundLabOrder['control'];
  status: OutboxStatus;
  attempts: number;
  sentAt: Date | null;
  queuedAt: Date;
}

/**
 * The delivery state of the messages queued for an order (new, and cancel if any), for the
 * order's page; one statement. Never the message text (it names the patient) nor the error.
 */
export async function readLabOrderMessageStates(db: Db, placerOrderNumber: string): Promise<LabOrderMessageState[]> {
  const controls = ['new', 'cancel'] as const;
  const rows = await db
    .select({
      messageId: outbox.messageId,
      status: outbox.status,
      attempts: outbox.attempts,
      sentAt: outbox.sentAt,
      queuedAt: outbox.createdAt,
    })
    .from(outbox)
    .where(
      inArray(
        outbox.messageId,
        controls.map((control) => labOrderMessageId(placerOrderNumber, control)),
      ),
    );
  return controls.flatMap((control) => {
    const row = rows.find((r) => r.messageId === labOrderMessageId(placerOrderNumber, control));
    return row ? [{ control, status: row.status, attempts: row.attempts, sentAt: row.sentAt, queuedAt: row.queuedAt }] : [];
  });
}
