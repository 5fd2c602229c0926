import { pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from '../db/columns.js';

/**
 * One row per submitted HTML form key, so a double click acts once: the second submission is sent
 * where the first one went. Rows for failed submissions are removed so a corrected form can be sent.
 */
export const formSubmissions = pgTable('form_submissions', {
  key: text('key').primaryKey(),
  sessionId: uuid('session_id'),
  location: text('location'),
  createdAt: createdAt(),
});
