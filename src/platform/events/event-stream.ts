import { PassThrough } from 'node:stream';
import type { Db } from '../db/database.js';
import { idleTimeoutFor } from '../auth/session.service.js';
import type { Role } from '../auth/auth.tables.js';
import type { BusMessage, EventBus } from './event-bus.js';
import { findStreamSubscriber, selectVisibleEventsAfter, type StoredEvent, type Subscriber } from './events.repository.js';

/** A reconnecting client resumes from stored events no older than this. */
export const REPLAY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** At most this many events are replayed on one reconnect (read in pages of REPLAY_PAGE). */
const REPLAY_MAX = 2_000;
const REPLAY_PAGE = 200;
const SENT_MEMORY = 1_024;

export interface StreamTimings {
  heartbeatMs: number;
  sessionCheckMs: number;
  retryMs: number;
}

export const DEFAULT_STREAM_TIMINGS: StreamTimings = { heartbeatMs: 25_000, sessionCheckMs: 30_000, retryMs: 3_000 };

/** Whether an event's audience names this subscriber (the per-subscriber authorization rule). */
export function audienceIncludes(
  event: Pick<StoredEvent, 'everyone' | 'userIds' | 'roles' | 'departmentIds'>,
  subscriber: Subscriber,
): boolean {
  return (
    event.everyone ||
    event.userIds.includes(subscriber.userId) ||
    event.roles.includes(subscriber.role) ||
    (subscriber.departmentId !== null && event.departmentIds.includes(subscriber.departmentId))
  );
}

export function formatSseEvent(event: Pick<StoredEvent, 'id' | 'type' | 'data'>): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/**
 * One open SSE connection. Every delivery (the initial replay, live events, resyncs) runs through
 * one promise chain, so events leave in order, and the bus subscription starts before the replay
 * so nothing committed in between is lost; ids already sent are skipped.
 */
export class EventStream {
  readonly body = new PassThrough();
  private readonly sent = new Set<number>();
  private lastId: number;
  private chain: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(
    private readonly deps: { db: Db; bus: EventBus; clock: () => Date; timings: StreamTimings; onClose: (stream: EventStream) => void },
    private subscriber: Subscriber & { sessionId: string },
    lastEventId: number,
  ) {
    this.lastId = lastEventId;
    this.body.on('close', () => this.close());
  }

  /** Subscribes, writes the retry hint, replays what the client missed, then streams live events. */
  open(resume: boolean): void {
    this.unsubscribe = this.deps.bus.subscribe((message) => this.enqueue(message));
    this.body.write(`retry: ${this.deps.timings.retryMs}\n: connected\n\n`);
    if (resume) this.enqueue({ kind: 'resync' });
    const heartbeat = setInterval(() => this.write(': heartbeat\n\n'), this.deps.timings.heartbeatMs);
    const check = setInterval(() => void this.checkSession(), this.deps.timings.sessionCheckMs);
    heartbeat.unref();
    check.unref();
    this.timers.push(heartbeat, check);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    for (const timer of this.timers) clearInterval(timer);
    if (!this.body.writableEnded) this.body.end();
    this.deps.onClose(this);
  }

  private enqueue(message: BusMessage): void {
    if (this.closed) return;
    this.chain = this.chain.then(() => (message.kind === 'event' ? this.deliver(message.event) : this.replay())).catch(() => this.close());
  }

  private deliver(event: StoredEvent): void {
    if (this.closed || this.sent.has(event.id) || !audienceIncludes(event, this.subscriber)) return;
    this.sent.add(event.id);
    if (this.sent.size > SENT_MEMORY) this.sent.delete(this.sent.values().next().value!);
    this.lastId = Math.max(this.lastId, event.id);
    this.write(formatSseEvent(event));
  }

  private async replay(): Promise<void> {
    const since = new Date(this.deps.clock().getTime() - REPLAY_WINDOW_MS);
    let after = this.lastId;
    for (let total = 0; total < REPLAY_MAX && !this.closed;) {
      const rows = await selectVisibleEventsAfter(this.deps.db, this.subscriber, after, since, REPLAY_PAGE);
      for (const row of rows) this.deliver(row);
      total += rows.length;
      if (rows.length < REPLAY_PAGE) break;
      after = rows.at(-1)!.id;
    }
  }

  /**
   * A stream ends when its session does: revoked (sign-out, disable, password reset), expired, or
   * idle. The stream itself is not activity, so it never touches the session's last-seen time.
   */
  private async checkSession(): Promise<void> {
    if (this.closed) return;
    try {
      const row = await findStreamSubscriber(this.deps.db, this.subscriber.sessionId);
      const now = this.deps.clock().getTime();
      const live =
        row &&
        !row.revokedAt &&
        !row.disabledAt &&
        row.expiresAt.getTime() > now &&
        now - row.lastSeenAt.getTime() <= idleTimeoutFor(row.role as Role);
      if (!live) return this.close();
      this.subscriber = { ...this.subscriber, role: row.role, departmentId: row.departmentId };
    } catch {
      // The database is briefly unavailable: keep the stream; the next check decides.
    }
  }

  private write(text: string): void {
    if (!this.closed && !this.body.writableEnded) this.body.write(text);
  }
}
