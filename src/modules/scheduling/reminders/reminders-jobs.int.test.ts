import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../app.js';
import { loadConfig } from '../../../platform/config.js';
import { createJobRunner, type JobRunner } from '../../../platform/jobs/job-runner.js';
import { createLogger } from '../../../platform/logger.js';
import { TestClock, TEST_SECRET, type TestApp } from '../../../../test/helpers/app.js';
import { createTestDatabase } from '../../../../test/helpers/database.js';
import { createAccount } from '../../../../test/helpers/actors.js';
import { REMINDERS_QUEUE } from './reminders.module.js';
import { bookAs, notificationsOf, openClinic, remindersOf } from './reminders-test-support.js';

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** With a job runner (server.ts, worker.ts), the sweep is a pg-boss queue on a one-minute cron. */
describe('reminders: the sweep as a background job', () => {
  const t = {} as TestApp;
  let jobs: JobRunner;

  beforeAll(async () => {
    const database = await createTestDatabase();
    const logger = createLogger('silent');
    jobs = createJobRunner({ database, logger, pollingIntervalSeconds: 0.5 });
    await jobs.start();
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: '.cache/test-data' });
    const clock = new TestClock();
    const { app, routes } = await buildApp({ config, database, logger, appSecret: TEST_SECRET, clock: clock.now, jobs });
    Object.assign(t, { app, routes, db: database.db, database, clock, config, close: async () => {} });
  });
  afterAll(async () => {
    await t.app?.close();
    await jobs?.stop();
    await t.database?.close();
  });

  it('schedules the sweep every minute, and a run of the job sends the due reminders', async () => {
    const schedules = rowsOf<{ name: string; cron: string }>(
      await t.db.execute(sql`select name, cron from pgboss.schedule where name = ${REMINDERS_QUEUE}`),
    );
    expect(schedules).toEqual([{ name: REMINDERS_QUEUE, cron: '* * * * *' }]);

    const { doctor, followUp } = await openClinic(t);
    const patient = await createAccount(t, { role: 'patient' });
    const booked = await bookAs(t, patient, { staffId: doctor.staffId, visitTypeId: followUp, startsAt: '2026-11-28T09:30:00Z' });
    // The app's clock reaches the 24-hour reminder; the job reads it.
    t.clock.current = new Date('2026-11-27T09:31:00Z');
    await jobs.send(REMINDERS_QUEUE, {});
    const deadline = Date.now() + 10_000;
    while ((await remindersOf(t, booked.id))[0]!.status !== 'sent' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect((await remindersOf(t, booked.id)).map((r) => r.status)).toEqual(['sent', 'scheduled']);
    expect(await notificationsOf(t, patient.userId, 'scheduling.notice_reminder')).toHaveLength(1);
  }, 20_000);
});
