import { sql } from 'drizzle-orm';
import type { Role } from '../auth/auth.tables.js';
import type { Db } from '../db/database.js';
import { insertEvent } from './events.repository.js';

/** Who may receive an event: everyone signed in, or anyone named by user, role or department. */
export type EventAudience = { everyone: true } | { userIds?: string[]; roles?: Role[]; departmentIds?: string[] };

/** The PostgreSQL channel every instance listens on; the payload is the event id only. */
export const EVENTS_CHANNEL = 'carewell_events';

export interface PublishedEvent {
  type: string;
  audience: EventAudience;
  data: Record<string, unknown>;
}

/**
 * Stores an event and signals subscribers, with the caller's handle: inside a transaction the
 * event exists (and the NOTIFY is delivered) only if the transaction commits. Subscribers read the
 * row by id, so the signal carries nothing else. Returns the event id (the SSE `id:`).
 */
export async function publishEvent(db: Db, event: PublishedEvent, now: Date): Promise<number> {
  if (!/^[a-z][a-z0-9_.-]{0,63}$/.test(event.type)) throw new Error(`invalid event type ${JSON.stringify(event.type)}`);
  const audience = event.audience;
  const everyone = 'everyone' in audience && audience.everyone === true;
  const named = everyone ? {} : (audience as { userIds?: string[]; roles?: Role[]; departmentIds?: string[] });
  const id = await insertEvent(db, {
    type: event.type,
    everyone,
    userIds: [...new Set(named.userIds ?? [])],
    roles: [...new Set(named.roles ?? [])],
    departmentIds: [...new Set(named.departmentIds ?? [])],
    data: event.data,
    createdAt: now,
  });
  await db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${String(id)})`);
  return id;
}
