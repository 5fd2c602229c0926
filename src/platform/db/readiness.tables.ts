import { bigint, check, pgTable, smallint, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * One row, rewritten by every /readyz probe: readiness means the database can commit a write, not
 * only answer a SELECT (a standby after a failover, a read-only switch, WAL that cannot be flushed).
 * The table never grows: the probe updates the same row, and vacuum reclaims the old versions.
 */
export const readinessHeartbeat = pgTable(
  'readiness_heartbeat',
  {
    id: smallint('id').primaryKey(),
    beats: bigint('beats', { mode: 'number' }).notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
  },
  (table) => [check('readiness_heartbeat_single_row', sql`${table.id} = 1`)],
);
