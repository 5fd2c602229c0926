import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { SessionSignal } from '../auth/session-cache.js';
import type { ReferenceSignal } from '../db/reference-cache.js';
import { findEvent, type StoredEvent } from './events.repository.js';

/**
 * What an instance's streams hear: a committed event (read once per instance, filtered by each
 * stream), or `resync` when signals may have been missed (a reconnect), after which every stream
 * re-reads the events stored after the last one it sent.
 */
export type BusMessage = { kind: 'event'; event: StoredEvent } | { kind: 'resync' };
export type BusListener = (message: BusMessage) => void;

/**
 * The event bus behind one interface, chosen by configuration: in-process on PGlite, PostgreSQL
 * LISTEN/NOTIFY on a server, Redis pub/sub when REDIS_URL is set. Publishing is always
 * `publishEvent` (a row and a NOTIFY in the caller's transaction); the bus only carries signals.
 */
export interface EventBus {
  readonly kind: 'pglite' | 'postgres' | 'redis';
  start(): Promise<void>;
  stop(): Promise<void>;
  subscribe(listener: BusListener): () => void;
  /**
   * True while this instance is sure to hear every committed session signal (SESSIONS_CHANNEL);
   * the session cache is used only then.
   */
  readonly connected: boolean;
  /** Session signals: an account whose sessions changed, or 'all' when signals may have been missed. */
  subscribeSessions(listener: (signal: SessionSignal) => void): () => void;
  /** Reference-data signals (same channel, `ref:<table>`): a table changed, or 'all' when signals may have been missed. */
  subscribeReferences(listener: (signal: ReferenceSignal) => void): () => void;
}

/** Prefix of a reference-data signal on the session channel (drizzle/0028_reference_cache_invalidation.sql). */
const REFERENCE_PREFIX = 'ref:';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How many recent ids an instance remembers to drop duplicate signals (a relay hand-over). */
const RECENT_IDS = 4096;

/** Shared by every implementation: dedupes signals, reads each event once, fans out in order. */
export abstract class LocalFanout implements EventBus {
  abstract readonly kind: EventBus['kind'];
  private readonly listeners = new Set<BusListener>();
  private readonly sessionListeners = new Set<(signal: SessionSignal) => void>();
  private readonly referenceListeners = new Set<(signal: ReferenceSignal) => void>();
  private readonly recent = new Set<number>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    protected readonly db: Db,
    protected readonly logger: Logger,
  ) {}

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
  abstract get connected(): boolean;

  subscribeSessions(listener: (signal: SessionSignal) => void): () => void {
    this.sessionListeners.add(listener);
    return () => this.sessionListeners.delete(listener);
  }

  subscribeReferences(listener: (signal: ReferenceSignal) => void): () => void {
    this.referenceListeners.add(listener);
    return () => this.referenceListeners.delete(listener);
  }

  /**
   * A committed change to an account's sessions, role, flags or links (payload: the account id,
   * which is also a change of the `users` reference rows); `ref:<table>`, a change to a reference
   * table; any other payload ('api_keys': a change to an integration key) concerns every session.
   */
  protected sessionSignal(payload: string): void {
    if (payload.startsWith(REFERENCE_PREFIX)) {
      this.emitTo(this.referenceListeners, { table: payload.slice(REFERENCE_PREFIX.length) });
      return;
    }
    const account = UUID.test(payload);
    this.emitTo(this.sessionListeners, account ? { userId: payload.toLowerCase() } : 'all');
    if (account) this.emitTo(this.referenceListeners, { table: 'users' });
  }

  /** The channel dropped or came back: anything cached may have missed a signal. */
  protected sessionsReset(): void {
    this.emitTo(this.sessionListeners, 'all');
    this.emitTo(this.referenceListeners, 'all');
  }

  private emitTo<S>(listeners: Set<(signal: S) => void>, signal: S): void {
    for (const listener of listeners) {
      try {
        listener(signal);
      } catch (error) {
        this.logger.error({ err: { type: (error as Error).name } }, 'cache signal listener failed');
      }
    }
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** A committed event's id arrived: read the row once and hand it to every local stream, in arrival order. */
  protected signal(id: number): void {
    if (!Number.isSafeInteger(id) || id <= 0 || this.recent.has(id)) return;
    this.recent.add(id);
    if (this.recent.size > RECENT_IDS) this.recent.delete(this.recent.values().next().value!);
    this.chain = this.chain
      .then(async () => {
        const event = await findEvent(this.db, id);
        if (event) this.emit({ kind: 'event', event });
      })
      .catch((error: Error) => {
        this.logger.warn({ err: { type: error.name }, eventId: id }, 'event read failed; streams will resync');
        this.emit({ kind: 'resync' });
      });
  }

  protected resync(): void {
    this.chain = this.chain.then(() => this.emit({ kind: 'resync' }));
  }

  private emit(message: BusMessage): void {
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch (error) {
        this.logger.error({ err: { type: (error as Error).name } }, 'event listener failed');
      }
    }
  }
}
