import pg from 'pg';
import type { Logger } from 'pino';
import { createFaultReporter, type FaultReporter } from '../db/fault-reporter.js';

/**
 * A dedicated PostgreSQL connection that LISTENs for event ids (a pooled connection cannot hold a
 * LISTEN). It reconnects with backoff after any error; `onConnected` runs after every (re)connect
 * so the bus can resync what it missed. With `leaderLockKey` it LISTENs only while holding that
 * session advisory lock (one relay per cluster); the lock is released with the connection.
 */
export class PostgresListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private readonly faults: FaultReporter;

  constructor(
    private readonly options: {
      clientConfig: pg.ClientConfig;
      logger: Logger;
      /** The channels to LISTEN on (identifiers, never user input). */
      channels: readonly string[];
      onNotify: (payload: string, channel: string) => void;
      onConnected: () => void;
      /** Runs when an established connection is lost or stopped: signals may be missed until `onConnected`. */
      onDisconnected?: () => void;
      leaderLockKey?: number;
      leaderRetryMs?: number;
    },
  ) {
    this.faults = createFaultReporter(options.logger, options.leaderLockKey === undefined ? 'event-listener' : 'event-relay');
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect().catch((error: unknown) => this.retryAfter(error));
  }

  /** True while this instance holds a LISTENing connection. */
  get connected(): boolean {
    return this.client !== undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    if (client) this.options.onDisconnected?.();
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ ...this.options.clientConfig, application_name: 'carewell-events' });
    client.on('error', (error) => {
      this.faults.report(error);
      this.drop(client);
    });
    client.on('end', () => this.drop(client));
    client.on('notification', (message) => {
      if (message.payload && this.options.channels.includes(message.channel)) this.options.onNotify(message.payload, message.channel);
    });
    try {
      await client.connect();
      if (this.options.leaderLockKey !== undefined) {
        const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [this.options.leaderLockKey]);
        if (!rows[0]?.ok) {
          // Another instance relays; try again later in case it goes away.
          await client.end().catch(() => {});
          this.timer = setTimeout(
            () => void this.connect().catch((error: unknown) => this.retryAfter(error)),
            this.options.leaderRetryMs ?? 5_000,
          );
          this.timer.unref();
          return;
        }
      }
      for (const channel of this.options.channels) await client.query(`listen ${channel}`);
      if (this.stopped) {
        await client.end().catch(() => {});
        return;
      }
      this.client = client;
      this.failures = 0;
      this.faults.recovered();
      this.options.onConnected();
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
  }

  private drop(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.options.onDisconnected?.();
    client.end().catch(() => {});
    this.scheduleReconnect();
  }

  private retryAfter(error: unknown): void {
    this.faults.report(error);
    this.scheduleReconnect();
  }

  /**
   * Exponential backoff from 1 s, capped at 10 s: an attempt is one cheap connection, and while the
   * listener is away live streams miss signals (they resync on reconnect), so it should not lag a
   * recovered database by long. Jitter keeps many instances from reconnecting in lockstep.
   */
  private scheduleReconnect(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.failures += 1;
    const delay = Math.min(10_000, 500 * 2 ** Math.min(this.failures, 5)) * (0.8 + 0.4 * Math.random());
    this.timer = setTimeout(() => void this.connect().catch((error: unknown) => this.retryAfter(error)), delay);
    this.timer.unref();
  }
}
