import { index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, instant } from '../db/columns.js';

/**
 * One row per `Idempotency-Key` a principal used on a write that must not happen twice (bookings,
 * payments, prescriptions). It is written in the same transaction as the write it guards, so a
 * rolled-back write forgets its key; the stored status and body are replayed to a retry.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** Who sent the key: `user:<id>` or `api_key:<id>`. Keys of different principals never meet. */
    principal: text('principal').notNull(),
    key: text('key').notNull(),
    /** The route the key was used on, e.g. `POST /api/v1/appointments`. */
    scope: text('scope').notNull(),
    /** SHA-256 of the method, path and canonical JSON body: a different body under the same key is refused. */
    requestHash: text('request_hash').notNull(),
    responseStatus: integer('response_status').notNull(),
    /** The JSON body exactly as first sent; only ever replayed to the same principal, and gone after 24 h. */
    responseBody: text('response_body').notNull(),
    createdAt: createdAt(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'idempotency_keys_pkey', columns: [t.principal, t.key] }),
    index('idempotency_keys_expires_idx').on(t.expiresAt),
  ],
);
