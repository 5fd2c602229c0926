import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../app.js';
import { loadConfig } from '../../../platform/config.js';
import { createJobRunner, type JobRunner } from '../../../platform/jobs/job-runner.js';
import { createLogger } from '../../../platform/logger.js';
import { api, TestClock, TEST_SECRET, type TestApp } from '../../../../test/helpers/app.js';
import { createTestDatabase } from '../../../../test/helpers/database.js';
import { createAccount } from '../../../../test/helpers/actors.js';
import { freshToken, putOnCareTeam } from '../../../../test/helpers/patients.js';
import { notifications } from '../../notifications/index.js';
import { departments, staffProfiles } from '../../staff/index.js';
import { escalateOverdueThreads, PATIENT_THREADS_ESCALATION_QUEUE, patientThreads } from '../index.js';
import { responseDueAt } from './services/messaging-settings.js';

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

const DAY = 86_400_000;

describe('patient threads: the answer clock in working days', () => {
  it('counts Monday to Friday at the same wall time, in the hospital zone', () => {
    // Friday 27 Nov 2026 09:00 UTC + 2 working days = Tuesday 1 Dec 09:00.
    expect(responseDueAt(new Date('2026-11-27T09:00:00Z'), 2, 'UTC').toISOString()).toBe('2026-12-01T09:00:00.000Z');
    // Saturday + 1 working day = Monday.
    expect(responseDueAt(new Date('2026-11-28T15:30:00Z'), 1, 'UTC').toISOString()).toBe('2026-11-30T15:30:00.000Z');
    // Across the end of daylight saving time in Paris (25 Oct 2026): the same wall time, 10:00.
    expect(responseDueAt(new Date('2026-10-23T08:00:00Z'), 1, 'Europe/Paris').toISOString()).toBe('2026-10-26T09:00:00.000Z');
  });
});

/** The sweep as a pg-boss job reading the app's injected clock (server.ts and worker.ts run it). */
describe('patient threads: escalation', () => {
  const t = {} as TestApp;
  let jobs: JobRunner;

  beforeAll(async () => {
    const database = await createTestDatabase();
    const logger = createLogger('silent');
    jobs = createJobRunner({ database, logger, pollingIntervalSeconds: 0.5 });
    await jobs.start();
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: '.cache/test-data', HOSPITAL_TIME_ZONE: 'UTC' });
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

  it('escalates an unanswered message to the department past its response time, and the answer lifts it', async () => {
    const schedules = rowsOf<{ name: string; cron: string }>(
      await t.db.execute(sql`select name, cron from pgboss.schedule where name = ${PATIENT_THREADS_ESCALATION_QUEUE}`),
    );
    expect(schedules).toEqual([{ name: PATIENT_THREADS_ESCALATION_QUEUE, cron: '*/5 * * * *' }]);

    const [department] = await t.db
      .insert(departments)
      .values({ code: 'GAST', name: 'Gastroenterology', createdAt: t.clock.now() })
      .returning();
    const patient = await createAccount(t, { role: 'patient' });
    const doctor = await createAccount(t, { role: 'doctor' });
    const onDuty = await createAccount(t, { role: 'nurse' });
    await t.db.update(staffProfiles).set({ departmentId: department!.id }).where(eq(staffProfiles.id, doctor.staffId!));
    await t.db.update(staffProfiles).set({ departmentId: department!.id }).where(eq(staffProfiles.id, onDuty.staffId!));
    await putOnCareTeam(t, patient.patientId!, doctor.staffId!);

    // Friday 09:00: the care team answers within 2 working days → Tuesday 09:00.
    const created = await api(t, 'POST', '/api/v1/patient-threads', {
      token: patient.token,
      body: { recipient: 'care_team', subject: 'Pain after the procedure', body: 'It still hurts.' },
    });
    expect(created.statusCode).toBe(201);
    const threadId: string = created.json().id;
    expect(created.json().responseDueAt).toBe('2026-12-01T09:00:00.000Z');

    t.clock.advance(3 * DAY); // Monday 09:00: not due yet.
    expect(await escalateOverdueThreads(t.db, t.clock.now())).toEqual({ escalated: 0 });

    t.clock.advance(DAY + 60_000); // Tuesday 09:01: overdue.
    await jobs.send(PATIENT_THREADS_ESCALATION_QUEUE, {});
    const escalatedAt = async () => (await t.db.select().from(patientThreads).where(eq(patientThreads.id, threadId)))[0]!.escalatedAt;
    const deadline = Date.now() + 20_000;
    while ((await escalatedAt()) === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect((await escalatedAt())?.toISOString()).toBe(t.clock.now().toISOString());
    const [row] = await t.db.select().from(patientThreads).where(eq(patientThreads.id, threadId));
    expect(row!.departmentId).toBe(department!.id);

    // The department's nurse (not on the care team) is told, and now reads it in the department's inbox.
    const [note] = await t.db.select().from(notifications).where(eq(notifications.userId, onDuty.userId));
    expect(note).toMatchObject({ title: 'A patient message needs an answer', link: `/staff/patient-messages/${threadId}` });
    const nurseToken = await freshToken(t, onDuty.userId);
    const seen = await api(t, 'GET', `/api/v1/patient-threads/${threadId}`, { token: nurseToken });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ escalated: true });
    // A second sweep does nothing more.
    expect(await escalateOverdueThreads(t.db, t.clock.now())).toEqual({ escalated: 0 });

    const answer = await api(t, 'POST', `/api/v1/patient-threads/${threadId}/messages`, {
      token: nurseToken,
      body: { body: 'Please call the ward this afternoon.' },
    });
    expect(answer.statusCode).toBe(201);
    expect(answer.json()).toMatchObject({ escalated: false, escalatedAt: null, responseDueAt: null });
  });
});
