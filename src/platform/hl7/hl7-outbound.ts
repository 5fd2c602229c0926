import { randomBytes } from 'node:crypto';
import type { Hl7OutboundConfig } from '../config.js';
import type { Encryptor } from '../crypto.js';
import type { Db } from '../db/database.js';
import { queueMessage } from '../outbox/outbox.service.js';
import { loadHl7Library } from './hl7-library.js';
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
  const messageId = `hl7-orm:${order.placerOrderNumber}:${order.control}`;
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
