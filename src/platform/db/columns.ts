import { customType, integer, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/** Case-insensitive text (the citext extension): e-mail addresses compare without case. */
export const citext = customType<{ data: string }>({ dataType: () => 'citext' });

export const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
/** Optimistic concurrency: every update bumps it; `If-Match` must name the current one. */
export const version = () => integer('version').notNull().default(1);
export const instant = (name: string) => timestamp(name, { withTimezone: true });
