import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { SESSIONS_CHANNEL, type Database } from '../db/database.js';
import { createFaultReporter } from '../db/fault-reporter.js';
import { LocalFanout, type EventBus } from './event-bus.js';
import { PostgresListener } from './postgres-listener.js';
import { EVENTS_CHANNEL } from './publish-event.js';

/** The Redis channel event ids travel on between instances. */
export const REDIS_EVENTS_CHANNEL = 'carewell:events';
const RESYNC = 'resync';
/** Session signals share the Redis channel, told apart by this prefix (event ids are numbers). */
const SESSION_PREFIX = 'session:';

/**
 * PostgreSQL: this instance's own commits are heard on its pooled connections before the commit
 * returns (see Database.poolNotifications), so a request right after a sign-out on the same
 * instance never meets a stale cache entry. Returns the unsubscribe function.
 */
function hearOwnCommits(database: Database, onSession: (payload: string) => void): () => void {
  const emitter = database.poolNotifications;
  if (!emitter) return () => {};
  const listener = (channel: string, payload: string) => {
    if (channel === SESSIONS_CHANNEL) onSession(payload);
  };
  emitter.on('notification', listener);
  return () => emitter.off('notification', listener);
}
/** Session advisory lock held by the one instance that relays NOTIFY to Redis. */
const RELAY_LOCK_KEY = 0x63770001;

/** PGlite: one process owns the database, so NOTIFY (delivered on commit only) is the whole bus. */
export class PgliteEventBus extends LocalFanout {
  readonly kind = 'pglite' as const;
  private unlisten: (() => Promise<void>) | undefined;
  private unlistenSessions: (() => Promise<void>) | undefined;

  constructor(
    private readonly database: Database,
    logger: Logger,
  ) {
    super(database.db, logger);
  }

  /** PGlite calls listeners while it answers the COMMIT: a signal is heard before the commit returns. */
  get connected(): boolean {
    return this.unlistenSessions !== undefined && !this.database.pglite!.closed;
  }

  async start(): Promise<void> {
    this.unlisten = await this.database.pglite!.listen(EVENTS_CHANNEL, (payload) => this.signal(Number(payload)));
    this.unlistenSessions = await this.database.pglite!.listen(SESSIONS_CHANNEL, (payload) => this.sessionSignal(payload));
    this.sessionsReset();
  }

  async stop(): Promise<void> {
    const unlisten = [this.unlisten, this.unlistenSessions];
    this.unlisten = this.unlistenSessions = undefined;
    this.sessionsReset();
    for (const stop of unlisten) if (stop && !this.database.pglite!.closed) await stop().catch(() => {});
  }
}

/** PostgreSQL: every instance LISTENs on its own connection; NOTIFY reaches them all on commit. */
export class PostgresEventBus extends LocalFanout {
  readonly kind = 'postgres' as const;
  private readonly listener: PostgresListener;
  private unhear: (() => void) | undefined;

  constructor(
    private readonly database: Database,
    logger: Logger,
  ) {
    super(database.db, logger);
    this.listener = new PostgresListener({
      clientConfig: database.pool!.options,
      logger,
      channels: [EVENTS_CHANNEL, SESSIONS_CHANNEL],
      onNotify: (payload, channel) => (channel === SESSIONS_CHANNEL ? this.sessionSignal(payload) : this.signal(Number(payload))),
      onConnected: () => {
        this.sessionsReset();
        this.resync();
      },
      onDisconnected: () => this.sessionsReset(),
    });
  }

  get connected(): boolean {
    return this.listener.connected;
  }

  start(): Promise<void> {
    this.unhear ??= hearOwnCommits(this.database, (payload) => this.sessionSignal(payload));
    return this.listener.start();
  }

  stop(): Promise<void> {
    this.unhear?.();
    this.unhear = undefined;
    return this.listener.stop();
  }
}

/**
 * Redis pub/sub: instances hear event ids on a Redis channel. Ids reach Redis only after commit,
 * because the relay forwards NOTIFY, which PostgreSQL delivers only for committed transactions.
 * One instance relays at a time (a session advisory lock; another takes over when it dies and
 * tells every instance to resync); duplicate ids during a hand-over are dropped by the fan-out.
 * On PGlite the process is the only instance, so it relays its own NOTIFYs.
 */
export class RedisEventBus extends LocalFanout {
  readonly kind = 'redis' as const;
  private subscriber: Redis | undefined;
  private publisher: Redis | undefined;
  private relay: PostgresListener | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private unhear: (() => void) | undefined;

  constructor(
    private readonly database: Database,
    private readonly redisUrl: string,
    logger: Logger,
  ) {
    super(database.db, logger);
  }

  async start(): Promise<void> {
    const options = {
      lazyConnect: true,
      maxRetriesPerRequest: 2,
      retryStrategy: (times: number) => Math.min(30_000, 200 * 2 ** Math.min(times, 8)),
    };
    // Imported here: only multi-instance deployments use Redis, and the client slows every start.
    const { Redis } = await import('ioredis');
    const subscriber = new Redis(this.redisUrl, options);
    const publisher = new Redis(this.redisUrl, options);
    this.subscriber = subscriber;
    this.publisher = publisher;
    // ioredis reconnects by itself (retryStrategy) and emits 'error' on every failed attempt.
    for (const [connection, component] of [
      [subscriber, 'redis-subscriber'],
      [publisher, 'redis-publisher'],
    ] as const) {
      const faults = createFaultReporter(this.logger, component);
      connection.on('error', (error: Error) => faults.report(error));
      connection.on('ready', () => faults.recovered());
    }
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== REDIS_EVENTS_CHANNEL) return;
      if (message === RESYNC) {
        this.sessionsReset();
        this.resync();
      } else if (message.startsWith(SESSION_PREFIX)) this.sessionSignal(message.slice(SESSION_PREFIX.length));
      else this.signal(Number(message));
    });
    let first = true;
    subscriber.on('ready', () => {
      this.sessionsReset();
      if (first) first = false;
      else this.resync(); // ioredis re-subscribes after a reconnect; ids sent meanwhile are lost
    });
    subscriber.on('close', () => this.sessionsReset());
    await subscriber.connect();
    await subscriber.subscribe(REDIS_EVENTS_CHANNEL);
    await publisher.connect();

    const forward = (message: string) => {
      publisher
        .publish(REDIS_EVENTS_CHANNEL, message)
        .catch((error: Error) => this.logger.warn({ err: { type: error.name } }, 'event relay to redis failed'));
    };
    if (this.database.kind === 'pglite') {
      const pglite = this.database.pglite!;
      const unlistenEvents = await pglite.listen(EVENTS_CHANNEL, (payload) => forward(payload));
      // The only instance on PGlite: its own signals apply at once, Redis carries them to nobody else.
      const unlistenSessions = await pglite.listen(SESSIONS_CHANNEL, (payload) => this.sessionSignal(payload));
      this.unlisten = async () => {
        await unlistenEvents();
        await unlistenSessions();
      };
    } else {
      this.unhear = hearOwnCommits(this.database, (payload) => this.sessionSignal(payload));
      this.relay = new PostgresListener({
        clientConfig: this.database.pool!.options,
        logger: this.logger,
        leaderLockKey: RELAY_LOCK_KEY,
        channels: [EVENTS_CHANNEL, SESSIONS_CHANNEL],
        onNotify: (payload, channel) => forward(channel === SESSIONS_CHANNEL ? SESSION_PREFIX + payload : payload),
        onConnected: () => forward(RESYNC),
      });
      await this.relay.start();
    }
  }
  /**
   * Signals reach this instance while its Redis subscriber is up. A relay hand-over (the relaying
   * instance died) can lose signals for up to the relay retry; the new relay's resync empties every
   * cache, and the cache's few-second lifetime bounds the gap (docs/security.md).
   */
  get connected(): boolean {
    return this.subscriber?.status === 'ready';
  }

  async stop(): Promise<void> {
    this.unhear?.();
    this.unhear = undefined;
    await this.relay?.stop();
    if (this.unlisten && !this.database.pglite?.closed) await this.unlisten().catch(() => {});
    this.unlisten = undefined;
    for (const connection of [this.subscriber, this.publisher]) connection?.disconnect();
    this.subscriber = this.publisher = undefined;
    this.sessionsReset();
  }
}

export function createEventBus(options: { database: Database; redisUrl: string | undefined; logger: Logger }): EventBus {
  if (options.redisUrl) return new RedisEventBus(options.database, options.redisUrl, options.logger);
  if (options.database.kind === 'postgres') return new PostgresEventBus(options.database, options.logger);
  return new PgliteEventBus(options.database, options.logger);
}
