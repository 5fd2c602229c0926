import { pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { instant } from '../../../platform/db/columns.js';
import { staffProfiles } from '../../staff/index.js';

/**
 * A clinician's private calendar feed: the secret URL `/calendar/feeds/<token>.ics`. Only the
 * token's SHA-256 is stored; rotating replaces it (the old URL stops working at once), disabling
 * deletes the row. One feed per clinician.
 */
export const calendarFeeds = pgTable('calendar_feeds', {
  staffId: uuid('staff_id')
    .primaryKey()
    .references(() => staffProfiles.id),
  tokenHash: text('token_hash').notNull().unique('calendar_feeds_token_hash_key'),
  /** When the current token was issued (created or last rotated). */
  issuedAt: instant('issued_at').notNull(),
});
