import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { hl7InboundMessages, type Hl7InboundMessageRow } from './hl7-inbound.tables.js';
import type { Hl7InboundStatus } from './hl7-inbound.types.js';

export type NewInboundMessage = typeof hl7InboundMessages.$inferInsert;

/** Stores a message that is not taken in (rejected, duplicate). */
export async function insertInboundMessage(db: Db, row: NewInboundMessage): Promise<string> {
  const [inserted] = await db.insert(hl7InboundMessages).values(row).returning({ id: hl7InboundMessages.id });
  return inserted!.id;
}

/**
 * Stores a message as `received`, claiming its sender's control id; null when the id is already
 * claimed (a duplicate). The partial unique index decides, so two connections racing on the same
 * id cannot both file.
 */
export async function claimInboundMessage(db: Db, row: NewInboundMessage & { status: 'received' }): Promise<string | null> {
  const [inserted] = await db
    .insert(hl7InboundMessages)
    .values(row)
    .onConflictDoNothing({
      target: [hl7InboundMessages.sendingApplication, hl7InboundMessages.sendingFacility, hl7InboundMessages.controlId],
      where: sql`${hl7InboundMessages.status} in ('received', 'filed', 'unmatched')`,
    })
    .returning({ id: hl7InboundMessages.id });
  return inserted?.id ?? null;
}

export async function settleInboundMessage(
  db: Db,
  id: string,
  outcome: { status: Exclude<Hl7InboundStatus, 'received'>; reason: string | null; summaryEncrypted: string | null },
): Promise<void> {
  await db.update(hl7InboundMessages).set(outcome).where(eq(hl7InboundMessages.id, id));
}

/**
 * Messages left `received` by a process that stopped while filing them: their sender got no ACK
 * and will resend, so the claim is released (as `rejected`, with why) for the resend to be taken
 * in. Only the one listening process calls this, before it listens. Returns how many.
 */
export async function releaseInterruptedMessages(db: Db): Promise<number> {
  const released = await db
    .update(hl7InboundMessages)
    .set({ status: 'rejected', reason: 'Interrupted before filing (the service stopped); the resend is taken in' })
    .where(eq(hl7InboundMessages.status, 'received'))
    .returning({ id: hl7InboundMessages.id });
  return released.length;
}

/** A page of messages, newest first (keyset by received time and id), without the encrypted columns: a list shows no PHI. */
export async function listInboundMessages(db: Db, filter: { status?: Hl7InboundStatus; after?: [string, string]; limit: number }) {
  const conditions: (SQL | undefined)[] = [];
  if (filter.status) conditions.push(eq(hl7InboundMessages.status, filter.status));
  if (filter.after)
    conditions.push(
      sql`(${hl7InboundMessages.receivedAt}, ${hl7InboundMessages.id}) < (${filter.after[0]}::timestamptz, ${filter.after[1]}::uuid)`,
    );
  return db
    .select({
      id: hl7InboundMessages.id,
      sendingApplication: hl7InboundMessages.sendingApplication,
      sendingFacility: hl7InboundMessages.sendingFacility,
      controlId: hl7InboundMessages.controlId,
      messageType: hl7InboundMessages.messageType,
      status: hl7InboundMessages.status,
      reason: hl7InboundMessages.reason,
      orderCount: hl7InboundMessages.orderCount,
      observationCount: hl7InboundMessages.observationCount,
      receivedAt: hl7InboundMessages.receivedAt,
      /** Full-precision sort key for the cursor (a JS Date would drop microseconds). */
      sortAt: sql<string>`${hl7InboundMessages.receivedAt}::text`,
    })
    .from(hl7InboundMessages)
    .where(and(...conditions))
    .orderBy(desc(hl7InboundMessages.receivedAt), desc(hl7InboundMessages.id))
    .limit(filter.limit);
}

export type InboundMessageListRow = Awaited<ReturnType<typeof listInboundMessages>>[number];

export async function findInboundMessage(db: Db, id: string): Promise<Hl7InboundMessageRow | undefined> {
  const [row] = await db.select().from(hl7InboundMessages).where(eq(hl7InboundMessages.id, id));
  return row;
}

/**
 * A person settles an unmatched message (lab reconciliation): a compare-and-set from `unmatched`
 * with the summary the person saw (its ciphertext changes on every rewrite), so two people
 * settling the same message cannot both win. `status: 'unmatched'` records one order group
 * settled while others still wait. Returns false when someone else settled it first (the caller answers 409).
 */
export async function settleUnmatchedMessage(
  db: Db,
  id: string,
  settle: {
    status: 'filed' | 'rejected' | 'unmatched';
    by: string;
    at: Date;
    reason?: string | null;
    expectedSummaryEncrypted: string | null;
    summaryEncrypted: string;
  },
): Promise<boolean> {
  const sameSummary =
    settle.expectedSummaryEncrypted === null
      ? sql`${hl7InboundMessages.summaryEncrypted} is null`
      : eq(hl7InboundMessages.summaryEncrypted, settle.expectedSummaryEncrypted);
  const updated = await db
    .update(hl7InboundMessages)
    .set({
      status: settle.status,
      summaryEncrypted: settle.summaryEncrypted,
      settledBy: settle.by,
      settledAt: settle.at,
      ...(settle.reason !== undefined ? { settledReason: settle.reason } : {}),
    })
    .where(and(eq(hl7InboundMessages.id, id), eq(hl7InboundMessages.status, 'unmatched'), sameSummary))
    .returning({ id: hl7InboundMessages.id });
  return updated.length === 1;
}

/** Unmatched messages, oldest first (they wait for a person), keyset by received time and id; with the encrypted summary for the caller to decrypt. */
export async function listUnmatchedMessages(db: Db, filter: { after?: [string, string]; limit: number }) {
  const conditions: (SQL | undefined)[] = [eq(hl7InboundMessages.status, 'unmatched')];
  if (filter.after)
    conditions.push(
      sql`(${hl7InboundMessages.receivedAt}, ${hl7InboundMessages.id}) > (${filter.after[0]}::timestamptz, ${filter.after[1]}::uuid)`,
    );
  return db
    .select({
      id: hl7InboundMessages.id,
      sendingApplication: hl7InboundMessages.sendingApplication,
      sendingFacility: hl7InboundMessages.sendingFacility,
      reason: hl7InboundMessages.reason,
      summaryEncrypted: hl7InboundMessages.summaryEncrypted,
      receivedAt: hl7InboundMessages.receivedAt,
      sortAt: sql<string>`${hl7InboundMessages.receivedAt}::text`,
    })
    .from(hl7InboundMessages)
    .where(and(...conditions))
    .orderBy(asc(hl7InboundMessages.receivedAt), asc(hl7InboundMessages.id))
    .limit(filter.limit);
}
