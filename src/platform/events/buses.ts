import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { createFaultReporter } from '../db/fault-reporter.js';
import { LocalFanout, type EventBus } from './event-bus.js';
import { PostgresListener } from './postgres-listener.js';
import { EVENTS_CHANNEL } from './publish-event.js';

/** The Redis channel event ids travel on between instances. */
export const REDIS_EVENTS_CHANNEL = 'carewell:events';
const RESYNC = 'resync';
/** Session advisory lock held by the one instance that relays NOTIFY to Redis. */
const RELAY_LOCK_KEY = 0x63770001;

/** PGlite: one process owns the database, so NOTIFY (delivered on commit only) is the whole bus. */
export class PgliteEventBus extends LocalFanout {
  readonly kind = 'pglite' as const;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly database: Database,
    logger: Logger,
  ) {
    super(database.db, logger);
  }

  async start(): Promise<void> {
    this.unlisten = await this.database.pglite!.listen(EVENTS_CHANNEL, (payload) => this.signal(Number(payload)));
  }

  async stop(): Promise<void> {
    const unlisten = this.unlisten;
    this.unlisten = undefined;
    if (unlisten && !this.database.pglite!.closed) await unlisten().catch(() => {});
  }
}

/** PostgreSQL: every instance LISTENs on its own connection; NOTIFY reaches them all on commit. */
export class PostgresEventBus extends LocalFanout {
  readonly kind = 'postgres' as const;
  private readonly listener: PostgresListener;

  constructor(database: Database, logger: Logger) {
    super(database.db, logger);
    this.listener = new PostgresListener({
      clientConfig: database.pool!.options,
      logger,
      onNotify: (payload) => this.signal(Number(payload)),
      onConnected: () => this.resync(),
    });
  }

  start(): Promise<void> {
    return this.listener.start();
  }

  stop(): Promise<void> {
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
      if (message === RESYNC) this.resync();
      else this.signal(Number(message));
    });
    let first = true;
    subscriber.on('ready', () => {
      if (first) first = false;
      else this.resync(); // ioredis re-subscribes after a reconnect; ids sent meanwhile are lost
    });
    await subscriber.connect();
    await subscriber.subscribe(REDIS_EVENTS_CHANNEL);
    await publisher.connect();

    const forward = (message: string) => {
      publisher
        .publish(REDIS_EVENTS_CHANNEL, message)
        .catch((error: Error) => this.logger.warn({ err: { type: error.name } }, 'event relay to redis failed'));
    };
    if (this.database.kind === 'pglite') {
      this.unlisten = await this.database.pglite!.listen(EVENTS_CHANNEL, (payload) => forward(payload));
    } else {
      this.relay = new PostgresListener({
        clientConfig: this.database.pool!.options,
        logger: this.logger,
        leaderLockKey: RELAY_LOCK_KEY,
        onNotify: forward,
        onConnected: () => forward(RESYNC),
      });
      await this.relay.start();
    }
  }

  async stop(): Promise<void> {
    await this.relay?.stop();
    if (this.unlisten && !this.database.pglite?.closed) await this.unlisten().catch(() => {});
    this.unlisten = undefined;
    for (const connection of [this.subscriber, this.publisher]) connection?.disconnect();
    this.subscriber = this.publisher = undefined;
  }
}

export function createEventBus(options: { database: Database; redisUrl: string | undefined; logger: Logger }): EventBus {
  if (options.redisUrl) return new RedisEventBus(options.database, options.redisUrl, options.logger);
  if (options.database.kind === 'postgres') return new PostgresEventBus(options.database, options.logger);
  return new PgliteEventBus(options.database, options.logger);
}
