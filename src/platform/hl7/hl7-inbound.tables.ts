import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, instant } from '../db/columns.js';

/**
 * Every message that reached the HL7 listener, whatever became of it: the raw text (encrypted:
 * it names the patient and the results) for inspection, and what was decided. Rows are never
 * deleted by the listener: an unmatched result waits here for a person, a refused one for the
 * sender's fix.
 *
 * A control id is claimed at most once per sender among the messages taken in
 * (`received`, `filed`, `unmatched`): a repeat is stored as `duplicate` and not filed again, and
 * a refused message (`rejected`) leaves the id free for the sender's corrected resend.
 */
export const hl7InboundMessages = pgTable(
  'hl7_inbound_messages',
  {
    id: id(),
    /** MSH-3, MSH-4, MSH-10, MSH-9: null when the header itself could not be read. */
    sendingApplication: text('sending_application'),
    sendingFacility: text('sending_facility'),
    controlId: text('control_id'),
    messageType: text('message_type'),
    /** The peer's IP address. */
    sourceAddress: text('source_address').notNull(),
    status: text('status').notNull(),
    /** Why it was refused or not matched: names fields and rules, never values. */
    reason: text('reason'),
    /** The message as received, AES-256-GCM with the column key (`Encryptor`). */
    rawMessageEncrypted: text('raw_message_encrypted').notNull(),
    /** The parsed orders and each one's filing outcome as JSON, encrypted like the raw text; null when unparsed. */
    summaryEncrypted: text('summary_encrypted'),
    orderCount: integer('order_count').notNull().default(0),
    observationCount: integer('observation_count').notNull().default(0),
    receivedAt: instant('received_at').notNull(),
    /** Reconciliation by a person (docs/lab-reconciliation.md): who filed or rejected an unmatched message, when, and why (rejections). */
    settledBy: uuid('settled_by'),
    settledAt: instant('settled_at'),
    settledReason: text('settled_reason'),
  },
  (t) => [
    uniqueIndex('hl7_inbound_messages_control_id_key')
      .on(t.sendingApplication, t.sendingFacility, t.controlId)
      .where(sql`${t.status} in ('received', 'filed', 'unmatched')`),
    index('hl7_inbound_messages_status_idx').on(t.status, t.receivedAt),
    index('hl7_inbound_messages_received_idx').on(t.receivedAt),
    /** The laboratory's reconciliation queue: unmatched messages, oldest first. */
    index('hl7_inbound_messages_unmatched_idx')
      .on(t.receivedAt, t.id)
      .where(sql`${t.status} = 'unmatched'`),
    check('hl7_inbound_messages_status_check', sql`${t.status} in ('received', 'filed', 'unmatched', 'rejected', 'duplicate')`),
    check(
      'hl7_inbound_messages_taken_in_check',
      sql`${t.status} not in ('received', 'filed', 'unmatched', 'duplicate') or (${t.sendingApplication} is not null and ${t.sendingFacility} is not null and ${t.controlId} is not null)`,
    ),
  ],
);

export type Hl7InboundMessageRow = typeof hl7InboundMessages.$inferSelect;
