import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database, Db } from '../db/database.js';
import { createFaultReporter } from '../db/fault-reporter.js';
import { pgliteExecutor, transactionExecutor } from './executors.js';

/** pg-boss keeps its tables in their own schema, installed and upgraded by pg-boss itself on start. */
export const JOBS_SCHEMA = 'pgboss';

export interface QueueOptions {
  /** Attempts after the first (pg-boss `retryLimit`). */
  retryLimit?: number;
  /** Base delay; with `retryBackoff` pg-boss doubles it per retry (with jitter). */
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** A job that exhausts its retries is copied to the queue `dead-letter.<name>`. Default true. */
  deadLetter?: boolean;
  expireInSeconds?: number;
}

export interface SendOptions {
  /** A Date, or a number of SECONDS from now (pg-boss semantics). */
  startAfter?: Date | number;
  /** With the standard policy, two jobs with the same key are not both queued while one is waiting. */
  singletonKey?: string;
  retryLimit?: number;
}

export interface WorkOptions extends QueueOptions {
  pollingIntervalSeconds?: number;
}

export interface JobContext<T> {
  id: string;
  name: string;
  data: T;
}

export interface JobRunner {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Declares a queue (idempotent). `send`/`work` declare theirs too; `sendInTransaction` needs it done first. */
  defineQueue(name: string, options?: QueueOptions): Promise<void>;
  send(name: string, data: object, options?: SendOptions): Promise<string | null>;
  /** Enqueues with the caller's transaction handle: the job exists only if the transaction commits. */
  sendInTransaction(tx: Db, name: string, data: object, options?: SendOptions): Promise<string | null>;
  work<T extends object>(name: string, handler: (job: JobContext<T>) => Promise<unknown>, options?: WorkOptions): Promise<void>;
  /** Cron in UTC; pg-boss fires a schedule at most once a minute (its timekeeper's granularity). */
  schedule(name: string, cron: string, data?: object): Promise<void>;
  /** The underlying pg-boss, for inspection (tests, admin tooling). */
  readonly boss: PgBoss;
}

export function deadLetterQueueName(name: string): string {
  return `dead-letter.${name}`;
}

const DEFAULT_QUEUE: Required<Omit<QueueOptions, 'expireInSeconds'>> = {
  retryLimit: 5,
  retryDelaySeconds: 30,
  retryBackoff: true,
  deadLetter: true,
};

/**
 * Background jobs over pg-boss on the application's own database: PGlite through an executor on
 * its single session, PostgreSQL through a small pool of pg-boss's own. `workers: false` makes an
 * enqueue-only runner (a web process when workers run elsewhere): no maintenance, no cron.
 */
export function createJobRunner(options: {
  database: Database;
  logger: Logger;
  workers?: boolean;
  pollingIntervalSeconds?: number;
}): JobRunner {
  const { database, logger } = options;
  const boss = createPgBoss(database, options.workers ?? true, options.pollingIntervalSeconds ?? 2);
  // pg-boss retries its polling, maintenance and cron on its own; during an outage it emits an
  // error on every attempt. Logged once per outage, by type and code only: pg-boss messages can
  // quote job data or SQL values. Without a listener an 'error' event would end the process.
  const faults = createFaultReporter(logger, 'jobs');
  boss.on('error', (error: Error) => faults.report(error));

  const queues = new Map<string, QueueOptions>();
  const created = new Set<string>();
  let started = false;
  const inFlight = new Set<Promise<unknown>>();

  // Creating queues runs DDL; two at once deadlock on PostgreSQL, so this runner makes them in turn.
  let queueLock: Promise<unknown> = Promise.resolve();
  function createQueue(name: string): Promise<void> {
    const next = queueLock.then(() => createQueueNow(name));
    queueLock = next.catch(() => {});
    return next;
  }

  async function createQueueNow(name: string, retried = false): Promise<void> {
    if (created.has(name)) return;
    try {
      await createQueueOnce(name);
    } catch (error) {
      // Another process creating queues at the same moment (worker and web starting together).
      if (!retried && (error as { code?: string }).code === '40P01') return createQueueNow(name, true);
      throw error;
    }
  }

  async function createQueueOnce(name: string): Promise<void> {
    await createOrUpdateQueue(boss, name, queues.get(name));
    created.add(name);
  }

  return {
    boss,
    async start() {
      if (started) return;
      await boss.start();
      started = true;
      for (const name of queues.keys()) await createQueue(name);
    },
    async stop() {
      if (!started) return;
      started = false;
      await boss.stop({ graceful: true, timeout: 10_000, wait: true });
      // pg-boss completes a job without awaiting it; let those writes land before the database closes.
      await Promise.allSettled([...inFlight]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      created.clear();
    },
    async defineQueue(name, queueOptions = {}) {
      queues.set(name, { ...queues.get(name), ...queueOptions });
      created.delete(name);
      if (started) await createQueue(name);
    },
    async send(name, data, sendOptions) {
      if (!queues.has(name)) queues.set(name, {});
      await createQueue(name);
      return boss.send(name, data, toPgBossOptions(sendOptions));
    },
    async sendInTransaction(tx, name, data, sendOptions) {
      // Creating a queue here would reach for the outer handle inside the caller's transaction.
      if (!created.has(name)) throw new Error(`Job queue "${name}" is not defined: call jobs.defineQueue("${name}") at start-up`);
      return boss.send(name, data, { ...toPgBossOptions(sendOptions), db: transactionExecutor(tx) });
    },
    async work(name, handler, workOptions = {}) {
      const { pollingIntervalSeconds, ...queueOptions } = workOptions;
      queues.set(name, { ...queues.get(name), ...queueOptions });
      created.delete(name);
      await createQueue(name);
      await boss.work<object>(name, { batchSize: 1, ...(pollingIntervalSeconds ? { pollingIntervalSeconds } : {}) }, async (jobs) => {
        for (const job of jobs) {
          const run = handler({ id: job.id, name: job.name, data: job.data as never });
          inFlight.add(run);
          try {
            await run;
            faults.recovered();
          } finally {
            inFlight.delete(run);
          }
        }
      });
    },
    async schedule(name, cron, data = {}) {
      if (!queues.has(name)) queues.set(name, {});
      await createQueue(name);
      await boss.schedule(name, cron, data, { tz: 'UTC' });
    },
  };
}

/** pg-boss on the application's database; with `workers` it also supervises queues and runs cron. */
function createPgBoss(database: Database, workers: boolean, pollingIntervalSeconds: number): PgBoss {
  const common = {
    schema: JOBS_SCHEMA,
    supervise: workers,
    schedule: workers,
    migrate: true,
    pollingIntervalSeconds,
  };
  return database.kind === 'pglite'
    ? new PgBoss({ ...common, db: pgliteExecutor(database.pglite!) })
    : new PgBoss({ ...common, connectionString: database.pool!.options.connectionString, max: 3, application_name: 'carewell-jobs' });
}

/** Creates a queue (and its dead-letter queue) with the settings asked for, or applies changed settings. */
async function createOrUpdateQueue(boss: PgBoss, name: string, options: QueueOptions | undefined): Promise<void> {
  const settings = { ...DEFAULT_QUEUE, ...options };
  const deadLetter = settings.deadLetter ? deadLetterQueueName(name) : undefined;
  if (deadLetter) await boss.createQueue(deadLetter, { name: deadLetter, retryLimit: 0 });
  const queue = {
    name,
    retryLimit: settings.retryLimit,
    retryDelay: settings.retryDelaySeconds,
    retryBackoff: settings.retryBackoff,
    ...(settings.expireInSeconds ? { expireInSeconds: settings.expireInSeconds } : {}),
    ...(deadLetter ? { deadLetter } : {}),
  };
  await boss.createQueue(name, queue);
  // create_queue ignores an existing queue: apply changed settings too.
  await boss.updateQueue(name, queue);
}

function toPgBossOptions(send: SendOptions | undefined): PgBoss.SendOptions {
  return {
    ...(send?.startAfter !== undefined ? { startAfter: send.startAfter } : {}),
    ...(send?.singletonKey ? { singletonKey: send.singletonKey } : {}),
    ...(send?.retryLimit !== undefined ? { retryLimit: send.retryLimit } : {}),
  };
}
