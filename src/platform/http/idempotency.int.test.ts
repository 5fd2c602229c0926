import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/database.js';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import {
  canonicalJson,
  claimIdempotencyKeyInOneStatement,
  IDEMPOTENCY_KEY_TTL_MS,
  pruneExpiredIdempotencyKeys,
  requestHashOf,
  runIdempotent,
  type IdempotentRequest,
} from './idempotency.js';
import { idempotencyKeys } from './idempotency.tables.js';
import { postgresLegReady } from '../../../test/helpers/postgres-leg.js';

/** The Idempotency-Key protocol on its own (the booking tests use it through the API). */
let database: Database;
const now = new Date('2026-11-27T09:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

function request(body: unknown, overrides: Partial<IdempotentRequest> = {}): IdempotentRequest {
  return {
    principal: 'user:00000000-0000-4000-8000-000000000001',
    key: randomUUID(),
    scope: 'POST /api/v1/things',
    requestHash: requestHashOf('POST', '/api/v1/things', body),
    ...overrides,
  };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof AppError ? `${error.status} ${error.code}` : String(error)),
  );

describe('request fingerprints', () => {
  it('ignore key order and undefined fields, but not values, paths or methods', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
    const base = requestHashOf('POST', '/api/v1/appointments', { a: 1, b: 2 });
    expect(requestHashOf('post', '/api/v1/appointments', { b: 2, a: 1 })).toBe(base);
    expect(requestHashOf('POST', '/api/v1/appointments', { a: 1, b: 3 })).not.toBe(base);
    expect(requestHashOf('POST', '/api/v1/appointments/1/cancel', { a: 1, b: 2 })).not.toBe(base);
    expect(requestHashOf('PUT', '/api/v1/appointments', { a: 1, b: 2 })).not.toBe(base);
  });
});

describe('runIdempotent', () => {
  it('runs the work once and replays its answer to a retry', async () => {
    const req = request({ x: 1 });
    let runs = 0;
    const work = async () => ({ status: 201, body: { id: `thing-${++runs}`, at: now } });
    const first = await runIdempotent(database.db, req, now, work);
    expect(first).toEqual({ replayed: false, status: 201, body: { id: 'thing-1', at: now } });
    const retry = await runIdempotent(database.db, req, new Date(now.getTime() + 60_000), work);
    expect(retry).toEqual({ replayed: true, response: { status: 201, body: JSON.stringify({ id: 'thing-1', at: now }) } });
    expect(runs).toBe(1);
    const [row] = await database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, req.key));
    expect(row!.expiresAt.getTime()).toBe(now.getTime() + IDEMPOTENCY_KEY_TTL_MS);
  });

  it('refuses the key for a different body or another route (422 idempotency_key_reused)', async () => {
    const req = request({ x: 1 });
    await runIdempotent(database.db, req, now, async () => ({ status: 201, body: { ok: true } }));
    expect(
      await codeOf(
        runIdempotent(database.db, { ...req, requestHash: requestHashOf('POST', '/api/v1/things', { x: 2 }) }, now, async () => ({
          status: 201,
          body: {},
        })),
      ),
    ).toBe('422 idempotency_key_reused');
    expect(
      await codeOf(runIdempotent(database.db, { ...req, scope: 'POST /api/v1/other' }, now, async () => ({ status: 201, body: {} }))),
    ).toBe('422 idempotency_key_reused');
  });

  it('forgets the key when the work fails, so the next attempt runs', async () => {
    const req = request({ x: 1 });
    expect(await codeOf(runIdempotent(database.db, req, now, async () => Promise.reject(new AppError('conflict', 'taken'))))).toBe(
      '409 conflict',
    );
    expect(await database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, req.key))).toHaveLength(0);
    const second = await runIdempotent(database.db, req, now, async () => ({ status: 201, body: { ok: true } }));
    expect(second.replayed).toBe(false);
  });

  it('starts afresh after 24 hours, replacing the expired record', async () => {
    const req = request({ x: 1 });
    await runIdempotent(database.db, req, now, async () => ({ status: 201, body: { n: 1 } }));
    const later = new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS);
    const again = await runIdempotent(database.db, { ...req, requestHash: 'different' }, later, async () => ({
      status: 201,
      body: { n: 2 },
    }));
    expect(again).toEqual({ replayed: false, status: 201, body: { n: 2 } });
    const rows = await database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, req.key));
    expect(rows.map((r) => r.responseBody)).toEqual(['{"n":2}']);
  });

  it('runs without a key as a plain transaction', async () => {
    const result = await runIdempotent(database.db, undefined, now, async () => ({ status: 200, body: 'ok' }));
    expect(result).toEqual({ replayed: false, status: 200, body: 'ok' });
  });

  it('prunes expired keys only', async () => {
    const fresh = request({ keep: true });
    await runIdempotent(database.db, fresh, new Date(now.getTime() + 2 * IDEMPOTENCY_KEY_TTL_MS), async () => ({ status: 201, body: {} }));
    await pruneExpiredIdempotencyKeys(database.db, new Date(now.getTime() + 2 * IDEMPOTENCY_KEY_TTL_MS));
    const rows = await database.db.select().from(idempotencyKeys);
    expect(rows.map((r) => r.key)).toEqual([fresh.key]);
  });
});

describe.runIf(postgresLegReady())('a key still in progress (needs real PostgreSQL: PGlite runs one transaction at a time)', () => {
  it('answers 409 to a second request while the first runs, then replays the first answer', async () => {
    const req = request({ slow: true });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const first = runIdempotent(database.db, req, now, async () => {
      started();
      await gate;
      return { status: 201, body: { id: 'slow' } };
    });
    await running;
    expect(await codeOf(runIdempotent(database.db, req, now, async () => ({ status: 201, body: { id: 'second' } })))).toBe('409 conflict');
    release();
    expect((await first).replayed).toBe(false);
    const after = await runIdempotent(database.db, req, now, async () => ({ status: 201, body: { id: 'third' } }));
    expect(after).toEqual({ replayed: true, response: { status: 201, body: '{"id":"slow"}' } });
  });
});

describe('the claim in one statement (the booking: lock, prune and re-read together)', () => {
  it('finds nothing for a new key, replays a stored answer, refuses another body, and prunes the expired', async () => {
    const req = request({ claim: 'one' });
    expect(await database.db.transaction((tx) => claimIdempotencyKeyInOneStatement(tx, req, now))).toBeUndefined();
    await runIdempotent(database.db, req, now, async () => ({ status: 201, body: { id: 'stored' } }));
    expect(await database.db.transaction((tx) => claimIdempotencyKeyInOneStatement(tx, req, now))).toEqual({
      status: 201,
      body: '{"id":"stored"}',
    });
    const other = { ...req, requestHash: requestHashOf('POST', '/x', { claim: 'other' }) };
    expect(await codeOf(database.db.transaction((tx) => claimIdempotencyKeyInOneStatement(tx, other, now)))).toBe(
      '422 idempotency_key_reused',
    );
    const later = new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS + 1);
    expect(await database.db.transaction((tx) => claimIdempotencyKeyInOneStatement(tx, req, later))).toBeUndefined();
    expect(await database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, req.key))).toHaveLength(0);
  });
});

describe.runIf(postgresLegReady())('the claim in one statement while the key is held (real PostgreSQL)', () => {
  it('answers 409 while another transaction holds the key', async () => {
    const req = request({ claim: 'held' });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const first = database.db.transaction(async (tx) => {
      await claimIdempotencyKeyInOneStatement(tx, req, now);
      held();
      await gate;
    });
    await holding;
    expect(await codeOf(database.db.transaction((tx) => claimIdempotencyKeyInOneStatement(tx, req, now)))).toBe('409 conflict');
    release();
    await first;
    expect(await database.db.transaction((tx) => claimIdempotencyKeyInOneStatement(tx, req, now))).toBeUndefined();
  });
});
