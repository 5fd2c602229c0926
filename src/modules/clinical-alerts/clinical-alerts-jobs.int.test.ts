import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../platform/config.js';
import { createJobRunner, type JobRunner } from '../../platform/jobs/job-runner.js';
import { createLogger } from '../../platform/logger.js';
import { careTeamMembers } from '../patients/index.js';
import { TestClock, TEST_SECRET, type TestApp } from '../../../test/helpers/app.js';
import { createTestDatabase } from '../../../test/helpers/database.js';
import { createAccount, createPatientRecord } from '../../../test/helpers/actors.js';
import { CLINICAL_ALERTS_ESCALATION_QUEUE, clinicalAlerts, raiseClinicalAlert } from './index.js';

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** With a job runner (server.ts, worker.ts), escalation is a pg-boss queue on a one-minute cron reading the app's clock. */
describe('clinical alerts: escalation as a background job', () => {
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
    await app.ready();
    Object.assign(t, { app, routes, db: database.db, database, clock, config, close: async () => {} });
  }, 240_000);
  afterAll(async () => {
    await t.app?.close();
    await jobs?.stop();
    await t.database?.close();
  });

  it('schedules the sweep every minute, and a run escalates what is due on the app clock', async () => {
    const schedules = rowsOf<{ name: string; cron: string }>(
      await t.db.execute(sql`select name, cron from pgboss.schedule where name = ${CLINICAL_ALERTS_ESCALATION_QUEUE}`),
    );
    expect(schedules).toEqual([{ name: CLINICAL_ALERTS_ESCALATION_QUEUE, cron: '* * * * *' }]);

    const doctor = await createAccount(t, { role: 'doctor' });
    const colleague = await createAccount(t, { role: 'doctor' });
    const patient = await createPatientRecord(t);
    await t.db
      .insert(careTeamMembers)
      .values({ patientId: patient.id, staffId: colleague.staffId!, startsAt: t.clock.now(), createdAt: t.clock.now() });
    const { id } = await t.db.transaction((tx) =>
      raiseClinicalAlert(
        tx,
        { actor: null, origin: null, now: t.clock.now() },
        {
          patientId: patient.id,
          kind: 'news2_emergency',
          severity: 'critical',
          responsible: { userId: doctor.userId },
          source: { type: 'vital_signs', id: 'set-1' },
          summary: 'NEWS2 7',
        },
      ),
    );
    t.clock.advance(15 * 60_000);
    await jobs.send(CLINICAL_ALERTS_ESCALATION_QUEUE, {});
    const step = async () => (await t.db.select().from(clinicalAlerts).where(eq(clinicalAlerts.id, id)))[0]!.escalationStep;
    const deadline = Date.now() + 20_000;
    while ((await step()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await step()).toBe(1);
  }, 60_000);
});
