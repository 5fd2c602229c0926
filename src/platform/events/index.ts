import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import { deleteEventsBefore } from './events.repository.js';
import { REPLAY_WINDOW_MS } from './event-stream.js';

export { publishEvent, EVENTS_CHANNEL, type EventAudience, type PublishedEvent } from './publish-event.js';
export type { EventBus, BusMessage } from './event-bus.js';
export { createEventBus } from './buses.js';
export { registerEventStreamRoutes } from './event-stream.routes.js';
export { audienceIncludes, formatSseEvent, type StreamTimings } from './event-stream.js';

const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Deletes events older than the replay window (plus an hour's margin) now and every hour; every
 * instance may do it, deleting twice is harmless. Returns the stop function.
 */
export async function startEventPruning(db: Db, clock: () => Date, logger: Logger): Promise<() => void> {
  const prune = () =>
    deleteEventsBefore(db, new Date(clock().getTime() - REPLAY_WINDOW_MS - PRUNE_INTERVAL_MS)).catch((error: Error) =>
      logger.warn({ err: { type: error.name } }, 'event pruning failed'),
    );
  const timer = setInterval(() => void prune(), PRUNE_INTERVAL_MS);
  timer.unref();
  await prune();
  return () => clearInterval(timer);
}
