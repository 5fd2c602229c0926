import { customType, integer, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/** Case-insensitive text (the citext extension): e-mail addresses compare without case. */
export const citext = customType<{ data: string }>({ dataType: () => 'citext' });

export const id = () =>
  uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`);
// No database default: every insert passes the injected clock's `now`, so the database's own clock
// can never leak into a row (tests pin time; a default would quietly use the real date).
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull();
/** Optimistic concurrency: every update bumps it; `If-Match` must name the current one. */
export const version = () => integer('version').notNull().default(1);
export const instant = (name: string) => timestamp(name, { withTimezone: true });
