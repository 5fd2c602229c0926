import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../../platform/db/database.js';
import type { JobRunner } from '../../../../platform/jobs/job-runner.js';
import { checkTestCard } from './test-cards.js';
import { testGatewayEvents, testGatewayIntents } from './test-gateway.tables.js';

/** The queue that delivers the gateway's events to Carewell's webhook (one job per event). */
export const TEST_GATEWAY_WEBHOOK_QUEUE = 'billing.test-gateway.webhooks';

export interface GatewayDeps {
  db: Db;
  now: Date;
  /** Absent (tests without jobs): events wait undelivered until `deliverTestGatewayEvent`. */
  jobs?: JobRunner;
}

export type GatewayIntent = typeof testGatewayIntents.$inferSelect;

const randomId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

export async function createGatewayIntent(
  deps: GatewayDeps,
  input: { amountMinor: number; currency: string; idempotencyKey: string; returnPath: string; reference: string },
): Promise<GatewayIntent> {
  await deps.db
    .insert(testGatewayIntents)
    .values({ id: randomId('pi_test'), ...input, status: 'requires_payment_method', createdAt: deps.now, updatedAt: deps.now })
    .onConflictDoNothing({ target: testGatewayIntents.idempotencyKey });
  const [intent] = await deps.db.select().from(testGatewayIntents).where(eq(testGatewayIntents.idempotencyKey, input.idempotencyKey));
  return intent!;
}

export async function findGatewayIntent(db: Db, id: string): Promise<GatewayIntent | undefined> {
  const [intent] = await db.select().from(testGatewayIntents).where(eq(testGatewayIntents.id, id));
  return intent;
}

/** Records an event and, where jobs run, queues its delivery in the same transaction. */
async function emit(tx: Db, deps: GatewayDeps, intent: GatewayIntent, type: string, extra: Record<string, unknown> = {}): Promise<string> {
  const id = randomId('evt_test');
  const payload = JSON.stringify({
    id,
    type,
    created: Math.floor(deps.now.getTime() / 1000),
    data: { object: { id: intent.id, amount: intent.amountMinor, currency: intent.currency, reference: intent.reference, ...extra } },
  });
  await tx.insert(testGatewayEvents).values({ id, intentId: intent.id, type, payload, createdAt: deps.now });
  if (deps.jobs) await deps.jobs.sendInTransaction(tx, TEST_GATEWAY_WEBHOOK_QUEUE, { eventId: id });
  return id;
}

async function setStatus(tx: Db, deps: GatewayDeps, intent: GatewayIntent, values: Partial<GatewayIntent>): Promise<GatewayIntent> {
  const [updated] = await tx
    .update(testGatewayIntents)
    .set({ ...values, updatedAt: deps.now })
    .where(eq(testGatewayIntents.id, intent.id))
    .returning();
  return updated!;
}

export type CardResult =
  | { kind: 'succeeded' | 'requires_action' | 'declined'; intent: GatewayIntent }
  | { kind: 'invalid'; field: 'number' | 'expiry' | 'cvc' }
  | { kind: 'not_payable' };

/**
 * The hosted card fields post here: the card is turned into a token at once (only the token and
 * the last four digits are kept), then the intent is confirmed with the token.
 */
export async function payWithCard(
  deps: GatewayDeps,
  intentId: string,
  card: { number: string; expiry: string; cvc: string },
): Promise<CardResult> {
  const check = checkTestCard(card, deps.now);
  if (!check.ok) return { kind: 'invalid', field: check.field };
  const token = randomId('tok_test');
  return deps.db.transaction(async (tx) => {
    const [intent] = await tx.select().from(testGatewayIntents).where(eq(testGatewayIntents.id, intentId)).for('update');
    if (intent?.status !== 'requires_payment_method') return { kind: 'not_payable' as const };
    const withCard = { cardToken: token, cardLast4: check.last4 };
    if (check.outcome === 'decline') {
      const updated = await setStatus(tx, deps, intent, withCard);
      await emit(tx, deps, updated, 'payment_intent.payment_failed', { decline_code: 'card_declined' });
      return { kind: 'declined' as const, intent: updated };
    }
    if (check.outcome === 'confirm') {
      const updated = await setStatus(tx, deps, intent, { ...withCard, status: 'requires_action' });
      await emit(tx, deps, updated, 'payment_intent.requires_action');
      return { kind: 'requires_action' as const, intent: updated };
    }
    const updated = await setStatus(tx, deps, intent, { ...withCard, status: 'succeeded' });
    await emit(tx, deps, updated, 'payment_intent.succeeded');
    return { kind: 'succeeded' as const, intent: updated };
  });
}

/** The extra confirmation step (3-D Secure): the payer approves (success) or fails it (declined). */
export async function completeConfirmation(deps: GatewayDeps, intentId: string, approve: boolean): Promise<GatewayIntent | undefined> {
  return deps.db.transaction(async (tx) => {
    const [intent] = await tx.select().from(testGatewayIntents).where(eq(testGatewayIntents.id, intentId)).for('update');
    if (intent?.status !== 'requires_action') return undefined;
    const updated = await setStatus(tx, deps, intent, { status: approve ? 'succeeded' : 'requires_payment_method' });
    await emit(
      tx,
      deps,
      updated,
      approve ? 'payment_intent.succeeded' : 'payment_intent.payment_failed',
      approve ? {} : { decline_code: 'authentication_failed' },
    );
    return updated;
  });
}

/** A refund of a succeeded intent (never more than it took); the same key refunds once. */
export async function refundGatewayIntent(deps: GatewayDeps, intentId: string, amountMinor: number, key: string): Promise<string> {
  return deps.db.transaction(async (tx) => {
    const [intent] = await tx.select().from(testGatewayIntents).where(eq(testGatewayIntents.id, intentId)).for('update');
    if (!intent || !['succeeded', 'refunded'].includes(intent.status)) throw new Error('test gateway: nothing to refund');
    if (intent.refundKey === key) return `re_${key}`;
    if (intent.refundedMinor + amountMinor > intent.amountMinor) throw new Error('test gateway: refund above the amount taken');
    const refunded = intent.refundedMinor + amountMinor;
    const updated = await setStatus(tx, deps, intent, {
      refundedMinor: refunded,
      refundKey: key,
      status: refunded === intent.amountMinor ? 'refunded' : 'succeeded',
    });
    await emit(tx, deps, updated, 'charge.refunded', { amount_refunded: refunded });
    return `re_${key}`;
  });
}

export async function selectGatewayEvents(db: Db, intentId: string) {
  return db.select().from(testGatewayEvents).where(eq(testGatewayEvents.intentId, intentId)).orderBy(testGatewayEvents.createdAt);
}

export async function selectGatewayEvent(db: Db, eventId: string) {
  const [event] = await db.select().from(testGatewayEvents).where(eq(testGatewayEvents.id, eventId));
  return event;
}

export async function markGatewayEventDelivered(db: Db, eventId: string, now: Date): Promise<void> {
  await db.update(testGatewayEvents).set({ deliveredAt: now }).where(eq(testGatewayEvents.id, eventId));
}
