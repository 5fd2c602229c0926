import { createHash } from 'node:crypto';
import { and, eq, gt, lte, Placeholder, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { deferRead, type DeferredRead } from '../db/read-together.js';
import { AppError } from '../errors.js';
import { idempotencyKeys } from './idempotency.tables.js';

/**
 * `Idempotency-Key` for API writes that must never happen twice (SECURITY.md "Reliability"):
 * bookings now, payments and prescriptions later.
 *
 * - Same principal + same key + same request (method, path, canonical JSON body): the stored
 *   status and body are replayed, with `Idempotent-Replayed: true`.
 * - Same key, different request: 422 `idempotency_key_reused`.
 * - Same key while the first request is still running: 409 `conflict` (a transaction-scoped
 *   advisory lock on the key tells "in progress" apart from "done").
 * - The key row is written in the same transaction as the write it guards, so a write that rolls
 *   back (a lost race, a refusal) forgets the key and the corrected request may reuse it.
 * - Keys are kept 24 hours; after that the same key starts a new request.
 *
 * Use: validate the header with `idempotencyHeaderSchema`, build the request with
 * `idempotentRequestOf(request)`, pass it to the service, which calls `runIdempotent` (or the
 * three steps `findStoredResponse` → `claimIdempotencyKey` → `storeResponse` when it must check
 * things before opening its transaction); answer a replay with `sendStoredResponse`.
 */

export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;

/** Printable ASCII without spaces, 8–255 characters (a UUID is the usual choice). */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{8,255}$/, 'Use 8 to 255 printable characters without spaces, such as a UUID.')
  .describe('Idempotency-Key: a retry with the same key and body replays the first answer (24 h)');

/** Route `schema.headers` fragment; merge it with other headers (e.g. `if-match`) with `.extend`. */
export const idempotencyHeaderSchema = z.object({ 'idempotency-key': idempotencyKeySchema.optional() });

export interface IdempotentRequest {
  /** `user:<id>` or `api_key:<id>`: keys of different principals never meet. */
  principal: string;
  key: string;
  /** The route, e.g. `POST /api/v1/appointments`. */
  scope: string;
  /** SHA-256 of the method, the path (with its ids) and the canonical JSON body. */
  requestHash: string;
}

export interface StoredResponse {
  status: number;
  /** The JSON text as first sent. */
  body: string;
}

export type IdempotentOutcome<T> = { replayed: true; response: StoredResponse } | { replayed: false; status: number; body: T };

export function principalOf(actor: Actor): string {
  return actor.kind === 'user' ? `user:${actor.userId}` : `api_key:${actor.apiKeyId}`;
}

/** JSON with object keys sorted at every level, so `{a,b}` and `{b,a}` hash the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value);
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function requestHashOf(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}

/**
 * The idempotent request a route received, or undefined when it sent no `Idempotency-Key` (the
 * header is optional: without it the write simply runs). Validate the header in the route schema.
 */
export function idempotentRequestOf(request: FastifyRequest): IdempotentRequest | undefined {
  const header = request.headers['idempotency-key'];
  if (typeof header !== 'string' || !request.actor) return undefined;
  const key = idempotencyKeySchema.parse(header);
  const path = request.url.split('?')[0]!;
  return {
    principal: principalOf(request.actor),
    key,
    scope: `${request.method} ${request.routeOptions.url ?? path}`,
    requestHash: requestHashOf(request.method, path, request.body),
  };
}

/**
 * The stored answer to this key, if a finished request left one that has not expired. A stored
 * request that differs from this one is refused with 422 `idempotency_key_reused`.
 */
export async function findStoredResponse(db: Db, request: IdempotentRequest, now: Date): Promise<StoredResponse | undefined> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.principal, request.principal), eq(idempotencyKeys.key, request.key), gt(idempotencyKeys.expiresAt, now)));
  return row ? storedResponseOf(row, request) : undefined;
}

/**
 * The same look-up as a query not run yet, to read with a write's other facts in one statement:
 * the key's stored row, if any, whose answer `storedResponseAmong` takes. In a statement built
 * once the values may be placeholders; a principal and key filled with null find nothing (a
 * request without a key).
 */
export function storedKeyRead(
  db: Db,
  request: { principal: string | Placeholder; key: string | Placeholder },
  now: Date | Placeholder,
): DeferredRead<StoredRow[]> {
  return deferRead(
    db
      .select()
      .from(idempotencyKeys)
      .where(
        and(eq(idempotencyKeys.principal, request.principal), eq(idempotencyKeys.key, request.key), gt(idempotencyKeys.expiresAt, now)),
      ),
    (rows) => rows,
  );
}

/**
 * Several requests' stored answers in one query not run yet: a burst of attempts waiting on one
 * slot asks once for all of them (booking-gate.ts). Each request then takes its own answer with
 * `storedResponseAmong`, so a reused key is refused to that request alone. The pairs travel as one
 * JSON parameter, so the statement's text is the same for any number of requests. In a statement
 * built once the pairs are a placeholder, filled by `storedRequestsValue`.
 */
export function storedResponsesRead(
  db: Db,
  requests: readonly IdempotentRequest[] | Placeholder,
  now: Date | Placeholder,
): DeferredRead<StoredRow[]> {
  const pairs = requests instanceof Placeholder ? requests : storedRequestsValue(requests);
  return deferRead(
    db
      .select()
      .from(idempotencyKeys)
      .where(
        and(
          sql`(${idempotencyKeys.principal}, ${idempotencyKeys.key}) in (select k.principal, k.key from json_to_recordset(${pairs}::json) as k(principal text, key text))`,
          gt(idempotencyKeys.expiresAt, now),
        ),
      ),
    (rows) => rows,
  );
}

/** The JSON of `storedResponsesRead`'s pairs (its placeholder's value in a statement built once). */
export function storedRequestsValue(requests: readonly IdempotentRequest[]): string {
  return JSON.stringify(requests.map(({ principal, key }) => ({ principal, key })));
}

/** This request's stored answer among rows read for one (`storedKeyRead`) or several (`storedResponsesRead`). */
export function storedResponseAmong(rows: readonly StoredRow[], request: IdempotentRequest): StoredResponse | undefined {
  const row = rows.find((r) => r.principal === request.principal && r.key === request.key);
  return row ? storedResponseOf(row, request) : undefined;
}

type StoredRow = typeof idempotencyKeys.$inferSelect;

/** A stored row's answer; a stored request that differs from this one is 422 `idempotency_key_reused`. */
function storedResponseOf(
  row: Pick<typeof idempotencyKeys.$inferSelect, 'scope' | 'requestHash' | 'responseStatus' | 'responseBody'>,
  request: IdempotentRequest,
): StoredResponse {
  if (row.requestHash !== request.requestHash || row.scope !== request.scope) {
    throw new AppError(
      'idempotency_key_reused',
      'This Idempotency-Key was already used for a different request. Use a new key for a new request.',
    );
  }
  return { status: row.responseStatus, body: row.responseBody };
}

/** A 64-bit advisory-lock id for the (principal, key) pair. */
function lockIdOf(request: IdempotentRequest): string {
  const digest = createHash('sha256').update(`${request.principal}\u0000${request.key}`).digest();
  return BigInt.asIntN(64, digest.readBigUInt64BE(0)).toString();
}

/**
 * Inside the write's transaction: takes the key (409 while another request holds it), forgets this
 * principal's expired keys, and returns the stored answer when a request with this key finished
 * meanwhile. Call before the write; the lock is released when the transaction ends.
 */
export async function claimIdempotencyKey(tx: Db, request: IdempotentRequest, now: Date): Promise<StoredResponse | undefined> {
  const result = await tx.execute(sql`select pg_try_advisory_xact_lock(${lockIdOf(request)}::bigint) as locked`);
  const locked = (result as { rows: { locked: boolean }[] }).rows[0]?.locked;
  if (!locked) {
    throw new AppError(
      'conflict',
      'A request with this Idempotency-Key is still being processed. Wait a moment, then retry with the same key.',
    );
  }
  // One round trip: the prune and the re-read share a statement (and so a snapshot); the re-read
  // only ever matches unexpired rows, which the prune never touches.
  const pruned = tx.$with('pruned').as(
    tx
      .delete(idempotencyKeys)
      .where(and(eq(idempotencyKeys.principal, request.principal), lte(idempotencyKeys.expiresAt, now)))
      .returning({ key: idempotencyKeys.key }),
  );
  const [row] = await tx
    .with(pruned)
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.principal, request.principal), eq(idempotencyKeys.key, request.key), gt(idempotencyKeys.expiresAt, now)));
  return row ? storedResponseOf(row, request) : undefined;
}

/**
 * `claimIdempotencyKey` in ONE statement: the lock, the prune and the re-read together. The re-read's
 * snapshot is taken before the lock, so a request with this key that committed in that instant is
 * not seen: its key row then refuses this request's own (23505 on `idempotency_keys_pkey`), the
 * transaction rolls back, and the caller must look the key up again (`findStoredResponse`) before
 * answering an error. Only for a caller that does so (the booking).
 */
export async function claimIdempotencyKeyInOneStatement(
  tx: Db,
  request: IdempotentRequest,
  now: Date,
): Promise<StoredResponse | undefined> {
  const result = await tx.execute(sql`
    with pruned as (
      delete from ${idempotencyKeys}
      where ${idempotencyKeys.principal} = ${request.principal} and ${idempotencyKeys.expiresAt} <= ${now.toISOString()}::timestamptz
      returning 1
    )
    select pg_try_advisory_xact_lock(${lockIdOf(request)}::bigint) as locked,
           k.scope, k.request_hash, k.response_status, k.response_body
    from (select 1) as one
    left join ${idempotencyKeys} as k
      on k.principal = ${request.principal} and k.key = ${request.key} and k.expires_at > ${now.toISOString()}::timestamptz`);
  const row = (
    result as {
      rows: {
        locked: boolean;
        scope: string | null;
        request_hash: string | null;
        response_status: number | null;
        response_body: string | null;
      }[];
    }
  ).rows[0]!;
  if (!row.locked) {
    throw new AppError(
      'conflict',
      'A request with this Idempotency-Key is still being processed. Wait a moment, then retry with the same key.',
    );
  }
  if (row.scope === null) return undefined;
  return storedResponseOf(
    { scope: row.scope, requestHash: row.request_hash!, responseStatus: Number(row.response_status), responseBody: row.response_body! },
    request,
  );
}

/** The insert of `storeResponse`, not yet sent: to go in the write's own statement (a data-modifying WITH). */
export function storeResponseInsert(db: Db, request: IdempotentRequest, response: { status: number; body: unknown }, now: Date) {
  return db.insert(idempotencyKeys).values({
    principal: request.principal,
    key: request.key,
    scope: request.scope,
    requestHash: request.requestHash,
    responseStatus: response.status,
    responseBody: JSON.stringify(response.body),
    createdAt: now,
    expiresAt: new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS),
  });
}

/** Inside the same transaction, after the write: remembers the answer for 24 hours. */
export async function storeResponse(
  tx: Db,
  request: IdempotentRequest,
  response: { status: number; body: unknown },
  now: Date,
): Promise<void> {
  await storeResponseInsert(tx, request, response, now);
}

/**
 * The whole protocol around one transactional write. Without a key the work simply runs in a
 * transaction. The work's body must be JSON-serialisable as the route sends it.
 */
export async function runIdempotent<T>(
  db: Db,
  request: IdempotentRequest | undefined,
  now: Date,
  work: (tx: Db) => Promise<{ status: number; body: T }>,
): Promise<IdempotentOutcome<T>> {
  if (request) {
    const stored = await findStoredResponse(db, request, now);
    if (stored) return { replayed: true, response: stored };
  }
  return db.transaction(async (tx) => {
    if (request) {
      const stored = await claimIdempotencyKey(tx, request, now);
      if (stored) return { replayed: true as const, response: stored };
    }
    const result = await work(tx);
    if (request) await storeResponse(tx, request, result, now);
    return { replayed: false as const, ...result };
  });
}

/** Answers a replay exactly as the first request was answered. */
export function sendStoredResponse(reply: FastifyReply, stored: StoredResponse): FastifyReply {
  return reply
    .status(stored.status)
    .header('content-type', 'application/json; charset=utf-8')
    .header('idempotent-replayed', 'true')
    .send(stored.body);
}

/** Housekeeping for a periodic job: expired keys are never read again. */
export async function pruneExpiredIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const deleted = await db.delete(idempotencyKeys).where(lte(idempotencyKeys.expiresAt, now)).returning({ key: idempotencyKeys.key });
  return deleted.length;
}
