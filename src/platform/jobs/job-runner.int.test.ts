import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Database } from '../db/database.js';
import { createLogger } from '../logger.js';
import { createTestDatabase } from '../../../test/helpers/database.js';
import { createJobRunner, deadLetterQueueName, type JobRunner } from './job-runner.js';

const logger = createLogger('silent');

function waitFor<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))]);
}

async function jobsNamed(database: Database, name: string): Promise<{ state: string; data: unknown }[]> {
  const result = await database.db.execute(sql`select state, data from pgboss.job where name = ${name} order by created_on`);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { state: string; data: unknown }[];
}

describe('job runner: enqueue with the business transaction', () => {
  let database: Database;
  let jobs: JobRunner;

  beforeAll(async () => {
    database = await createTestDatabase();
    jobs = createJobRunner({ database, logger, workers: false });
    await jobs.start();
    await jobs.defineQueue('test.tx');
  });
  afterAll(async () => {
    await jobs.stop();
    await database.close();
  });

  it('keeps a job sent in a committed transaction and leaves none from a rolled-back one', async () => {
    const committed = await database.db.transaction(async (tx) => jobs.sendInTransaction(tx, 'test.tx', { outcome: 'commit' }));
    expect(committed).toMatch(/^[0-9a-f-]{36}$/);
    let rolledBackId: string | null = null;
    await expect(
      database.db.transaction(async (tx) => {
        rolledBackId = await jobs.sendInTransaction(tx, 'test.tx', { outcome: 'rollback' });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(rolledBackId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await jobs.boss.getJobById('test.tx', committed!)).not.toBeNull();
    expect(await jobs.boss.getJobById('test.tx', rolledBackId!)).toBeNull();
    expect((await jobsNamed(database, 'test.tx')).map((j) => j.data)).toEqual([{ outcome: 'commit' }]);
  });

  it('enqueues a delayed job in a transaction (startAfter in seconds, used three times by pg-boss)', async () => {
    const id = await database.db.transaction(async (tx) => jobs.sendInTransaction(tx, 'test.tx', { outcome: 'later' }, { startAfter: 61 }));
    const job = await jobs.boss.getJobById('test.tx', id!);
    expect(job).not.toBeNull();
    expect(job!.startAfter.getTime() - job!.createdOn.getTime()).toBeGreaterThan(55_000);
  });

  it('refuses to enqueue in a transaction on an undeclared queue instead of dropping the job', async () => {
    await expect(database.db.transaction(async (tx) => jobs.sendInTransaction(tx, 'test.undeclared', {}))).rejects.toThrow(/not defined/);
  });
});

describe('job runner: retries and dead letter', () => {
  let database: Database;
  let jobs: JobRunner;

  beforeAll(async () => {
    database = await createTestDatabase();
    jobs = createJobRunner({ database, logger, pollingIntervalSeconds: 0.5 });
    await jobs.start();
  });
  afterAll(async () => {
    await jobs.stop();
    await database.close();
  });

  it('retries a failing job up to its limit, then copies it to the dead-letter queue', async () => {
    let calls = 0;
    const dead = new Promise<unknown>((resolve) => {
      void jobs.work<{ n: number }>(deadLetterQueueName('test.flaky'), async (job) => resolve(job.data), {
        deadLetter: false,
        pollingIntervalSeconds: 0.5,
      });
    });
    await jobs.work(
      'test.flaky',
      async () => {
        calls += 1;
        throw new Error('provider down');
      },
      { retryLimit: 2, retryDelaySeconds: 1, retryBackoff: false, pollingIntervalSeconds: 0.5 },
    );
    await jobs.send('test.flaky', { n: 7 });
    expect(await waitFor(dead, 15_000, 'the dead letter')).toEqual({ n: 7 });
    expect(calls).toBe(3);
    expect((await jobsNamed(database, 'test.flaky')).map((j) => j.state)).toEqual(['failed']);
  }, 20_000);
});

describe('job runner: a delayed job survives a restart', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'carewell-jobs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fires a job sent with startAfter 2 s after the runner and the database were closed and reopened', async () => {
    // PGlite: a data directory in a temp folder, closed and reopened. PostgreSQL: a fresh pool.
    const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
    const dataDir = path.join(dir, 'db');
    const keeper = onPostgres ? await createTestDatabase() : undefined;
    const reopen = async (first: boolean) =>
      keeper
        ? openPostgres(keeper.pool!.options.connectionString!, { max: 3 })
        : openPglite(first ? { dataDir, loadDataDir: new Blob([readFileSync(inject('templateDatabase'))]) } : { dataDir });
    try {
      let database = await reopen(true);
      const first = createJobRunner({ database, logger, workers: false });
      await first.start();
      const sentAt = Date.now();
      const id = await first.send('test.delayed', { remind: 'later' }, { startAfter: 2 });
      expect(id).toBeTruthy();
      await first.stop();
      await database.close();

      database = await reopen(false);
      const second = createJobRunner({ database, logger, pollingIntervalSeconds: 0.5 });
      try {
        await second.start();
        const handled = new Promise<{ data: unknown; at: number }>((resolve) => {
          void second.work('test.delayed', async (job) => resolve({ data: job.data, at: Date.now() }), { pollingIntervalSeconds: 0.5 });
        });
        const result = await waitFor(handled, 8_000, 'the delayed job');
        expect(result.data).toEqual({ remind: 'later' });
        expect(result.at - sentAt).toBeGreaterThanOrEqual(1_900);
      } finally {
        await second.stop();
        await database.close();
      }
    } finally {
      await keeper?.close();
    }
  }, 25_000);
});
