import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from '../db/columns.js';

/**
 * Every real-time event is stored before it is signalled, so a reconnecting client can resume from
 * its last event id and a subscriber always reads the committed row (the NOTIFY payload is the id
 * only). The audience is kept in columns, not JSON, so the replay query filters with array
 * operators on indexed columns. Rows older than the replay window are pruned.
 */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    everyone: boolean('everyone').notNull().default(false),
    userIds: uuid('user_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    roles: text('roles')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    departmentIds: uuid('department_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('events_created_idx').on(t.createdAt), index('events_user_ids_idx').using('gin', t.userIds)],
);
